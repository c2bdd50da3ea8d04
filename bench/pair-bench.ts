/**
 * Measures one pair: the floor and repro-check's full `diff` with the JSON report, alternately in
 * the same run, so both see the same engine, page cache and load. Three floors:
 * - images in the engine: both `docker save` streams read and hashed at once, as
 *   `docker save A | sha256sum & docker save B | sha256sum & wait`;
 * - saves whose layers are gzip blobs (bench/gzip-save.ts), read as archive files: both archives
 *   at once through bench/gzip-floor.py (outer tar streamed, every blob hashed, inflated and its
 *   tar hashed); and, once per pair, the CPU time of `gzip -dc | sha256sum` over the same blobs;
 * - images in a local registry (bench/registry-sides.ts): both pulled at once by `skopeo copy
 *   docker://… dir:…`, against repro-check's diff of the two registry references.
 */
import { readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuiltPair } from './bench-images.js';
import { gzipSave } from './gzip-save.js';
import { median, run } from './measure.js';
import { registrySides, SKOPEO_FLOOR } from './registry-sides.js';

/** The bundled CLI the benchmark measures, as users run it. */
export const CLI = new URL('../dist/cli.cjs', import.meta.url).pathname;

const SAVE_FLOOR = 'docker save "$0" | sha256sum & docker save "$1" | sha256sum & wait';
const GZIP_FLOOR_SCRIPT = new URL('./gzip-floor.py', import.meta.url).pathname;
const GZIP_FLOOR = `python3 ${GZIP_FLOOR_SCRIPT} "$0" & python3 ${GZIP_FLOOR_SCRIPT} "$1" & wait`;
/** Where the re-packed gzip saves are kept between runs (named by tag, so by content). */
const GZIP_DIR = join(tmpdir(), 'repro-check-bench-gzip');

/** One change as the JSON report lists it. */
export interface ReportedChange {
  layer: number;
  path: string;
  kind: string;
  aspects: string[];
}

/** Everything measured for one pair, every run kept. */
export interface PairResult {
  name: string;
  files: number;
  bytes: number;
  tags: { a: string; b: string };
  /** What the floor runs, in words. */
  floor: string;
  /** Bytes of both save streams (or archives). */
  saveBytes: number;
  floorMs: number[];
  reproCheckMs: number[];
  rssKiB: number[];
  /** repro-check's user + system CPU time per run. */
  cpuMs: number[];
  /** The 1-minute load average when each run started. */
  load: number[];
  /** For gzip and registry pairs: the CPU time of `gzip -dc | sha256sum` over both images' layer blobs (median of three). */
  gzipCpuMs?: number;
  /** The report's `timings`, per phase, one value per run. */
  timings: Record<string, number[]>;
  median: { floorMs: number; reproCheckMs: number; ratio: number; rssMiB: number; cpuMs: number; timings: Record<string, number> };
  /** Changes of the report: those it lists, and the timestamp-only ones it counts (as many paths as it keeps). */
  changes: ReportedChange[];
  /** Changes counted in the report (listed or not). */
  changeCount: number;
  verdicts: Record<string, boolean>;
}

interface Report {
  timings: Record<string, number>;
  changes: ReportedChange[];
  timestampOnly?: { layer: number; count: number; paths: string[] }[];
  counts: { changes: number };
  verdicts: Record<string, boolean>;
}

/** The floor once; returns its wall time. */
async function floor(script: string, a: string, b: string, lines: number): Promise<number> {
  const result = await run('bash', ['-c', script, a, b]);
  if (result.stdout.trim().split('\n').length !== lines) throw new Error(`floor: expected ${lines} lines, got ${JSON.stringify(result.stdout)}`);
  return result.wallMs;
}

/** Bytes of one image's save stream. */
async function saveSize(tag: string): Promise<number> {
  const result = await run('bash', ['-c', 'docker save "$0" | wc -c', tag]);
  return Number(result.stdout.trim());
}

/** repro-check's `diff` once, under GNU time; returns the wall time, peak RSS, CPU time and the report. */
async function reproCheck(a: string, b: string, reportPath: string): Promise<{ wallMs: number; rssKiB: number; cpuMs: number; report: Report }> {
  const result = await run(process.execPath, [CLI, 'diff', a, b, '--report', reportPath, '--quiet'], { rss: true, okCodes: [1] });
  if (result.maxRssKiB === undefined || result.cpuMs === undefined) throw new Error(`no peak RSS or CPU time in GNU time's output: ${result.stderr.slice(-300)}`);
  const report = JSON.parse(await readFile(reportPath, 'utf8')) as Report;
  return { wallMs: result.wallMs, rssKiB: result.maxRssKiB, cpuMs: result.cpuMs, report };
}

/** The sides repro-check and the floor read, and how. */
async function sidesOf(pair: BuiltPair, log: (line: string) => void): Promise<{ a: string; b: string; script: string; lines: number; floor: string; bytes: number; blobs: string[]; dispose?: () => Promise<void> }> {
  if (pair.spec.layers === 'registry') {
    const sides = await registrySides(pair.a, pair.b, log);
    return { ...sides, script: SKOPEO_FLOOR, lines: 2, floor: 'both pulled at once by `skopeo copy docker://… dir:…`' };
  }
  if (pair.spec.layers !== 'gzip') {
    return { a: pair.a, b: pair.b, script: SAVE_FLOOR, lines: 2, floor: 'both `docker save` streams hashed', bytes: (await saveSize(pair.a)) + (await saveSize(pair.b)), blobs: [] };
  }
  log(`  re-packing ${pair.spec.name} as gzip OCI saves under ${GZIP_DIR}`);
  const [a, b] = await Promise.all([gzipSave(pair.a, GZIP_DIR), gzipSave(pair.b, GZIP_DIR)]);
  const size = await run('bash', ['-c', 'cat "$0" "$1" | wc -c', a.archive, b.archive]);
  // The floor prints a line per file member of either archive.
  const members = await run('bash', ['-c', 'tar -tf "$0"; tar -tf "$1"', a.archive, b.archive]);
  return {
    a: a.archive,
    b: b.archive,
    script: GZIP_FLOOR,
    lines: members.stdout.split('\n').filter((name) => name !== '' && !name.endsWith('/')).length,
    floor: 'gzip-floor.py on both archives',
    bytes: Number(size.stdout.trim()),
    blobs: [...a.layerBlobs, ...b.layerBlobs],
  };
}

/** CPU time of `gzip -dc BLOB | sha256sum` over every blob, one after the other (median of three). */
async function gzipCpu(blobs: string[]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const result = await run('bash', ['-c', 'for blob in "$@"; do gzip -dc "$blob" | sha256sum; done', 'gzip-cpu', ...blobs], { rss: true });
    times.push(result.cpuMs!);
  }
  return median(times);
}

/**
 * Runs the floor and repro-check `runs` times each, alternating which goes first, after one
 * unmeasured floor that brings both images into the page cache.
 */
export async function benchPair(pair: BuiltPair, runs: number, log: (line: string) => void): Promise<PairResult> {
  const reportPath = join(tmpdir(), `repro-check-bench-${process.pid}.json`);
  const sides = await sidesOf(pair, log);
  const result: PairResult = {
    name: pair.spec.name,
    files: pair.spec.files,
    bytes: pair.spec.bytes,
    tags: { a: pair.a, b: pair.b },
    floor: sides.floor,
    saveBytes: sides.bytes,
    floorMs: [],
    reproCheckMs: [],
    rssKiB: [],
    cpuMs: [],
    load: [],
    timings: {},
    median: { floorMs: 0, reproCheckMs: 0, ratio: 0, rssMiB: 0, cpuMs: 0, timings: {} },
    changes: [],
    changeCount: 0,
    verdicts: {},
  };
  try {
    if (sides.blobs.length > 0) result.gzipCpuMs = await gzipCpu(sides.blobs);
    await floor(sides.script, sides.a, sides.b, sides.lines);
    for (let i = 0; i < runs; i++) {
      result.load.push(loadavg()[0]!);
      const measureFloor = async () => result.floorMs.push(await floor(sides.script, sides.a, sides.b, sides.lines));
      const measureCheck = async () => {
        const { wallMs, rssKiB, cpuMs, report } = await reproCheck(sides.a, sides.b, reportPath);
        result.reproCheckMs.push(wallMs);
        result.rssKiB.push(rssKiB);
        result.cpuMs.push(cpuMs);
        for (const [phase, ms] of Object.entries(report.timings)) (result.timings[phase] ??= []).push(ms);
        const counted = (report.timestampOnly ?? []).flatMap((g) => g.paths.map((path) => ({ layer: g.layer, path, kind: 'modified', aspects: ['mtime'] })));
        const listed = report.changes.map(({ layer, path, kind, aspects }) => ({ layer, path, kind, aspects }));
        const seen = new Set(listed.map((c) => `${c.layer}\0${c.path}`));
        result.changes = [...listed, ...counted.filter((c) => !seen.has(`${c.layer}\0${c.path}`))];
        result.changeCount = report.counts.changes;
        result.verdicts = report.verdicts;
      };
      if (i % 2 === 0) {
        await measureFloor();
        await measureCheck();
      } else {
        await measureCheck();
        await measureFloor();
      }
      log(
        `  ${pair.spec.name} run ${i + 1}/${runs} (load ${result.load.at(-1)!.toFixed(1)}): floor ${fmt(result.floorMs.at(-1)!)} s, repro-check ${fmt(result.reproCheckMs.at(-1)!)} s ` +
          `(${(result.reproCheckMs.at(-1)! / result.floorMs.at(-1)!).toFixed(2)}×), CPU ${fmt(result.cpuMs.at(-1)!)} s, ${(result.rssKiB.at(-1)! / 1024).toFixed(0)} MiB`,
      );
    }
  } finally {
    await rm(reportPath, { force: true });
    await sides.dispose?.();
  }
  const floorMs = median(result.floorMs);
  const reproCheckMs = median(result.reproCheckMs);
  result.median = {
    floorMs,
    reproCheckMs,
    ratio: reproCheckMs / floorMs,
    rssMiB: median(result.rssKiB) / 1024,
    cpuMs: median(result.cpuMs),
    timings: Object.fromEntries(Object.entries(result.timings).map(([phase, values]) => [phase, median(values)])),
  };
  return result;
}

function fmt(ms: number): string {
  return (ms / 1000).toFixed(2);
}
