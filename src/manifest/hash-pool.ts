/**
 * SHA-256 of many files on all cores: worker threads (one per core but one), each reading files
 * with blocking reads into one reused buffer and hashing them, fed small batches from a bounded
 * queue; the main thread, once its walk waits or ends, hashes batches of the queue too. So on two
 * cores one worker hashes while the walk runs and both hash after it, and a worker's isolate
 * (about 8 MiB of RSS each) is spent only where a core would otherwise idle.
 *
 * Why workers and not libuv's thread pool: with fs streams (or `fs.read` into buffers) the reads
 * run on the pool, but `hash.update` runs on the main thread, so hashing uses one core; on a
 * Debian tree of 13,500 entries and 440 MB that took longer than the whole walk with workers
 * (docs/performance.md has the figures). A worker is started from source text (`eval`), so the
 * esbuild bundle needs no second file.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Files are read in blocks of 64 KiB, which stay in the core's cache between the copy and the hash:
 * on the Debian tree hashing every file on one thread took 0.6 to 0.8 s so, 0.8 to 0.9 s with 1 MiB.
 */
const BLOCK = 64 << 10;

/** The worker: `{paths}` in, `{digests}` out, one hex digest (or `!message` on failure) per path. */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const { createHash } = require('node:crypto');
const buffer = Buffer.allocUnsafe(${BLOCK});
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

/**
 * What the pool is told about the files it hashes: the queue holds the caller's own items (the
 * walk's entries), and paths are made only when a batch goes out, so a queued file costs one
 * array slot rather than a job, a closure and an absolute path that live until it is hashed.
 */
export interface HashItems<T> {
  /** The path to open. */
  pathOf: (item: T) => string;
  /** Its size in bytes, to cut batches of about equal work. */
  sizeOf: (item: T) => number;
  /** Takes the hex digest, or `!` and the error's message when reading failed. */
  done: (item: T, digest: string) => void;
}

/** A batch is sent when it holds this many files or bytes, whichever comes first. */
const BATCH_FILES = 64;
const BATCH_BYTES = 4 << 20;
/**
 * Batches a worker holds at once. The walk lets the event loop turn only every so many entries, so
 * a worker's answers wait until then: with work in hand it does not idle meanwhile.
 */
const IN_FLIGHT = 6;

/** The main thread's share: the worker's loop, in the same words. */
let mainBuffer: Buffer | undefined;
function hashFileSync(path: string): string {
  mainBuffer ??= Buffer.allocUnsafe(BLOCK);
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    const hash = createHash('sha256');
    for (let n; (n = readSync(fd, mainBuffer, 0, mainBuffer.length, null)) > 0; ) hash.update(mainBuffer.subarray(0, n));
    return hash.digest('hex');
  } catch (error) {
    return '!' + (error as Error).message;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** Hashes files with SHA-256 on `threads` worker threads and the main thread. Call `close` when done. */
export class HashPool<T> {
  private readonly workers: { worker: Worker; batches: T[][] }[] = [];
  private readonly queue: T[] = [];
  private queueHead = 0;
  private queuedBytes = 0;
  private failure: Error | undefined;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly items: HashItems<T>,
    threads = Math.min(7, availableParallelism() - 1),
  ) {
    for (let i = 0; i < Math.max(0, threads); i++) {
      // A worker holds a few batches of paths and a 64 KiB buffer: small heap limits keep each near 8 MiB of RSS.
      const worker = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 } });
      const slot = { worker, batches: [] as T[][] };
      worker.on('message', (digests: string[]) => {
        const batch = slot.batches.shift()!;
        for (let j = 0; j < batch.length; j++) items.done(batch[j]!, digests[j]!);
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

  /** Queues a file; its digest goes to `items.done`. */
  add(item: T): void {
    this.queue.push(item);
    this.queuedBytes += this.items.sizeOf(item);
    // Whole batches only while the walk runs: a batch of one file would leave a worker idle
    // until the walk next lets the event loop turn.
    if (this.queue.length - this.queueHead >= BATCH_FILES || this.queuedBytes >= BATCH_BYTES) this.dispatch();
  }

  /**
   * Resolves when at most `limit` files are pending (the bounded queue's back-pressure). While
   * files wait that no worker has taken, the main thread hashes a batch of them, then lets the
   * workers' answers in.
   */
  async below(limit: number): Promise<void> {
    this.dispatch();
    while (this.pending > limit) {
      if (this.failure) throw this.failure;
      const batch = this.nextBatch();
      if (batch.length > 0) {
        for (const item of batch) this.items.done(item, hashFileSync(this.items.pathOf(item)));
        await new Promise<void>((resolve) => setImmediate(resolve));
      } else {
        await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
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

  /** The next batch of the queue: up to `BATCH_FILES` files or `BATCH_BYTES` bytes. */
  private nextBatch(): T[] {
    const batch: T[] = [];
    let bytes = 0;
    while (this.queueHead < this.queue.length && batch.length < BATCH_FILES && bytes < BATCH_BYTES) {
      const item = this.queue[this.queueHead++]!;
      batch.push(item);
      bytes += this.items.sizeOf(item);
    }
    this.queuedBytes -= bytes;
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
    }
    return batch;
  }

  /** Gives every worker with fewer than `IN_FLIGHT` batches in hand the next batch, so none waits idle. */
  private dispatch(): void {
    for (const slot of this.workers) {
      while (slot.batches.length < IN_FLIGHT && this.queueHead < this.queue.length) {
        const batch = this.nextBatch();
        slot.batches.push(batch);
        slot.worker.postMessage(batch.map(this.items.pathOf));
      }
    }
  }
}
