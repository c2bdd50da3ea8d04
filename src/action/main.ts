import * as core from '@actions/core';
import { PairBuildError, runBuildCheck } from '../check/build-check.js';
import { errorLine } from '../cli/cli-main.js';
import { DockerEngine } from '../engine/docker-engine.js';
import { relative, sep } from 'node:path';
import type { Report } from '../report/report.js';
import { writeReportFiles } from '../report/report-writer.js';
import { VERSION } from '../version.js';
import { getInputs } from './inputs.js';
import { publishReport } from './report-outputs.js';

/**
 * The action: read inputs, build and compare in log groups, write the report and outputs, and fail
 * last, so a user always gets the report even when the step fails.
 */
export async function run(): Promise<void> {
  try {
    const { settings, failOnDifference, files } = getInputs();
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
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
    const dockerfile = relative(workspace, settings.dockerfile).split(sep).join('/');
    await writeReportFiles(report, { json: settings.reportPath, sarif: files.sarif, html: files.html }, dockerfile);
    await publishReport(report, { reportPath: settings.reportPath, dockerfile, act: Boolean(process.env.ACT) });
    if (!report.reproducible && failOnDifference) {
      core.setFailed(`the image is not reproducible at level ${report.level}: ${report.counts.differingLayers} layer(s) and ${report.counts.changes} file(s) differ`);
    }
  } catch (error) {
    if (error instanceof PairBuildError && error.outputTail.length > 0) core.info(error.outputTail.join('\n'));
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(errorLine(error));
  }
}
