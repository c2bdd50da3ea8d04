// The drift worker's entry (dist/drift-worker.cjs): compares one share of two manifests' paths on a
// thread of its own, for runDriftCheck (see src/check/drift-threads.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { driftShare, type DriftShareJob } from './check/drift-share.js';
import { describeError, type DriftWorkerReply } from './check/drift-threads.js';

driftShare(workerData as DriftShareJob).then(
  (report) => parentPort?.postMessage({ report } satisfies DriftWorkerReply),
  (error: unknown) => parentPort?.postMessage({ error: describeError(error) } satisfies DriftWorkerReply),
);
