import { mkdir, open, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { getCause, isCauseId } from '../explain/causes.js';
import { renderHtmlReport } from './html-report.js';
import type { Report } from './report.js';
import { toSarif, type SarifRuleText } from './sarif.js';

/** Where the report's files go; each is optional but the JSON report. */
export interface ReportFiles {
  json?: string;
  sarif?: string;
  html?: string;
}

/** Text gathered before each write of the streamed report. */
const WRITE_BATCH = 256 * 1024;
/** Stands for `changes` in the report's frame. */
const CHANGES_MARK = 'changes go here';
/** The top-level key with the mark: JSON strings hold no raw newline, so only the key itself matches. */
const CHANGES_LINE = `\n  "changes": ${JSON.stringify(CHANGES_MARK)}`;

/**
 * Writes the JSON report, creating its directory: the same bytes as `JSON.stringify(report, null,
 * 2)` and a newline, but `changes` one change at a time, so the text of the whole report never
 * exists at once. Profiling (12,121 mtime changes, 15 MB of report): the one string and its UTF-8
 * copy took 70 to 80 MiB of peak RSS, more than reading both images.
 */
export async function writeReport(report: Report, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const frame = JSON.stringify({ ...report, changes: CHANGES_MARK }, null, 2) + '\n';
  const line = frame.indexOf(CHANGES_LINE);
  if (line < 0) throw new Error('the report has no top-level changes to write');
  const mark = line + CHANGES_LINE.length - JSON.stringify(CHANGES_MARK).length;
  const file = await open(path, 'w');
  try {
    let pending = frame.slice(0, mark);
    const flush = async (limit: number) => {
      if (pending.length < limit) return;
      await file.write(pending);
      pending = '';
    };
    if (report.changes.length === 0) pending += '[]';
    else {
      pending += '[';
      for (let i = 0; i < report.changes.length; i++) {
        // Elements of `changes` sit two levels deep: every line of one is indented by four spaces.
        pending += (i === 0 ? '\n    ' : ',\n    ') + JSON.stringify(report.changes[i], null, 2).replace(/\n/g, '\n    ');
        await flush(WRITE_BATCH);
      }
      pending += '\n  ]';
    }
    pending += frame.slice(mark + JSON.stringify(CHANGES_MARK).length);
    await flush(0);
  } finally {
    await file.close();
  }
}

/** Writes any report (a drift report too) as indented JSON, creating its directory. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeText(path, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Writes every requested file of a report: JSON, SARIF (located at `dockerfile`, a path relative to
 * where code scanning resolves it) and HTML. The one place where reports touch the file system.
 */
export async function writeReportFiles(report: Report, files: ReportFiles, dockerfile: string | undefined): Promise<void> {
  if (files.json) await writeReport(report, files.json);
  if (files.sarif) await writeText(files.sarif, JSON.stringify(toSarif(report, dockerfile, ruleText), null, 2) + '\n');
  if (files.html) await writeText(files.html, renderHtmlReport(report, files.json ? { reportPath: files.json } : {}));
}

/** The catalogue's words for a SARIF rule. */
export function ruleText(id: string): SarifRuleText {
  if (!isCauseId(id)) return { id, title: id, explanation: id, fix: '' };
  const cause = getCause(id);
  return { id, title: cause.title, explanation: cause.explanation, fix: cause.fix };
}

async function writeText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
