import { CheckAbortedError, EngineConnectionError, EngineUnreachableError } from '../engine/build-errors.js';
import { DockerEngine } from '../engine/docker-engine.js';
import type { Engine } from '../engine/engine.js';
import { ArchiveFormatError } from '../image/archive-members.js';
import { PairBuildError } from '../check/build-check.js';
import { runFixCheck } from '../check/fix-check.js';
import { runDiffCheck } from '../check/diff-check.js';
import { driftFails } from '../check/drift-check.js';
import { resolveImageSource } from '../check/image-source.js';
import { writeReportFiles } from '../report/report-writer.js';
import { renderTextSummary } from '../report/text-summary.js';
import type { Report } from '../report/report.js';
import { InputError } from '../settings.js';
import { ReportInputError } from '../report/report-input.js';
import { VERSION } from '../version.js';
import { parseCliArgs, type OutputOptions } from './args.js';
import { plainProgress, terminalProgress } from './progress.js';
import { runDriftCommand } from './drift-command.js';
import { runManifestCommand } from './manifest-command.js';
import { runVerifyAttestation } from './verify-command.js';
import { runMergeReports } from './merge-reports-command.js';
import { runPairsCommand } from './pairs-command.js';
import { runVerifyCheck } from '../check/verify-check.js';
import { verifyExitStatus, writeVerifyAttestation } from '../verify/verify-output.js';

/** Where the CLI writes; a test passes its own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Makes the engine, stopping its builds and saves when `signal` aborts; called only when a command needs one. */
  engine: (signal?: AbortSignal) => Engine;
  /** Whether stdout is a terminal that takes colours (and NO_COLOR is unset). */
  color?: boolean;
  /** Width of the terminal stderr writes to, or undefined when it is not a terminal (CI logs, pipes). */
  terminalColumns?: number;
  /** Lets the process's interrupts stop the run; returns a function that stops listening. */
  onInterrupt?: (stop: (reason: CheckAbortedError) => void) => () => void;
}

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
    const stopper = new AbortController();
    const stop = (reason: CheckAbortedError) => stopper.abort(reason);
    const timer = output.timeoutSeconds ? setTimeout(() => stop(new CheckAbortedError(`timed out after ${output.timeoutSeconds} s`)), output.timeoutSeconds * 1000) : undefined;
    const stopListening = io.onInterrupt?.(stop);
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
      if (stopper.signal.aborted) throw new CheckAbortedError(`${(stopper.signal.reason as Error).message} during ${phase}; the images it built were removed`);
      throw error;
    } finally {
      clearTimeout(timer);
      stopListening?.();
    }
    await writeReportFiles(report, { json: reportPath, ...output.files }, report.dockerfile ?? undefined);
    if (output.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
    else if (!output.quiet) io.stdout(renderTextSummary(report, reportPath, { color: io.color ?? false }));
    if (report.verify) return verifyExitStatus(report.verify.verdict);
    const baselineDrift = report.baseline !== null && driftFails(report.baseline);
    return report.reproducible && !baselineDrift ? EXIT.reproducible : EXIT.notReproducible;
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

/** The one line a user sees for an error: known errors as they are, others with their type. */
export function errorLine(error: unknown): string {
  if (
    error instanceof InputError ||
    error instanceof EngineUnreachableError ||
    error instanceof EngineConnectionError ||
    error instanceof CheckAbortedError ||
    error instanceof PairBuildError ||
    error instanceof ArchiveFormatError ||
    error instanceof ReportInputError
  ) {
    return error.message;
  }
  if (error instanceof Error) return `${error.message} (run with --debug for details)`;
  return String(error);
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
    onInterrupt: (stop) => {
      const onSignal = (name: NodeJS.Signals) => stop(new CheckAbortedError(`interrupted by ${name}`));
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      return () => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      };
    },
  };
}
