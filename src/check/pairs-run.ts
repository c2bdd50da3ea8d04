import { readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { parseDiffPairs, parseVerifyPairs, type DiffPairLine } from '../pair-list.js';
import { pairsSummary, rowFromError, rowFromReport, type PairsSummary, type SummaryRow } from '../report/pairs-summary.js';
import type { ChangeListing, Report } from '../report/report.js';
import { writeJson, writeReportFiles } from '../report/report-writer.js';
import { InputError, type Level } from '../settings.js';
import { runBounded } from './bounded-pool.js';
import { runDiffCheck } from './diff-check.js';
import { resolveImageSource, type RegistrySideOptions } from './image-source.js';
import { reportExitStatus } from './report-exit-status.js';
import { runVerifyCheck, type VerifySettings } from './verify-check.js';

/** Pairs that run at once: each already streams two images, and more only share the same disk and cores. */
export const PAIRS_AT_ONCE = 2;

/** The pairs of `diff --pairs` or `verify --pairs` (CLI or action), each with every setting it runs with. */
export type PairsPlan =
  | { kind: 'diff'; pairs: (DiffPairLine & { baseDir: string })[]; level: Level; changes: ChangeListing; registry: RegistrySideOptions }
  | { kind: 'verify'; pairs: (VerifySettings & { line: number })[] };

/** What a many-pair run is given besides its plan. */
export interface PairsRunOptions {
  /** The one engine of the run, made on first use; every pair shares it. */
  engine: () => Engine;
  /** repro-check's version, for the reports. */
  version: string;
  /** Stops every pair (a timeout or an interrupt). */
  signal: AbortSignal;
  /** Directory for each pair's JSON report and `summary.json`, if any. */
  reportDir?: string;
  /** A line as each pair starts and ends. */
  progress?: (line: string) => void;
  /** The one line shown for a pair's error. */
  describeError: (error: unknown) => string;
  /** Receives a failed pair's error itself (for stack traces). */
  failed?: (error: unknown) => void;
}

/** Reads a pairs file (relative to `cwd`), as one `InputError` when it cannot be read. */
export function readPairsFile(name: string, cwd: string, option = '--pairs'): { path: string; text: string } {
  const path = resolve(cwd, name);
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    throw new InputError(`${option} ${name}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/** Parses the lines of a `diff` pairs file; the sides are decided (file, engine, registry) when each pair runs. */
export function diffPairs(name: string, cwd: string, option?: string): (DiffPairLine & { baseDir: string })[] {
  const { path, text } = readPairsFile(name, cwd, option);
  return parseDiffPairs(text, name).map((pair) => ({ ...pair, baseDir: dirname(path) }));
}

/** Makes the settings of every line of a `verify` pairs file from the options shared by all. */
export function verifyPairs(name: string, cwd: string, shared: Omit<VerifySettings, 'image' | 'context' | 'dockerfile'>, option?: string): (VerifySettings & { line: number })[] {
  const { path, text } = readPairsFile(name, cwd, option);
  return parseVerifyPairs(text, path, name).map((pair) => ({ ...shared, line: pair.line, image: pair.image, context: pair.context, dockerfile: join(pair.context, 'Dockerfile') }));
}

/**
 * The file name of a pair's report inside the report directory: its position (two digits at
 * least, so names sort in the file's order) and a readable name from its images.
 */
export function pairReportName(index: number, a: string, b?: string): string {
  const part = (ref: string) =>
    ref
      .replace(/^docker:\/\//, '')
      .replace(/@sha256:[0-9a-f]*$/, '')
      .split('/')
      .filter(Boolean)
      .pop()
      ?.replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[.-]+|[.-]+$/g, '')
      .slice(0, 40) || 'image';
  return `${String(index).padStart(2, '0')}-${part(a)}${b === undefined ? '' : `-vs-${part(b)}`}.json`;
}

/** A diff side named in a pairs file: an existing file relative to the file's directory, else as written. */
function sideArgument(word: string, baseDir: string): string {
  const candidate = resolve(baseDir, word);
  try {
    return statSync(candidate).isFile() ? candidate : word;
  } catch {
    return word;
  }
}

/**
 * Runs every pair, two at a time, with one engine for all; writes each pair's report (as its single
 * run would) and `summary.json` into the report directory, and returns the summary, whose exit
 * status is the worst pair's. A pair that fails is a row with its error; the others go on.
 */
export async function runPairs(plan: PairsPlan, options: PairsRunOptions): Promise<PairsSummary> {
  const { reportDir, progress = () => undefined } = options;
  const total = plan.pairs.length;
  if (reportDir) await mkdir(reportDir, { recursive: true });
  const names = plan.kind === 'diff' ? plan.pairs.map((pair) => [pair.a, pair.b] as const) : plan.pairs.map((pair) => [pair.image, pair.context] as const);
  const outcomes = await runBounded(names, PAIRS_AT_ONCE, async ([a, b], i) => {
    const started = Date.now();
    progress(`[${i + 1}/${total}] ${a} ${plan.kind === 'diff' ? 'vs' : 'from'} ${b}`);
    try {
      const report = await runOne(plan, i, options);
      const reportFile = reportDir ? join(reportDir, plan.kind === 'diff' ? pairReportName(i + 1, a, b) : pairReportName(i + 1, a)) : undefined;
      if (reportFile) await writeReportFiles(report, { json: reportFile }, report.dockerfile ?? undefined);
      // summary.json names each report relative to itself, so the directory can be moved (an artifact).
      const row = rowFromReport(i + 1, report, { a, b, millis: Date.now() - started, exitStatus: reportExitStatus(report), ...(reportFile ? { reportFile: basename(reportFile) } : {}) });
      progress(`[${i + 1}/${total}] done: ${row.verify ?? (row.reproducible ? 'reproducible' : 'not reproducible')} (${(row.millis! / 1000).toFixed(1)} s)`);
      return row;
    } catch (error) {
      const message = options.describeError(error);
      progress(`[${i + 1}/${total}] failed: ${message}`);
      options.failed?.(error);
      return rowFromError(i + 1, a, b, message, Date.now() - started);
    }
  });
  const rows: SummaryRow[] = outcomes.map((outcome, i) => (outcome.ok ? outcome.value : rowFromError(i + 1, names[i]![0], names[i]![1], options.describeError(outcome.error), null)));
  const summary = pairsSummary(plan.kind, rows);
  if (reportDir) await writeJson(join(reportDir, 'summary.json'), summary);
  return summary;
}

/** Runs pair `i` of the plan: one `diff` or one `verify`, with the engine shared by all. */
async function runOne(plan: PairsPlan, i: number, options: PairsRunOptions): Promise<Report> {
  if (plan.kind === 'diff') {
    const pair = plan.pairs[i]!;
    const [a, b] = await Promise.all([resolveImageSource(sideArgument(pair.a, pair.baseDir), plan.registry), resolveImageSource(sideArgument(pair.b, pair.baseDir), plan.registry)]);
    return runDiffCheck({ a, b, level: plan.level }, options.engine, options.version, options.signal, plan.changes);
  }
  const { line: _line, ...settings } = plan.pairs[i]!;
  return runVerifyCheck(settings, options.engine(), options.version, {}, options.signal);
}
