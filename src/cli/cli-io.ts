import type { CheckAbortedError } from '../engine/build-errors.js';
import type { Engine } from '../engine/engine.js';

/** Where the CLI writes; a test passes its own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Makes the engine, stopping its builds and saves when `signal` aborts; called only when a command needs one. */
  engine: (signal?: AbortSignal) => Engine;
  /** Whether stdout is a terminal that takes colours (and NO_COLOR is unset). */
  color?: boolean;
  /** Width of the terminal stderr writes to, or undefined when it is not a terminal (CI logs, pipes). */
  terminalColumns?: number;
  /** Lets the process's interrupts stop the run; returns a function that stops listening. */
  onInterrupt?: (stop: (reason: CheckAbortedError) => void) => () => void;
}
