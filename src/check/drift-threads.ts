import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DriftReport } from '../drift/drift-report.js';
import { RulesFormatError } from '../drift/drift-rules.js';
import { ManifestFormatError } from '../manifest/manifest-error.js';
import { InputError } from '../settings.js';
import type { DriftShareJob } from './drift-share.js';

/**
 * Below this many bytes of manifests (both files together) one thread reads them: a worker takes
 * about 50 ms to start, and 16 MiB of mtree (about 90,000 entries) takes about 0.5 s to read.
 */
export const THREADS_FROM_BYTES = 16 * 1024 * 1024;

/**
 * At most this many threads. Each reads both files whole (it must find its share's lines), so
 * past a few threads the reading they all repeat outweighs the share each saves.
 */
const MAX_THREADS = 4;

/** The worker script, dist/drift-worker.cjs beside the bundle; undefined when running from source. */
export function driftWorkerScript(): string | undefined {
  // `__dirname` is the bundle's directory in dist/*.cjs; ES modules (tsx) have none.
  if (typeof __dirname !== 'string') return undefined;
  const file = join(__dirname, 'drift-worker.cjs');
  return existsSync(file) ? file : undefined;
}

/** How many threads to compare manifests of `bytes` in: 1 for small ones or a single core. */
export function driftThreads(bytes: number): number {
  if (bytes < THREADS_FROM_BYTES) return 1;
  return Math.max(1, Math.min(availableParallelism(), MAX_THREADS));
}

/**
 * How much of the paths each thread takes, this one first. This one takes a little more: a worker
 * starts about 0.15 s later, and with halves it ended 0.45 s after this thread on 1M-entry mtree
 * manifests (JSON ones, whose parsing is the worker's and this thread's alike, balance nearer 1).
 */
export function threadWeights(threads: number): number[] {
  return Array.from({ length: threads }, (_, i) => (i === 0 ? 1.1 : 1));
}

/** An error as a worker describes it to this thread (errors do not cross threads whole). */
export interface WorkerError {
  name: string;
  message: string;
  /** A ManifestFormatError's file and line. */
  file?: string;
  line?: number;
}

/** What the worker posts back: the share's report, or its error described. */
export type DriftWorkerReply = { report: DriftReport } | { error: WorkerError };

/** Runs one share of a drift check on a worker thread (`script`, see src/drift-worker.ts). */
export function driftShareInWorker(script: string, job: DriftShareJob): Promise<DriftReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: job });
    let settled = false;
    worker.once('message', (reply: DriftWorkerReply) => {
      settled = true;
      if ('report' in reply) resolve(reply.report);
      else reject(reviveError(reply.error));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the drift worker thread stopped (exit ${code}) without a result`));
    });
  });
}

/** The worker's error as the main thread would have raised it, so it is reported the same way. */
function reviveError(error: WorkerError): Error {
  if (error.name === 'ManifestFormatError') {
    const revived = new ManifestFormatError(error.file ?? '', error.line ?? 0, '');
    revived.message = error.message;
    return revived;
  }
  if (error.name === 'RulesFormatError') return new RulesFormatError(error.message);
  if (error.name === 'InputError') return new InputError(error.message);
  return new Error(error.message);
}

/** The worker's description of an error, for `reviveError`. */
export function describeError(error: unknown): WorkerError {
  if (error instanceof ManifestFormatError) return { name: error.name, message: error.message, file: error.file, line: error.line };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/**
 * The error to report when shares failed: the first problem in the manifests (earliest line of
 * the baseline, then of the snapshot), as one thread reading them whole would have met it.
 */
export function firstError(errors: readonly unknown[], baselineName: string): unknown {
  const format = errors.filter((error): error is ManifestFormatError => error instanceof ManifestFormatError);
  if (format.length === 0) return errors[0];
  const rank = (error: ManifestFormatError) => [error.file === baselineName ? 0 : 1, error.line] as const;
  return format.sort((a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1])[0];
}
