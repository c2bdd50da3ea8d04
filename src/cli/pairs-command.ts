import { CheckAbortedError } from '../engine/build-errors.js';
import type { Engine } from '../engine/engine.js';
import { runPairs, type PairsPlan } from '../check/pairs-run.js';
import { renderSummaryText } from '../report/pairs-summary.js';
import { InputError } from '../settings.js';
import { VERSION } from '../version.js';

/** How a many-pair run prints: JSON summary, nothing but errors, stack traces, a time limit for the whole run. */
export interface PairsOutput {
  json: boolean;
  quiet: boolean;
  debug: boolean;
  timeoutSeconds?: number;
}

/** `diff --pairs FILE` or `verify --pairs FILE`, parsed: every pair's settings, ready to run. */
export type PairsCommand = { command: 'pairs'; file: string; reportDir?: string; output: PairsOutput } & PairsPlan;

/** What the runner needs of the CLI's I/O. */
export interface PairsIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Makes the engine; called once, and that one engine serves every pair. */
  engine: (signal?: AbortSignal) => Engine;
  onInterrupt?: (stop: (reason: CheckAbortedError) => void) => () => void;
}

/** Options a single pair takes that a many-pair run refuses: each names one file, and there are many pairs. */
export function refuseSingleFiles(values: Record<string, unknown>, names: readonly string[]): void {
  const given = names.filter((name) => values[name] !== undefined);
  if (given.length > 0) throw new InputError(`--pairs writes one report per pair into the --report directory; ${given.map((name) => `--${name}`).join(', ')} ${given.length === 1 ? 'names' : 'name'} one file and cannot be used with it`);
}

/**
 * Runs `diff --pairs` or `verify --pairs` (`src/check/pairs-run.ts`) under the run's timeout and
 * interrupts, prints progress to stderr and one summary table (or its JSON) to stdout, and returns
 * the worst pair's exit status (130 or 143 when interrupted).
 */
export async function runPairsCommand(command: PairsCommand, io: PairsIo, describeError: (error: unknown) => string): Promise<number> {
  const stopper = new AbortController();
  const stop = (reason: CheckAbortedError) => stopper.abort(reason);
  const { output } = command;
  const timer = output.timeoutSeconds ? setTimeout(() => stop(new CheckAbortedError(`timed out after ${output.timeoutSeconds} s`)), output.timeoutSeconds * 1000) : undefined;
  const stopListening = io.onInterrupt?.(stop);
  let engine: Engine | undefined;
  try {
    const summary = await runPairs(command, {
      engine: () => (engine ??= io.engine(stopper.signal)),
      version: VERSION,
      signal: stopper.signal,
      ...(command.reportDir ? { reportDir: command.reportDir } : {}),
      ...(output.quiet || output.json ? {} : { progress: (line: string) => io.stderr(`${line}\n`) }),
      // A stopped pair fails with whatever its aborted request threw; say why it stopped instead.
      describeError: (error) => describeError(stopper.signal.aborted ? new CheckAbortedError(`${(stopper.signal.reason as Error).message}; the images it built were removed`) : error),
      failed: (error) => {
        if (output.debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
      },
    });
    if (output.json) io.stdout(JSON.stringify(summary, null, 2) + '\n');
    else if (!output.quiet) io.stdout(renderSummaryText(summary.rows));
    const reason = stopper.signal.aborted ? (stopper.signal.reason as Error).message : '';
    if (/SIGINT/.test(reason)) return 130;
    if (/SIGTERM/.test(reason)) return 143;
    return summary.exitStatus;
  } finally {
    clearTimeout(timer);
    stopListening?.();
  }
}
