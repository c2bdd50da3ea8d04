import { readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { runBounded } from '../check/bounded-pool.js';
import { runDiffCheck } from '../check/diff-check.js';
import { reportExitStatus } from '../check/merge-reports.js';
import { resolveImageSource, type RegistrySideOptions } from '../check/image-source.js';
import { runVerifyCheck, type VerifySettings } from '../check/verify-check.js';
import { CheckAbortedError } from '../engine/build-errors.js';
import type { Engine } from '../engine/engine.js';
import { parseDiffPairs, parseVerifyPairs, type DiffPairLine } from '../pair-list.js';
import { pairsSummary, renderSummaryText, rowFromError, rowFromReport, type SummaryRow } from '../report/pairs-summary.js';
import type { ChangeListing, Report } from '../report/report.js';
import { writeJson, writeReportFiles } from '../report/report-writer.js';
import { InputError, type Level } from '../settings.js';
import { VERSION } from '../version.js';

/** Pairs that run at once: each already streams two images, and more only share the same disk and cores. */
export const PAIRS_AT_ONCE = 2;

/** How a many-pair run prints: JSON summary, nothing but errors, stack traces, a time limit for the whole run. */
export interface PairsOutput {
  json: boolean;
  quiet: boolean;
  debug: boolean;
  timeoutSeconds?: number;
}

/** `diff --pairs FILE` or `verify --pairs FILE`, parsed: every pair's settings, ready to run. */
export type PairsCommand = { command: 'pairs'; file: string; reportDir?: string; output: PairsOutput } & (
  | { kind: 'diff'; pairs: (DiffPairLine & { baseDir: string })[]; level: Level; changes: ChangeListing; registry: RegistrySideOptions }
  | { kind: 'verify'; pairs: (VerifySettings & { line: number })[] }
);

/** What the runner needs of the CLI's I/O. */
export interface PairsIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Makes the engine; called once, and that one engine serves every pair. */
  engine: (signal?: AbortSignal) => Engine;
  onInterrupt?: (stop: (reason: CheckAbortedError) => void) => () => void;
}

/** Reads a pairs file named on the command line (relative to `cwd`), as one `InputError` when it cannot be read. */
export function readPairsFile(name: string, cwd: string): { path: string; text: string } {
  const path = resolve(cwd, name);
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    throw new InputError(`--pairs ${name}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

/** Options a single pair takes that a many-pair run refuses: each names one file, and there are many pairs. */
export function refuseSingleFiles(values: Record<string, unknown>, names: readonly string[]): void {
  const given = names.filter((name) => values[name] !== undefined);
  if (given.length > 0) throw new InputError(`--pairs writes one report per pair into the --report directory; ${given.map((name) => `--${name}`).join(', ')} ${given.length === 1 ? 'names' : 'name'} one file and cannot be used with it`);
}

/** Parses the lines of `diff --pairs FILE`; the sides are decided (file, engine, registry) when each pair runs. */
export function diffPairs(name: string, cwd: string): (DiffPairLine & { baseDir: string })[] {
  const { path, text } = readPairsFile(name, cwd);
  return parseDiffPairs(text, name).map((pair) => ({ ...pair, baseDir: dirname(path) }));
}

/** Makes the settings of every line of `verify --pairs FILE` from the options shared by all. */
export function verifyPairs(name: string, cwd: string, shared: Omit<VerifySettings, 'image' | 'context' | 'dockerfile'>): (VerifySettings & { line: number })[] {
  const { path, text } = readPairsFile(name, cwd);
  return parseVerifyPairs(text, path, name).map((pair) => ({ ...shared, line: pair.line, image: pair.image, context: pair.context, dockerfile: join(pair.context, 'Dockerfile') }));
}

/**
 * The file name of a pair's report inside the `--report` directory: its position (two digits at
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
 * run would) and `summary.json` into the `--report` directory, prints one summary table, and returns
 * the worst exit status. A pair that fails is a row with its error; the others go on.
 */
export async function runPairsCommand(command: PairsCommand, io: PairsIo, describeError: (error: unknown) => string): Promise<number> {
  const stopper = new AbortController();
  const stop = (reason: CheckAbortedError) => stopper.abort(reason);
  const { output } = command;
  const timer = output.timeoutSeconds ? setTimeout(() => stop(new CheckAbortedError(`timed out after ${output.timeoutSeconds} s`)), output.timeoutSeconds * 1000) : undefined;
  const stopListening = io.onInterrupt?.(stop);
  let engine: Engine | undefined;
  const getEngine = () => (engine ??= io.engine(stopper.signal));
  const progress = output.quiet || output.json ? () => undefined : (line: string) => io.stderr(`${line}\n`);
  const total = command.pairs.length;
  try {
    if (command.reportDir) await mkdir(command.reportDir, { recursive: true });
    const names = command.kind === 'diff' ? command.pairs.map((pair) => [pair.a, pair.b] as const) : command.pairs.map((pair) => [pair.image, pair.context] as const);
    const outcomes = await runBounded(names, PAIRS_AT_ONCE, async ([a, b], i) => {
      const started = Date.now();
      progress(`[${i + 1}/${total}] ${a} ${command.kind === 'diff' ? 'vs' : 'from'} ${b}`);
      try {
        const report = await runOne(command, i, getEngine, stopper.signal);
        const reportFile = command.reportDir ? join(command.reportDir, command.kind === 'diff' ? pairReportName(i + 1, a, b) : pairReportName(i + 1, a)) : undefined;
        if (reportFile) await writeReportFiles(report, { json: reportFile }, report.dockerfile ?? undefined);
        // summary.json names each report relative to itself, so the directory can be moved (an artifact).
        const row = rowFromReport(i + 1, report, { a, b, millis: Date.now() - started, exitStatus: reportExitStatus(report), ...(reportFile ? { reportFile: basename(reportFile) } : {}) });
        progress(`[${i + 1}/${total}] done: ${row.verify ?? (row.reproducible ? 'reproducible' : 'not reproducible')} (${(row.millis! / 1000).toFixed(1)} s)`);
        return row;
      } catch (error) {
        const reason = stopper.signal.aborted ? new CheckAbortedError(`${(stopper.signal.reason as Error).message}; the images it built were removed`) : error;
        const message = describeError(reason);
        progress(`[${i + 1}/${total}] failed: ${message}`);
        if (output.debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
        return rowFromError(i + 1, a, b, message, Date.now() - started);
      }
    });
    const rows: SummaryRow[] = outcomes.map((outcome, i) => (outcome.ok ? outcome.value : rowFromError(i + 1, names[i]![0], names[i]![1], describeError(outcome.error), null)));
    const summary = pairsSummary(command.kind, rows);
    if (command.reportDir) await writeJson(join(command.reportDir, 'summary.json'), summary);
    if (output.json) io.stdout(JSON.stringify(summary, null, 2) + '\n');
    else if (!output.quiet) io.stdout(renderSummaryText(rows));
    if (stopper.signal.aborted) {
      const reason = (stopper.signal.reason as Error).message;
      if (/SIGINT/.test(reason)) return 130;
      if (/SIGTERM/.test(reason)) return 143;
    }
    return summary.exitStatus;
  } finally {
    clearTimeout(timer);
    stopListening?.();
  }
}

/** Runs pair `i` of the command: one `diff` or one `verify`, with the engine shared by all. */
async function runOne(command: PairsCommand, i: number, getEngine: () => Engine, signal: AbortSignal): Promise<Report> {
  if (command.kind === 'diff') {
    const pair = command.pairs[i]!;
    const [a, b] = await Promise.all([resolveImageSource(sideArgument(pair.a, pair.baseDir), command.registry), resolveImageSource(sideArgument(pair.b, pair.baseDir), command.registry)]);
    return runDiffCheck({ a, b, level: command.level }, getEngine, VERSION, signal, command.changes);
  }
  const { line: _line, ...settings } = command.pairs[i]!;
  return runVerifyCheck(settings, getEngine(), VERSION, {}, signal);
}
