import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Bounds the memory that the chunks of a read hold after they are used. Every chunk a socket or a
 * decompressor hands over is a new buffer, which V8 frees only when a garbage collection finds its
 * JavaScript object dead; the reader allocates few objects of its own, so V8 collects when it
 * sees the buffers' memory pass its external-memory limit, tens of MiB later. Asking for a minor
 * collection (a scavenge of the young generation, about a millisecond here) every 4 MiB of layer
 * bytes read keeps that memory small. Measured (bench, `--only`, load 12 to 19 on 2 cores), peak RSS
 * with and without: 250MB-12k 106 against 127 MiB, and CPU 1.6 against 2.4 s; 250MB-12k-mtimes 135
 * against 169 MiB, over the 150 MiB target. So it stays, on by default.
 *
 * The one switch: REPRO_CHECK_READ_GC=off turns the collections off, and with them the run-time
 * `--expose-gc` that they need (for measuring what they buy, or a runtime that refuses the flag).
 */

/** Bytes of layer data read between two collections. */
export const READ_GARBAGE_BYTES = 4 * 1024 * 1024;

type Collect = (options: { type: 'minor' }) => void;

/** V8's collection function: null where it cannot be had (then reads go on without it). */
let collect: Collect | null | undefined;

/** Whether reads are collected as they go: on unless `REPRO_CHECK_READ_GC` is `off`. */
export function collectsReads(env: NodeJS.ProcessEnv): boolean {
  return env.REPRO_CHECK_READ_GC !== 'off';
}

/** Counts bytes of layer data read and, when on, asks V8 to collect the young generation every READ_GARBAGE_BYTES. */
export class ReadCollector {
  private unread = 0;

  constructor(readonly on: boolean) {}

  count(bytes: number): void {
    if (!this.on) return;
    this.unread += bytes;
    if (this.unread < READ_GARBAGE_BYTES) return;
    this.unread = 0;
    collector()?.({ type: 'minor' });
  }
}

/** The process's collector, switched by REPRO_CHECK_READ_GC when the module loads. */
const READS = new ReadCollector(collectsReads(process.env));

/** Counts bytes of layer data read (see ReadCollector). */
export function countRead(bytes: number): void {
  READS.count(bytes);
}

/**
 * The `gc` function that `--expose-gc` gives: the flag, set at run time, applies to contexts made
 * after it, so a new context has it (the way test runners that look for leaks get it).
 */
function collector(): Collect | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    const found: unknown = runInNewContext('typeof gc === "function" ? gc : null');
    collect = typeof found === 'function' ? (found as Collect) : null;
  } catch {
    collect = null;
  }
  return collect;
}
