import { join, relative, sep } from 'node:path';
import * as core from '@actions/core';
import { PairBuildError } from '../check/build-check.js';
import { runFixCheck } from '../check/fix-check.js';
import { runVerifyCheck } from '../check/verify-check.js';
import { writeVerifyAttestation } from '../verify/verify-output.js';
import { CheckStopper, processSignals } from '../check/check-stop.js';
import { errorLine } from '../check/error-line.js';
import { DockerEngine } from '../engine/docker-engine.js';
import type { PairsSummary } from '../report/pairs-summary.js';
import type { Report } from '../report/report.js';
import { writeJson, writeReportFiles } from '../report/report-writer.js';
import { driftFails, runDriftCheck } from '../check/drift-check.js';
import { secretValues } from '../settings.js';
import { VERSION } from '../version.js';
import { publishFixReview } from './fix-review.js';
import { getInputs } from './inputs.js';
import { publishDrift, publishReport, publishSummary } from './report-outputs.js';
import { mergeReports } from '../check/merge-reports.js';
import { runPairs } from '../check/pairs-run.js';
import { RUN_STATE } from './run-state.js';

/**
 * The action: read inputs, build and compare in log groups, write the report and outputs, and fail
 * last, so a user always gets the report even when the step fails. A timeout or the runner's
 * cancellation (SIGINT, SIGTERM) stops the builds and removes what they made.
 */
/** A path as GitHub places annotations: relative to the workspace, with forward slashes. */
function workspacePath(workspace: string, path: string): string {
  return relative(workspace, path).split(sep).join('/');
}

export async function run(): Promise<void> {
  const stopper = new CheckStopper();
  stopper.listen(processSignals);
  let phase = 'start';
  try {
    const { settings, failOnDifference, files, timeoutSeconds, drift, verify, merge, pairs, githubToken } = getInputs();
    for (const value of secretValues(settings)) core.setSecret(value);
    stopper.stopAfter(timeoutSeconds);
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    if (drift) {
      phase = 'drift';
      const report = await runDriftCheck(drift.baseline, drift.snapshot, drift.rules);
      if (settings.reportPath) await writeJson(settings.reportPath, report);
      await publishDrift(report, { reportPath: settings.reportPath, manifest: workspacePath(workspace, drift.snapshot.path), act: Boolean(process.env.ACT) });
      if (driftFails(report) && failOnDifference) core.setFailed(`the VM snapshot ${drift.snapshot.name} drifted from ${drift.baseline.name}: ${report.counts.added} added, ${report.counts.removed} removed, ${report.counts.modified} modified, ${report.hazards.length} clone hazards`);
      return;
    }
    if (merge || pairs) {
      phase = merge ? 'merge-reports' : `${pairs!.plan.kind} pairs`;
      let reportPath = settings.reportPath;
      let summary: PairsSummary;
      if (merge) {
        summary = await mergeReports(merge);
        if (reportPath) await writeJson(reportPath, summary);
      } else {
        const engine = new DockerEngine(undefined, { signal: stopper.signal });
        summary = await runPairs(pairs!.plan, { engine: () => engine, version: VERSION, signal: stopper.signal, reportDir: pairs!.reportDir, progress: (line) => core.info(line), describeError: errorLine });
        reportPath = join(pairs!.reportDir, 'summary.json');
      }
      await publishSummary(summary, { reportPath, act: Boolean(process.env.ACT) });
      if (summary.exitStatus !== 0 && failOnDifference) core.setFailed(`${summary.rows.filter((row) => row.exitStatus !== 0).length} of ${summary.rows.length} ${merge ? 'reports' : 'pairs'} are not reproducible (or not verified GOOD): worst exit status ${summary.exitStatus}`);
      return;
    }
    let openGroup = false;
    const hooks = {
      phase: (name: string) => {
        phase = name;
        if (openGroup) core.endGroup();
        core.startGroup(`repro-check: ${name}`);
        openGroup = true;
      },
      output: (line: string) => core.info(line),
      started: (runId: string) => core.saveState(RUN_STATE, runId),
    };
    const engine = new DockerEngine(undefined, { signal: stopper.signal });
    const verifySettings = verify && {
      image: verify.image,
      context: settings.context,
      dockerfile: settings.dockerfile,
      target: settings.target,
      buildArgs: settings.buildArgs,
      secretBuildArgs: settings.secretBuildArgs,
      sourceDateEpoch: verify.fromImage ? ({ mode: 'from-image' } as const) : settings.sourceDateEpoch,
      level: settings.level,
      insecure: [],
      ...(verify.rebuildRepository ? { rebuildRepository: verify.rebuildRepository } : {}),
    };
    const report: Report = await (verifySettings ? runVerifyCheck(verifySettings, engine, VERSION, hooks, stopper.signal) : runFixCheck(settings, engine, VERSION, hooks)).finally(() => {
      if (openGroup) core.endGroup();
    });
    if (verify?.attestation) await writeVerifyAttestation(report, verify.attestation, verify.signKey, VERSION);
    if (report.verify) core.setOutput('verdict', report.verify.verdict);
    const dockerfile = workspacePath(workspace, settings.dockerfile);
    await writeReportFiles(report, { json: settings.reportPath, sarif: files.sarif, html: files.html }, dockerfile);
    await publishReport(report, {
      reportPath: settings.reportPath,
      dockerfile,
      baselineManifest: settings.baseline ? workspacePath(workspace, settings.baseline.path) : undefined,
      act: Boolean(process.env.ACT),
    });
    if (report.fix?.patch && githubToken) await publishFixReview(report.fix, githubToken, settings.dockerfile, dockerfile);
    if (report.verify && report.verify.verdict !== 'GOOD' && failOnDifference) {
      core.setFailed(`the published image ${verify?.image} is ${report.verify.verdict} at level ${report.level}: the difference begins at ${report.verify.firstDifference ?? 'no level'}`);
    } else if (!report.reproducible && failOnDifference) {
      core.setFailed(`the image is not reproducible at level ${report.level}: ${report.counts.differingLayers} layer(s) and ${report.counts.changes} file(s) differ`);
    } else if (report.baseline && driftFails(report.baseline) && failOnDifference) {
      core.setFailed(`the image drifted from the baseline ${report.baseline.baseline}`);
    }
  } catch (error) {
    if (error instanceof PairBuildError && error.outputTail.length > 0) core.info(error.outputTail.join('\n'));
    if (error instanceof Error && error.stack) core.debug(error.stack);
    core.setFailed(errorLine(stopper.failure(error, phase)));
  } finally {
    stopper.dispose();
  }
}
