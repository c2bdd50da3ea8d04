import * as core from '@actions/core';
import { toAnnotations } from '../report/annotations.js';
import { renderJobSummary } from '../report/job-summary.js';
import type { Report } from '../report/report.js';
import { renderTextSummary } from '../report/text-summary.js';

/** Where the action's outputs point, and how to place annotations. */
export interface PublishOptions {
  reportPath?: string;
  /** The Dockerfile relative to the workspace, so GitHub places annotations on the PR diff. */
  dockerfile?: string;
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
  core.info(renderTextSummary(report, options.reportPath));
  for (const annotation of toAnnotations(report, options.dockerfile)) {
    const properties: core.AnnotationProperties = { title: annotation.title };
    if (annotation.file) properties.file = annotation.file;
    if (annotation.line !== undefined) properties.startLine = annotation.line;
    if (annotation.level === 'error') core.error(annotation.message, properties);
    else core.warning(annotation.message, properties);
  }
  const summary = renderJobSummary(report, options.reportPath);
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(summary).write();
  if (options.act) {
    core.startGroup('repro-check: job summary (act does not show it)');
    core.info(summary);
    core.endGroup();
  }
}
