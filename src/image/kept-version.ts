import type { Hash } from 'node:crypto';

/** A block of memory that kept content is copied into, reused once nothing in it is pending. */
export interface Slab {
  buffer: Buffer;
  /** Bytes written. */
  used: number;
  /** Pending files with bytes in this slab. */
  live: number;
}

/** A run of a pending file's bytes inside one slab. */
export interface Segment {
  slab: Slab;
  start: number;
  end: number;
}

/**
 * One image's kept version of a file, which the other image's reader compares its own bytes with
 * as they come (see `ContentKeeper.counterpart`).
 */
export class KeptVersion {
  /** The segment the comparison has reached, and how far into it. */
  private segment = 0;
  private within = 0;

  constructor(
    /** The kept version's digest: the reader's file has it when every byte compared equal. */
    readonly digest: string,
    private readonly segments: readonly Segment[],
  ) {}

  /** Whether `chunk` is the kept version's next bytes; only then does the comparison move past them. */
  next(chunk: Buffer): boolean {
    let at = 0;
    let segment = this.segment;
    let within = this.within;
    while (at < chunk.length) {
      const part = this.segments[segment];
      if (part === undefined) return false;
      const from = part.start + within;
      const n = Math.min(part.end - from, chunk.length - at);
      if (part.slab.buffer.compare(chunk, at, at + n, from, from + n) !== 0) return false;
      at += n;
      within += n;
      if (from + n === part.end) {
        segment++;
        within = 0;
      }
    }
    this.segment = segment;
    this.within = within;
    return true;
  }

  /** Hashes the bytes compared equal so far: the reader's own, which it did not hash, once a later chunk differs. */
  hashCompared(hash: Hash): void {
    for (let i = 0; i < this.segment; i++) {
      const part = this.segments[i]!;
      hash.update(part.slab.buffer.subarray(part.start, part.end));
    }
    const part = this.segments[this.segment];
    if (part !== undefined && this.within > 0) hash.update(part.slab.buffer.subarray(part.start, part.start + this.within));
  }
}
