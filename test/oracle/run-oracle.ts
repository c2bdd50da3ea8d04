import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./verdicts.py', import.meta.url));
// Debian's own interpreter (scripts/test-tools.sh installs it): a pyenv shim may point elsewhere.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** One path whose merged file systems differ beyond timestamps, as the oracle sees it. */
export interface OracleChange {
  path: string;
  kind: 'added' | 'removed' | 'modified';
  aspects: string[];
}

/** What test/oracle/verdicts.py computes from two `docker save` archives. */
export interface OracleResult {
  verdicts: { strict: boolean; layers: boolean; content: boolean };
  images: { configDigest: string; diffIds: string[]; files: number }[];
  contentChanges: OracleChange[];
}

/** Runs the independent Python reader on two archives. */
export async function runOracle(a: string, b: string): Promise<OracleResult> {
  const { stdout } = await run(PYTHON, [SCRIPT, a, b], { maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(stdout) as OracleResult;
}
