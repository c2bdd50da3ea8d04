import { CheckAbortedError } from '../engine/build-errors.js';
import { DockerEngine } from '../engine/docker-engine.js';
import type { Engine } from '../engine/engine.js';
import { PairBuildError } from '../check/build-check.js';
import { runFixCheck } from '../check/fix-check.js';
import { runDiffCheck } from '../check/diff-check.js';
import { reportExitStatus } from '../check/report-exit-status.js';
import { resolveImageSource } from '../check/image-source.js';
import { CheckStopper, processSignals } from '../check/check-stop.js';
import { errorLine } from '../check/error-line.js';
import { writeReportFiles } from '../report/report-writer.js';
import { renderTextSummary } from '../report/text-summary.js';
import type { Report } from '../report/report.js';
import { VERSION } from '../version.js';
import { parseCliArgs, type OutputOptions } from './args.js';
import type { CliIo } from './cli-io.js';
import { plainProgress, terminalProgress } from './progress.js';
import { runDriftCommand } from './drift-command.js';
import { runManifestCommand } from './manifest-command.js';
import { runVerifyAttestation } from './verify-command.js';
import { runMergeReports } from './merge-reports-command.js';
import { runPairsCommand } from './pairs-command.js';
import { runVerifyCheck } from '../check/verify-check.js';
import { writeVerifyAttestation } from '../verify/verify-output.js';

export type { CliIo } from './cli-io.js';

/** Exit statuses of the CLI. */
export const EXIT = { reproducible: 0, notReproducible: 1, error: 2, interrupted: 130, terminated: 143 } as const;

/** Runs one command line and returns the exit status. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let output: OutputOptions = { json: false, quiet: false, debug: argv.includes('--debug'), files: {} };
  try {
    const parsed = parseCliArgs(argv, io.cwd, io.env);
    if (parsed.command === 'help') {
      io.stdout(parsed.text);
      return EXIT.reproducible;
    }
    if (parsed.command === 'version') {
      io.stdout(`repro-check ${VERSION}\n`);
      return EXIT.reproducible;
    }
    if (parsed.command === 'manifest') return await runManifestCommand(parsed, io);
    if (parsed.command === 'drift') return await runDriftCommand(parsed, io);
    if (parsed.command === 'verify-attestation') return await runVerifyAttestation(parsed, io);
    if (parsed.command === 'merge-reports') return await runMergeReports(parsed, io);
    if (parsed.command === 'pairs') return await runPairsCommand(parsed, io, errorLine);
    output = parsed.output;
    const stopper = new CheckStopper();
    stopper.stopAfter(output.timeoutSeconds);
    stopper.listen(io.onInterrupt);
    let engine: Engine | undefined;
    const getEngine = () => (engine ??= io.engine(stopper.signal));
    let report: Report;
    let reportPath: string | undefined;
    let phase = 'start';
    try {
      if (parsed.command === 'build') {
        reportPath = parsed.settings.reportPath;
        const quiet = output.quiet || output.json;
        const progress = quiet ? undefined : io.terminalColumns ? terminalProgress(io.stderr, io.terminalColumns) : plainProgress(io.stderr);
        report = await runFixCheck(parsed.settings, getEngine(), VERSION, {
          phase: (name) => {
            phase = name;
            progress?.phase(name);
          },
          output: (line) => progress?.output(line),
          bytes: (image, total) => progress?.bytes(image, total),
        }).finally(() => progress?.done());
      } else if (parsed.command === 'verify') {
        reportPath = parsed.settings.reportPath;
        const quiet = output.quiet || output.json;
        const progress = quiet ? undefined : io.terminalColumns ? terminalProgress(io.stderr, io.terminalColumns) : plainProgress(io.stderr);
        const hooks = {
          phase: (name: string) => {
            phase = name;
            progress?.phase(name);
          },
          output: (line: string) => progress?.output(line),
        };
        report = await runVerifyCheck(parsed.settings, getEngine(), VERSION, hooks, stopper.signal).finally(() => progress?.done());
        if (parsed.attestation) await writeVerifyAttestation(report, parsed.attestation, parsed.signKey, VERSION);
      } else {
        reportPath = parsed.reportPath;
        const [a, b] = await Promise.all([resolveImageSource(parsed.a, parsed.registry), resolveImageSource(parsed.b, parsed.registry)]);
        report = await runDiffCheck({ a, b, level: parsed.level, reportPath }, getEngine, VERSION, stopper.signal, parsed.changes);
      }
    } catch (error) {
      // A stopped run fails with whatever the aborted request threw; say why it stopped instead.
      throw stopper.failure(error, phase);
    } finally {
      stopper.dispose();
    }
    await writeReportFiles(report, { json: reportPath, ...output.files }, report.dockerfile ?? undefined);
    if (output.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
    else if (!output.quiet) io.stdout(renderTextSummary(report, reportPath, { color: io.color ?? false }));
    return reportExitStatus(report);
  } catch (error) {
    io.stderr(`repro-check: ${errorLine(error)}\n`);
    if (error instanceof PairBuildError && error.outputTail.length > 0) {
      io.stderr(`build output (last ${error.outputTail.length} lines):\n${error.outputTail.map((l) => `  ${l}`).join('\n')}\n`);
    }
    if (output.debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    if (error instanceof CheckAbortedError && /SIGINT/.test(error.message)) return EXIT.interrupted;
    if (error instanceof CheckAbortedError && /SIGTERM/.test(error.message)) return EXIT.terminated;
    return EXIT.error;
  }
}

/** The real I/O of the process. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    terminalColumns: process.stderr.isTTY ? process.stderr.columns || 80 : undefined,
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    cwd: process.cwd(),
    env: process.env,
    engine: (signal) => new DockerEngine(undefined, { signal }),
    onInterrupt: processSignals,
  };
}
