import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mergeReports } from '../check/merge-reports.js';
import { ReportInputError } from '../report/report-input.js';
import { renderSummaryMarkdown, renderSummaryText, type PairsSummary } from '../report/pairs-summary.js';
import { writeJson } from '../report/report-writer.js';
import { InputError } from '../settings.js';

/** `merge-reports INPUT...`, parsed. */
export interface MergeReportsCommand {
  command: 'merge-reports';
  /** Report files and directories (searched for `*.json`, in name order), absolute. */
  inputs: { path: string; name: string }[];
  /** Append the Markdown table here (`$GITHUB_STEP_SUMMARY`). */
  markdown?: string;
  /** Write the summary JSON here. */
  summary?: string;
  json: boolean;
  quiet: boolean;
}

export const MERGE_REPORTS_HELP = `Usage: repro-check merge-reports REPORT.json|DIR... [options]

Joins JSON reports written by separate runs (the jobs of a GitHub matrix over images, each
uploading its report as an artifact) into one summary table with a row per report: A, B, the
verdict per level, file changes, cause groups, time (the sum of the report's timings) and the
result. A directory is searched, with its subdirectories, for *.json files (in name order); the
summary.json of a --pairs run in it is skipped. Every file must be a repro-check report of
schemaVersion 1: anything else is refused, naming the file (exit 2).

Exit status: the worst of the reports', as each run would have exited (0 reproducible or GOOD,
1 not reproducible or BAD, 2 FAIL or UNKNOWN), or 2 for a refused input.

Options:
      --markdown FILE     append the table as Markdown to FILE (--markdown "$GITHUB_STEP_SUMMARY")
      --summary FILE      write the summary as JSON to FILE
      --json              print the summary JSON to stdout instead of the text table
  -q, --quiet             print nothing but errors
  -h, --help              show this help
`;

/** Parses `merge-reports`'s arguments. */
export function parseMergeReportsArgs(argv: readonly string[], cwd: string): MergeReportsCommand | { command: 'help'; text: string } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' }, markdown: { type: 'string' }, summary: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' } },
  });
  if (values.help) return { command: 'help', text: MERGE_REPORTS_HELP };
  if (positionals.length === 0) throw new InputError('merge-reports takes at least one report file or directory');
  const command: MergeReportsCommand = { command: 'merge-reports', inputs: positionals.map((name) => ({ path: resolve(cwd, name), name })), json: values.json ?? false, quiet: values.quiet ?? false };
  if (values.markdown) command.markdown = resolve(cwd, values.markdown);
  if (values.summary) command.summary = resolve(cwd, values.summary);
  return command;
}

/** Runs `merge-reports`: prints the table, appends the Markdown, writes the JSON; returns the worst exit status (2 for a refused input). */
export async function runMergeReports(command: MergeReportsCommand, io: { stdout: (text: string) => void; stderr: (text: string) => void }): Promise<number> {
  let summary: PairsSummary;
  try {
    summary = await mergeReports(command.inputs);
  } catch (error) {
    if (!(error instanceof ReportInputError || error instanceof InputError)) throw error;
    io.stderr(`repro-check: merge-reports: ${error.message.replace(/^merge-reports: /, '')}\n`);
    return 2;
  }
  if (command.markdown) {
    await mkdir(dirname(command.markdown), { recursive: true });
    await appendFile(command.markdown, renderSummaryMarkdown(summary.rows, `repro-check: ${summary.rows.length} ${summary.rows.length === 1 ? 'report' : 'reports'}`, 'report'));
  }
  if (command.summary) await writeJson(command.summary, summary);
  if (command.json) io.stdout(JSON.stringify(summary, null, 2) + '\n');
  else if (!command.quiet) io.stdout(renderSummaryText(summary.rows, 'report'));
  return summary.exitStatus;
}
