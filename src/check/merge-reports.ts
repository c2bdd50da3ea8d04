import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkReportInput, reportMillis, ReportInputError } from '../report/report-input.js';
import { pairsSummary, rowFromReport, type PairsSummary, type SummaryRow } from '../report/pairs-summary.js';
import { InputError } from '../settings.js';
import { reportExitStatus } from './report-exit-status.js';

/** The JSON files named by the inputs: files as given, directories searched in name order. */
export async function reportFiles(inputs: readonly { path: string; name: string }[]): Promise<{ path: string; name: string; inDirectory: boolean }[]> {
  const files: { path: string; name: string; inDirectory: boolean }[] = [];
  for (const input of inputs) {
    const stats = await stat(input.path).catch(() => null);
    if (!stats) throw new InputError(`merge-reports: ${input.name}: no such file or directory`);
    if (!stats.isDirectory()) {
      files.push({ ...input, inDirectory: false });
      continue;
    }
    const found = await jsonFilesUnder(input.path);
    if (found.length === 0) throw new InputError(`merge-reports: ${input.name} holds no .json files`);
    files.push(...found.map((path) => ({ path, name: join(input.name, path.slice(input.path.length + 1)), inDirectory: true })));
  }
  return files;
}

async function jsonFilesUnder(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await jsonFilesUnder(path)));
    else if (entry.isFile() && entry.name.endsWith('.json')) files.push(path);
  }
  return files;
}

/** Reads and checks every report, one at a time (a report can be megabytes), into the summary's rows. */
export async function mergeReports(inputs: readonly { path: string; name: string }[]): Promise<PairsSummary> {
  const rows: SummaryRow[] = [];
  for (const file of await reportFiles(inputs)) {
    let value: unknown;
    try {
      value = JSON.parse(await readFile(file.path, 'utf8'));
    } catch (error) {
      throw new ReportInputError(`${file.name} is not a repro-check report: ${error instanceof SyntaxError ? `not JSON (${error.message})` : (error as Error).message}`);
    }
    const input = checkReportInput(value, file.name);
    if (input.kind === 'summary') {
      if (file.inDirectory) continue;
      throw new ReportInputError(`${file.name} is the summary of a --pairs or merge-reports run, not a report; give the reports (or their directory)`);
    }
    rows.push(rowFromReport(rows.length + 1, input.report, { millis: reportMillis(input.report), exitStatus: reportExitStatus(input.report), reportFile: file.name }));
  }
  if (rows.length === 0) throw new ReportInputError('merge-reports found only summaries, no reports');
  return pairsSummary('merge-reports', rows);
}

