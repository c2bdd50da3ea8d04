import type { CliIo } from '../../src/cli/cli-io.js';
import type { Engine } from '../../src/engine/engine.js';

/** A CliIo that records what the CLI prints, for tests; it has no engine. */
export function recordingIo(cwd: string): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    cwd,
    env: {},
    engine: (): Engine => {
      throw new Error('this test has no engine');
    },
  };
}
