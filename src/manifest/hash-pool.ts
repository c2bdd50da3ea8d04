/**
 * SHA-256 of many files on all cores: a few worker threads, each reading files with blocking reads
 * into one reused buffer and hashing them, fed small batches from a bounded queue.
 *
 * Why workers and not libuv's thread pool: with fs streams (or `fs.read` into buffers) the reads
 * run on the pool, but `hash.update` runs on the main thread, so hashing uses one core; on a
 * Debian tree of 13,500 entries and 440 MB that took longer than the whole walk with workers
 * (docs/performance.md has the figures). A worker is started from source text (`eval`), so the
 * esbuild bundle needs no second file.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** The worker: `{paths}` in, `{digests}` out, one hex digest (or `!message` on failure) per path. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const { createHash } = require('node:crypto');
const buffer = Buffer.allocUnsafe(1 << 20);
parentPort.on('message', (paths) => {
  const digests = [];
  for (const path of paths) {
    let fd = -1;
    try {
      fd = openSync(path, 'r');
      const hash = createHash('sha256');
      for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n));
      digests.push(hash.digest('hex'));
    } catch (error) {
      digests.push('!' + error.message);
    } finally {
      if (fd >= 0) closeSync(fd);
    }
  }
  parentPort.postMessage(digests);
});
`;

/** One file to hash and what to do with its digest. */
interface Job {
  path: string;
  size: number;
  done: (digest: string) => void;
}

/** A batch is sent when it holds this many files or bytes, whichever comes first. */
const BATCH_FILES = 64;
const BATCH_BYTES = 4 << 20;

/** Hashes files with SHA-256 on `threads` worker threads. Call `close` when done. */
export class HashPool {
  private readonly workers: { worker: Worker; batches: Job[][] }[] = [];
  private readonly queue: Job[] = [];
  private queueHead = 0;
  private failure: Error | undefined;
  private waiters: (() => void)[] = [];

  constructor(threads = Math.min(8, availableParallelism())) {
    for (let i = 0; i < Math.max(1, threads); i++) {
      // A worker holds 64 paths and a 1 MiB buffer: small heap limits keep each near 8 MiB of RSS.
      const worker = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 } });
      const slot = { worker, batches: [] as Job[][] };
      worker.on('message', (digests: string[]) => {
        const batch = slot.batches.shift()!;
        for (let j = 0; j < batch.length; j++) batch[j]!.done(digests[j]!);
        this.dispatch();
        this.wake();
      });
      worker.on('error', (error) => {
        this.failure = error;
        this.wake();
      });
      this.workers.push(slot);
    }
  }

  /** Files queued or being hashed. */
  get pending(): number {
    let n = this.queue.length - this.queueHead;
    for (const slot of this.workers) for (const batch of slot.batches) n += batch.length;
    return n;
  }

  /** Queues a file; `done` gets the hex digest, or `!` and the error's message when reading failed. */
  add(path: string, size: number, done: (digest: string) => void): void {
    this.queue.push({ path, size, done });
    this.dispatch();
  }

  /** Resolves when at most `limit` files are pending (the bounded queue's back-pressure). */
  async below(limit: number): Promise<void> {
    while (this.pending > limit) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.failure) throw this.failure;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((slot) => slot.worker.terminate()));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Gives every worker with fewer than two batches in hand the next batch, so none waits idle. */
  private dispatch(): void {
    for (const slot of this.workers) {
      while (slot.batches.length < 2 && this.queueHead < this.queue.length) {
        const batch: Job[] = [];
        let bytes = 0;
        while (this.queueHead < this.queue.length && batch.length < BATCH_FILES && bytes < BATCH_BYTES) {
          const job = this.queue[this.queueHead++]!;
          batch.push(job);
          bytes += job.size;
        }
        slot.batches.push(batch);
        slot.worker.postMessage(batch.map((job) => job.path));
      }
    }
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
    }
  }
}
