/** What one run of the benchmark found, and the figures derived from it (scaling, bytes per entry, targets). */
import type { BuildOrderResult } from './build-order.js';
import type { DiffoscopeResult } from './diffoscope-compare.js';
import type { DriftResult } from './drift-run.js';
import type { Machine } from './machine.js';
import { linearFit } from './measure.js';
import type { PairResult } from './pair-bench.js';

/** A straight line through the medians, and how well it fits. */
export interface Fit {
  /** Milliseconds per unit of x (per GB, per 1,000 files). */
  slope: number;
  intercept: number;
  r2: number;
}

export interface BenchResults {
  machine: Machine;
  options: { quick: boolean; runs: number; only?: string[] };
  /** Every pair measured, the main pair first. */
  pairs: PairResult[];
  scaling: {
    /** Names of the pairs of each scale, in order. */
    size: string[];
    count: string[];
    /** repro-check's median time against the bytes of file content (ms per GB). */
    sizeFit: Fit;
    /** repro-check's median time against the file count (ms per 1,000 files). */
    countFit: Fit;
  };
  memory: {
    /** Peak RSS growth per entry the two trees hold (both images' files and directories), fit over the file-count pairs. */
    bytesPerEntry: number;
    fit: Fit;
    /** The same growth between the two largest file-count pairs only, where fixed costs weigh least. */
    marginalBytesPerEntry?: number;
    /** Peak RSS of the 250 MB and 1 GB pairs at 12,000 files, and the larger over the smaller. */
    at250MB?: number;
    at1GB?: number;
    spread?: number;
  };
  diffoscope: DiffoscopeResult | { skipped: string };
  builds: BuildOrderResult | { skipped: string };
  drift: DriftResult | { skipped: string };
  targets: Target[];
}

export interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

/** Entries the two trees of a pair hold: each image's files, their directories, `/data`. */
export function entriesOf(pair: { files: number }): number {
  return 2 * (pair.files + Math.ceil(pair.files / 100) + 1);
}

export function fitOf(pairs: PairResult[], x: (p: PairResult) => number, y: (p: PairResult) => number): Fit {
  return linearFit(pairs.map((p) => ({ x: x(p), y: y(p) })));
}

/** The registry pair of bench-sets.ts (issue 15), held to its own targets. */
const REGISTRY_PAIR_NAME = '250MB-12k-registry';

/** Pairs held to the time and memory targets: the main pair (issue 7) and the pairs users have (issue 16). */
const HELD_PAIRS = ['250MB-12k', '250MB-12k-mtimes', '250MB-12k-mtimes-gzip'];

/** Checks the issues' targets against the results. */
export function checkTargets(r: Omit<BenchResults, 'targets'>): Target[] {
  const targets: Target[] = [];
  for (const pair of r.pairs.filter((p) => HELD_PAIRS.includes(p.name))) {
    targets.push(
      { name: `diff of ${pair.name} with JSON report, against its floor`, target: '≤ 1.10×', measured: `${pair.median.ratio.toFixed(2)}×`, met: pair.median.ratio <= 1.1 },
      { name: `peak RSS, ${pair.name}`, target: '≤ 150 MiB', measured: `${pair.median.rssMiB.toFixed(0)} MiB`, met: pair.median.rssMiB <= 150 },
    );
    if (pair.gzipCpuMs !== undefined) {
      const ratio = pair.median.cpuMs / pair.gzipCpuMs;
      targets.push({ name: `CPU time of ${pair.name} against \`gzip -dc | sha256sum\` over its blobs`, target: '≤ 1.2×', measured: `${(pair.median.cpuMs / 1000).toFixed(2)} / ${(pair.gzipCpuMs / 1000).toFixed(2)} s = ${ratio.toFixed(2)}×`, met: ratio <= 1.2 });
    }
  }
  // Issue 15: verify's comparison from a registry, against skopeo pulling both images' blobs at once.
  for (const pair of r.pairs.filter((p) => p.name === REGISTRY_PAIR_NAME)) {
    targets.push(
      { name: `diff of ${pair.name} (verify's comparison, both images from a local registry), against skopeo copy of both`, target: '≤ 1.20×', measured: `${pair.median.ratio.toFixed(2)}×`, met: pair.median.ratio <= 1.2 },
      { name: `peak RSS, ${pair.name}`, target: '≤ 150 MiB', measured: `${pair.median.rssMiB.toFixed(0)} MiB`, met: pair.median.rssMiB <= 150 },
    );
    // Not the target: the floor above inflates nothing, so this says how near repro-check's work is to inflating the layers alone.
    if (pair.gzipCpuMs !== undefined) {
      const ratio = pair.median.cpuMs / pair.gzipCpuMs;
      targets.push({ name: `(for reference) CPU time of ${pair.name} against \`gzip -dc | sha256sum\` over its blobs`, target: '≤ 1.2×', measured: `${(pair.median.cpuMs / 1000).toFixed(2)} / ${(pair.gzipCpuMs / 1000).toFixed(2)} s = ${ratio.toFixed(2)}×`, met: ratio <= 1.2 });
    }
  }
  if (r.memory.spread !== undefined) {
    targets.push({ name: 'peak RSS, 1 GB against 250 MB', target: 'within 20%', measured: `${((r.memory.spread - 1) * 100).toFixed(0)}%`, met: r.memory.spread <= 1.2 });
  }
  if (r.scaling.size.length >= 3) targets.push({ name: 'time against image size', target: 'linear', measured: `R² ${r.scaling.sizeFit.r2.toFixed(3)}`, met: r.scaling.sizeFit.r2 >= 0.95 });
  if (r.scaling.count.length >= 3) targets.push({ name: 'time against file count', target: 'linear', measured: `R² ${r.scaling.countFit.r2.toFixed(3)}`, met: r.scaling.countFit.r2 >= 0.95 });
  if ('diffoscopeMs' in r.diffoscope) {
    const d = r.diffoscope;
    targets.push({ name: 'same differing paths as diffoscope', target: 'same set', measured: d.agreement.same ? `same ${d.paths.length} paths` : `${d.agreement.onlyDiffoscope.length} only in diffoscope, ${d.agreement.onlyReproCheck.length} only in repro-check`, met: d.agreement.same });
    targets.push({ name: 'faster than diffoscope', target: '≥ 20×', measured: `${d.speedRatio.toFixed(1)}×`, met: d.speedRatio >= 20 });
  }
  if ('readCompareMs' in r.drift) {
    targets.push({ name: `drift, ${r.drift.entries.toLocaleString('en')} entries per side, read and compared`, target: '< 5 s', measured: `${(r.drift.readCompareMs / 1000).toFixed(2)} s`, met: r.drift.readCompareMs < 5000 });
  }
  return targets;
}
