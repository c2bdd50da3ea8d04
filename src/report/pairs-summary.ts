import type { Verdicts } from '../compare/image-compare.js';
import type { Level } from '../settings.js';
import type { Verdict } from '../verify/verify-levels.js';
import { escapeMarkdownCell, markdownCode, showControls } from './escape.js';
import type { Report } from './report.js';

/** Marks `summary.json` (of `--pairs` and `merge-reports`) apart from a report, which `merge-reports` reads. */
export const SUMMARY_KIND = 'repro-check-summary';

/** One pair of a many-pair run (`--pairs`) or one report joined by `merge-reports`. */
export interface SummaryRow {
  /** 1-based position in the pairs file or the list of reports. */
  index: number;
  /** Image A (`diff`), the published image (`verify`), or A's ref (a build's report). */
  a: string;
  /** Image B, the rebuild's context (`verify --pairs`) or its ref. */
  b: string;
  /** The command that made the report; null when the pair failed before one existed. */
  command: Report['command'] | null;
  level: Level | null;
  /** The three verdicts, or null for a pair that failed. */
  verdicts: Verdicts | null;
  /** `verify`'s verdict (GOOD, BAD, FAIL, UNKNOWN); null for other commands. */
  verify: Verdict | null;
  /** Whether the pair is reproducible at `level`; null for a pair that failed. */
  reproducible: boolean | null;
  /** File changes over all layers (`counts.changes`), listed in the report or not. */
  changes: number | null;
  /** Cause groups (`causes`) of the report. */
  causeGroups: number | null;
  /**
   * Milliseconds: a `--pairs` run's wall time for the pair; for `merge-reports`, the sum of the
   * report's `timings` phases (a report holds no wall time).
   */
  millis: number | null;
  /** The pair's exit status as its single run would give it (0, 1, 2). */
  exitStatus: number;
  /** The pair's JSON report file, when one was written or read. */
  report: string | null;
  /** The one-line error of a pair that failed, else null. */
  error: string | null;
}

/** `summary.json`: the rows and the run's exit status, the worst of the rows'. */
export interface PairsSummary {
  schemaVersion: 1;
  kind: typeof SUMMARY_KIND;
  /** `diff` or `verify` for `--pairs`, `merge-reports` for joined reports. */
  source: 'diff' | 'verify' | 'merge-reports';
  rows: SummaryRow[];
  exitStatus: number;
}

/** The row of a pair whose report exists. */
export function rowFromReport(index: number, report: Report, facts: { a?: string; b?: string; millis: number; exitStatus: number; reportFile?: string }): SummaryRow {
  return {
    index,
    a: facts.a ?? report.images[0].ref,
    b: facts.b ?? report.images[1].ref,
    command: report.command,
    level: report.level,
    verdicts: { strict: report.verdicts.strict, layers: report.verdicts.layers, content: report.verdicts.content },
    verify: report.verify?.verdict ?? null,
    reproducible: report.reproducible,
    changes: report.counts.changes,
    causeGroups: report.causes.length,
    millis: facts.millis,
    exitStatus: facts.exitStatus,
    report: facts.reportFile ?? null,
    error: null,
  };
}

/** The row of a pair that failed with `error` (a one-line message). */
export function rowFromError(index: number, a: string, b: string, error: string, millis: number | null, exitStatus = 2): SummaryRow {
  return { index, a, b, command: null, level: null, verdicts: null, verify: null, reproducible: null, changes: null, causeGroups: null, millis, exitStatus, report: null, error };
}

/** The exit status of many pairs: the worst (highest) of theirs, 0 for none. */
export function worstExitStatus(rows: readonly Pick<SummaryRow, 'exitStatus'>[]): number {
  return rows.reduce((worst, row) => Math.max(worst, row.exitStatus), 0);
}

/** Builds `summary.json`'s content. */
export function pairsSummary(source: PairsSummary['source'], rows: SummaryRow[]): PairsSummary {
  return { schemaVersion: 1, kind: SUMMARY_KIND, source, rows, exitStatus: worstExitStatus(rows) };
}

/** Characters of A and B shown in the text table (the middle goes first). */
const NAME_SHOWN = 40;
/** Characters of an error shown in the result column. */
const ERROR_SHOWN = 160;

/** Column titles, shared by the text and Markdown tables. */
const HEAD = ['#', 'A', 'B', 'strict', 'layers', 'content', 'changes', 'causes', 'time', 'result'];

/** The cells of one row, as plain text (escaped by each renderer). */
function cells(row: SummaryRow): string[] {
  const verdict = (ok: boolean | undefined) => (ok === undefined ? '-' : ok ? 'same' : 'DIFFERS');
  return [
    String(row.index),
    row.a,
    row.b,
    verdict(row.verdicts?.strict),
    verdict(row.verdicts?.layers),
    verdict(row.verdicts?.content),
    row.changes === null ? '-' : String(row.changes),
    row.causeGroups === null ? '-' : String(row.causeGroups),
    row.millis === null ? '-' : `${(row.millis / 1000).toFixed(1)} s`,
    result(row),
  ];
}

/** The result column: the error, verify's verdict, or reproducible or not at the level. */
function result(row: SummaryRow): string {
  if (row.error !== null) return `error: ${cut(row.error, ERROR_SHOWN)}`;
  const level = row.level ? ` at ${row.level}` : '';
  if (row.verify) return `${row.verify}${level}`;
  return `${row.reproducible ? 'reproducible' : 'NOT reproducible'}${level}`;
}

/** One line saying how many pairs ended how, and the exit status. */
function tally(rows: readonly SummaryRow[], noun: string): string {
  const ok = rows.filter((row) => row.exitStatus === 0).length;
  const errors = rows.filter((row) => row.error !== null).length;
  const differ = rows.length - ok - errors;
  return `${rows.length} ${noun}${rows.length === 1 ? '' : 's'}: ${ok} reproducible, ${differ} not reproducible or not verified, ${errors} failed; exit status ${worstExitStatus(rows)}`;
}

/** Renders the summary as an aligned text table for a terminal or a log, with a closing tally. Pure. */
export function renderSummaryText(rows: readonly SummaryRow[], noun = 'pair'): string {
  const table = [HEAD, ...rows.map((row) => cells(row).map((cell, i) => (i === 1 || i === 2 ? middleCut(showControls(cell), NAME_SHOWN) : showControls(cell))))];
  const widths = HEAD.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
  const lines = table.map((line) => line.map((cell, column) => (column === line.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd());
  return [...lines, '', tally(rows, noun), ''].join('\n');
}

/** Renders the summary as GitHub Markdown (for `$GITHUB_STEP_SUMMARY`), every cell escaped. Pure. */
export function renderSummaryMarkdown(rows: readonly SummaryRow[], title = 'repro-check: many images', noun = 'pair'): string {
  const worst = worstExitStatus(rows);
  const lines = [`## ${worst === 0 ? '✅' : '❌'} ${escapeMarkdownCell(title)}`, '', `| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const text = cells(row);
    const shown = text.map((cell, i) => (i === 1 || i === 2 ? markdownCode(cell) : escapeMarkdownCell(cell)));
    shown[9] = `${row.exitStatus === 0 ? '✅' : '❌'} ${shown[9]}`;
    lines.push(`| ${shown.join(' | ')} |`);
  }
  lines.push('', escapeMarkdownCell(tally(rows, noun)), '');
  return lines.join('\n');
}

function cut(text: string, width: number): string {
  return text.length > width ? text.slice(0, width - 1) + '…' : text;
}

/** Cuts the middle out of a long name, keeping its start (registry, repository) and end (tag, digest, file). */
function middleCut(text: string, width: number): string {
  if (text.length <= width) return text;
  const head = Math.ceil((width - 1) / 2);
  return text.slice(0, head) + '…' + text.slice(text.length - (width - 1 - head));
}
