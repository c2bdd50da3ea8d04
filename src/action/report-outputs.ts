import * as core from '@actions/core';
import { driftFails } from '../check/drift-check.js';
import type { DriftReport } from '../drift/drift-report.js';
import { renderDriftText } from '../drift/drift-text.js';
import { toAnnotations, type Annotation } from '../report/annotations.js';
import { driftAnnotations, renderDriftSummary } from '../report/drift-summary.js';
import { renderJobSummary } from '../report/job-summary.js';
import { renderSummaryMarkdown, renderSummaryText, type PairsSummary } from '../report/pairs-summary.js';
import type { Report } from '../report/report.js';
import { renderTextSummary } from '../report/text-summary.js';

/** Where the action's outputs point, and how to place annotations. */
export interface PublishOptions {
  reportPath?: string;
  /** The Dockerfile relative to the workspace, so GitHub places annotations on the PR diff. */
  dockerfile?: string;
  /** The baseline manifest relative to the workspace, for the annotations of baseline drift. */
  baselineManifest?: string;
  /** Running under nektos/act, which never shows the job summary. */
  act: boolean;
}

/**
 * The one module that shows a report through the runner: step outputs, PR annotations, the job
 * summary, and the text summary in the log. Everything it shows was escaped by the pure converters;
 * @actions/core escapes workflow-command data on top.
 */
export async function publishReport(report: Report, options: PublishOptions): Promise<void> {
  core.setOutput('reproducible', String(report.reproducible));
  core.setOutput('image-a', report.images[0].id);
  core.setOutput('image-b', report.images[1].id);
  core.setOutput('differences', String(report.counts.changes));
  core.setOutput('report', options.reportPath ?? '');
  if (report.baseline) core.setOutput('drift', String(report.baseline.drift));
  core.info(renderTextSummary(report, options.reportPath));
  annotate(toAnnotations(report, options.dockerfile));
  let summary = renderJobSummary(report, options.reportPath);
  if (report.baseline) {
    annotate(driftAnnotations(report.baseline, options.baselineManifest));
    summary += '\n' + renderDriftSummary(report.baseline, 'baseline check of image A');
  }
  await writeSummary(summary, options.act);
}

/** Shows a drift check of a VM snapshot: outputs, annotations on the snapshot manifest, summary, log. */
export async function publishDrift(report: DriftReport, options: { reportPath?: string; manifest?: string; act: boolean }): Promise<void> {
  core.setOutput('drift', String(report.drift));
  core.setOutput('reproducible', String(!driftFails(report)));
  core.setOutput('differences', String(report.counts.added + report.counts.removed + report.counts.modified));
  core.setOutput('report', options.reportPath ?? '');
  core.info(renderDriftText(report, { reportPath: options.reportPath }));
  annotate(driftAnnotations(report, options.manifest));
  await writeSummary(renderDriftSummary(report), options.act);
}

/**
 * Shows a table of many pairs (`diff-pairs`, `verify-pairs`) or of reports joined by
 * `merge-reports` (a matrix's final job): outputs, the table in the log and the job summary.
 */
export async function publishSummary(summary: PairsSummary, options: { reportPath?: string; act: boolean }): Promise<void> {
  const noun = summary.source === 'merge-reports' ? 'report' : 'pair';
  const count = `${summary.rows.length} ${noun}${summary.rows.length === 1 ? '' : 's'}`;
  core.setOutput('reproducible', String(summary.exitStatus === 0));
  core.setOutput('differences', String(summary.rows.reduce((sum, row) => sum + (row.changes ?? 0), 0)));
  core.setOutput('report', options.reportPath ?? '');
  core.info(renderSummaryText(summary.rows, noun));
  const title = summary.source === 'merge-reports' ? `repro-check: ${count}` : `repro-check ${summary.source}: ${count}`;
  await writeSummary(renderSummaryMarkdown(summary.rows, title, noun), options.act);
}

function annotate(annotations: Annotation[]): void {
  for (const annotation of annotations) {
    const properties: core.AnnotationProperties = { title: annotation.title };
    if (annotation.file) properties.file = annotation.file;
    if (annotation.line !== undefined) properties.startLine = annotation.line;
    if (annotation.level === 'error') core.error(annotation.message, properties);
    else core.warning(annotation.message, properties);
  }
}

/** Writes the job summary; under act, which never shows it, into the log as well. */
async function writeSummary(summary: string, act: boolean): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write();
  if (act) {
    core.startGroup('repro-check: job summary (act does not show it)');
    core.info(summary);
    core.endGroup();
  }
}
