/**
 * Measures one pair: the floor (both `docker save` streams read and hashed at once, as
 * `docker save A | sha256sum & docker save B | sha256sum & wait`) and repro-check's full `diff`
 * with the JSON report, alternately in the same run, so both see the same engine and page cache.
 */
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuiltPair } from './bench-images.js';
import { median, run } from './measure.js';

/** The bundled CLI the benchmark measures, as users run it. */
export const CLI = new URL('../dist/cli.cjs', import.meta.url).pathname;

const FLOOR_SCRIPT = 'docker save "$0" | sha256sum & docker save "$1" | sha256sum & wait';

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
  /** Bytes of both save streams. */
  saveBytes: number;
  floorMs: number[];
  reproCheckMs: number[];
  rssKiB: number[];
  /** The report's `timings`, per phase, one value per run. */
  timings: Record<string, number[]>;
  median: { floorMs: number; reproCheckMs: number; ratio: number; rssMiB: number; timings: Record<string, number> };
  changes: ReportedChange[];
  verdicts: Record<string, boolean>;
}

/** The floor once; returns its wall time. */
async function floor(a: string, b: string): Promise<number> {
  const result = await run('bash', ['-c', FLOOR_SCRIPT, a, b]);
  if (result.stdout.trim().split('\n').length !== 2) throw new Error(`floor: expected two digests, got ${JSON.stringify(result.stdout)}`);
  return result.wallMs;
}

/** Bytes of one image's save stream. */
async function saveSize(tag: string): Promise<number> {
  const result = await run('bash', ['-c', 'docker save "$0" | wc -c', tag]);
  return Number(result.stdout.trim());
}

/** repro-check's `diff` once, under GNU time; returns the wall time, peak RSS and the report. */
async function reproCheck(a: string, b: string, reportPath: string): Promise<{ wallMs: number; rssKiB: number; report: Report }> {
  const result = await run(process.execPath, [CLI, 'diff', a, b, '--report', reportPath, '--quiet'], { rss: true, okCodes: [1] });
  if (result.maxRssKiB === undefined) throw new Error(`no peak RSS in GNU time's output: ${result.stderr.slice(-300)}`);
  const report = JSON.parse(await readFile(reportPath, 'utf8')) as Report;
  return { wallMs: result.wallMs, rssKiB: result.maxRssKiB, report };
}

interface Report {
  timings: Record<string, number>;
  changes: ReportedChange[];
  verdicts: Record<string, boolean>;
}

/**
 * Runs the floor and repro-check `runs` times each, alternating which goes first, after one
 * unmeasured floor that brings both images into the page cache.
 */
export async function benchPair(pair: BuiltPair, runs: number, log: (line: string) => void): Promise<PairResult> {
  const reportPath = join(tmpdir(), `repro-check-bench-${process.pid}.json`);
  const result: PairResult = {
    name: pair.spec.name,
    files: pair.spec.files,
    bytes: pair.spec.bytes,
    tags: { a: pair.a, b: pair.b },
    saveBytes: (await saveSize(pair.a)) + (await saveSize(pair.b)),
    floorMs: [],
    reproCheckMs: [],
    rssKiB: [],
    timings: {},
    median: { floorMs: 0, reproCheckMs: 0, ratio: 0, rssMiB: 0, timings: {} },
    changes: [],
    verdicts: {},
  };
  await floor(pair.a, pair.b);
  try {
    for (let i = 0; i < runs; i++) {
      const measureFloor = async () => result.floorMs.push(await floor(pair.a, pair.b));
      const measureCheck = async () => {
        const { wallMs, rssKiB, report } = await reproCheck(pair.a, pair.b, reportPath);
        result.reproCheckMs.push(wallMs);
        result.rssKiB.push(rssKiB);
        for (const [phase, ms] of Object.entries(report.timings)) (result.timings[phase] ??= []).push(ms);
        result.changes = report.changes.map(({ layer, path, kind, aspects }) => ({ layer, path, kind, aspects }));
        result.verdicts = report.verdicts;
      };
      if (i % 2 === 0) {
        await measureFloor();
        await measureCheck();
      } else {
        await measureCheck();
        await measureFloor();
      }
      log(`  ${pair.spec.name} run ${i + 1}/${runs}: floor ${fmt(result.floorMs.at(-1)!)} s, repro-check ${fmt(result.reproCheckMs.at(-1)!)} s, ${(result.rssKiB.at(-1)! / 1024).toFixed(0)} MiB`);
    }
  } finally {
    await rm(reportPath, { force: true });
  }
  const floorMs = median(result.floorMs);
  const reproCheckMs = median(result.reproCheckMs);
  result.median = {
    floorMs,
    reproCheckMs,
    ratio: reproCheckMs / floorMs,
    rssMiB: median(result.rssKiB) / 1024,
    timings: Object.fromEntries(Object.entries(result.timings).map(([phase, values]) => [phase, median(values)])),
  };
  return result;
}

function fmt(ms: number): string {
  return (ms / 1000).toFixed(2);
}
