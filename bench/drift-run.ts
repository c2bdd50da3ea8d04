/**
 * Runs the drift benchmark (bench/drift-bench.ts, kept by the drift work) when it exists, and
 * picks its figures out of its output; its own code is left as it is.
 */
import { access } from 'node:fs/promises';
import { run } from './measure.js';

export interface DriftResult {
  entries: number;
  /** Both manifests read and compared. */
  readCompareMs: number;
  peakRssMiB: number;
  /** The benchmark's own lines, as it printed them. */
  output: string[];
}

const DRIFT_BENCH = new URL('./drift-bench.ts', import.meta.url).pathname;
const TSX = new URL('../node_modules/.bin/tsx', import.meta.url).pathname;

export async function runDriftBench(): Promise<DriftResult | { skipped: string }> {
  if (!(await access(DRIFT_BENCH).then(() => true, () => false))) return { skipped: 'bench/drift-bench.ts does not exist' };
  const result = await run(TSX, [DRIFT_BENCH], { allowFailure: true });
  if (result.exitCode !== 0) return { skipped: `bench/drift-bench.ts failed (exit ${result.exitCode}): ${result.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  const output = result.stdout.trim().split('\n');
  const number = (pattern: RegExp) => {
    const match = pattern.exec(result.stdout);
    return match ? Number(match[1]) : NaN;
  };
  return {
    entries: number(/entries: (\d+) baseline/),
    readCompareMs: number(/read \+ compare: ([\d.]+) s/) * 1000,
    peakRssMiB: number(/peak RSS: (\d+) MiB/),
    output,
  };
}
