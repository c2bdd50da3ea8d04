import { mkdir, writeFile } from 'node:fs/promises';
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

/** Writes the JSON report, creating its directory. */
export async function writeReport(report: Report, path: string): Promise<void> {
  await writeJson(path, report);
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
