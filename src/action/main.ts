import * as core from '@actions/core';
import { PairBuildError, runBuildCheck } from '../check/build-check.js';
import { errorLine } from '../cli/cli-main.js';
import { DockerEngine } from '../engine/docker-engine.js';
import type { Report } from '../report/report.js';
import { writeReport } from '../report/report-writer.js';
import { renderTextSummary } from '../report/text-summary.js';
import { VERSION } from '../version.js';
import { getInputs } from './inputs.js';

/**
 * The action: read inputs, build and compare in log groups, write the report and outputs, and fail
 * last, so a user always gets the report even when the step fails.
 */
export async function run(): Promise<void> {
  try {
    const { settings, failOnDifference } = getInputs();
    for (const value of Object.values(settings.buildArgs)) if (value) core.setSecret(value);
    let openGroup = false;
    const report: Report = await runBuildCheck(settings, new DockerEngine(), VERSION, {
      phase: (name) => {
        if (openGroup) core.endGroup();
        core.startGroup(`repro-check: ${name}`);
        openGroup = true;
      },
      output: (line) => core.info(line),
    }).finally(() => {
      if (openGroup) core.endGroup();
    });
    if (settings.reportPath) await writeReport(report, settings.reportPath);
    core.setOutput('reproducible', String(report.reproducible));
    core.setOutput('image-a', report.images[0].id);
    core.setOutput('image-b', report.images[1].id);
    core.setOutput('differences', String(report.counts.changes));
    core.setOutput('report', settings.reportPath ?? '');
    core.info(renderTextSummary(report, settings.reportPath));
    if (!report.reproducible && failOnDifference) {
      core.setFailed(`the image is not reproducible at level ${report.level}: ${report.counts.differingLayers} layer(s) and ${report.counts.changes} file(s) differ`);
    }
  } catch (error) {
    if (error instanceof PairBuildError && error.outputTail.length > 0) core.info(error.outputTail.join('\n'));
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(errorLine(error));
  }
}
