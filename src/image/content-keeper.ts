import type { FileEntry } from '../tree/file-entry.js';
import type { ContentSide, ExtractedFile, KeepLimits, KeptFile, LayerContentSink, PairListener } from './kept-content.js';
import { KeptVersion, type Segment, type Slab } from './kept-version.js';

export type { ContentSide, KeepLimits, KeptFile, LayerContentSink, PairListener } from './kept-content.js';

/** A file whose counterpart in the other image has not been seen with the same digest. */
interface Pending {
  /** The file's entry, as its tree holds it. */
  entry: FileEntry;
  digest: string;
  size: number;
  /** Where its first bytes were copied, or null when they were not kept. */
  segments: Segment[] | null;
  /** Bytes kept in `segments`. */
  kept: number;
  /** Another file at the same path (in another layer). */
  next: Pending | undefined;
}

/** Size of one slab: most files fit in one, and a file left pending keeps no more than its own slabs from reuse. */
const SLAB_SIZE = 256 * 1024;
/** Bytes of pending content one image may get ahead of the other before it waits for it. */
const LEAD = 2 * 1024 * 1024;

/**
 * Keeps, while both images of a pair are read at once, the content of the files that may differ,
 * so that explaining a difference needs no second read of the images (profiling: that second read
 * took as long as the first). A file is pending from the moment one image has it until the other
 * has the same path with the same digest; then it is dropped. Both save streams move at about the
 * same pace, so what is pending at any moment is the few files between the two readers' positions
 * (a few MiB on two 250 MB images), and at the end only the files that differ.
 *
 * Pending content is copied into slabs that are reused, not into new buffers and not kept as the
 * parser's chunks: either way memory that lives a few milliseconds longer than the stream's own
 * buffers got promoted by the garbage collector and then freed only by full collections, which
 * added tens of MiB to the peak (measured: 170 to 200 MiB instead of 140). Past the budget a file
 * is only recorded, and its content is read again later if it turns out to be needed.
 */
export class ContentKeeper {
  private readonly pending: [Map<string, Pending>, Map<string, Pending>] = [new Map(), new Map()];
  private readonly layers: [readonly string[] | null, readonly string[] | null] = [null, null];
  /** Whether each layer member is kept, decided once for both images (see `skips`). */
  private readonly decided = new Map<string, boolean>();
  /** The slab each image is copying into. */
  private readonly current: [Slab | null, Slab | null] = [null, null];
  private readonly free: Slab[] = [];
  private slabs = 0;
  /** Bytes of content each image has pending. */
  private readonly ahead: [number, number] = [0, 0];
  /** Layers each image is reading now with a sink (0 or 1). */
  private readonly reading: [number, number] = [0, 0];
  /** Wakes each image up while it waits for the other. */
  private readonly waiting: [(() => void) | null, (() => void) | null] = [null, null];
  readonly sides: [ContentSide, ContentSide];

  constructor(
    readonly limits: KeepLimits,
    private readonly onPair?: PairListener,
  ) {
    this.sides = [this.side(0), this.side(1)];
  }

  /** Bytes of memory held for kept content (slabs in use and free). */
  get heldBytes(): number {
    return this.slabs * SLAB_SIZE;
  }

  private side(index: 0 | 1): ContentSide {
    const sink: LayerContentSink = {
      perFile: this.limits.perFile,
      collect: () => this.free.length > 0 || (this.slabs + 1) * SLAB_SIZE <= this.limits.total || this.current[index] !== null,
      settle: (file, chunks) => this.settle(index, file, chunks),
      counterpart: (path, size) => this.counterpart(index, path, size),
      pace: () => this.pace(index),
      close: () => {
        this.reading[index]--;
        this.wake(otherOf(index));
      },
    };
    return {
      expectLayers: (diffIds) => (this.layers[index] = [...diffIds]),
      forLayer: (member) => {
        if (this.skips(member)) return null;
        this.reading[index]++;
        return sink;
      },
      lookup: (path, digest) => this.lookup(index, path, digest),
    };
  }

  /**
   * Whether neither image keeps a member's files, decided the first time either image meets it, so
   * that an image whose diff IDs came late cannot skip a layer whose files the other one kept.
   */
  private skips(member: string): boolean {
    let skip = this.decided.get(member);
    if (skip === undefined) this.decided.set(member, (skip = this.sameInBoth(member)));
    return skip;
  }

  /**
   * Whether a member is a layer that both images have at the same position. Only uncompressed OCI
   * blobs can be told before they are read (their name is their diff ID); others are kept as usual.
   */
  private sameInBoth(member: string): boolean {
    const [a, b] = this.layers;
    if (!a || !b || !member.startsWith('blobs/')) return false;
    const digest = member.slice('blobs/'.length).replace('/', ':');
    const index = a.indexOf(digest);
    return index >= 0 && b[index] === digest;
  }

  private settle(index: 0 | 1, file: FileEntry, chunks: Buffer[] | null): FileEntry {
    const { path, digest } = file as FileEntry & { digest: string };
    const size = file.size ?? 0;
    const other = this.pending[otherOf(index)];
    // The other image has this file with the same content: neither needs it.
    for (let previous: Pending | undefined, theirs = other.get(path); theirs; previous = theirs, theirs = theirs.next) {
      if (theirs.digest !== digest) continue;
      if (previous) previous.next = theirs.next;
      else if (theirs.next) other.set(path, theirs.next);
      else other.delete(path);
      this.release(otherOf(index), theirs);
      // Profiling (retained heap, GC trace): most files of two builds are alike, and sharing the
      // other image's entry (or at least its strings) lets this image's copies die young. What the
      // trees keep is what makes V8 grow its young generation; kept smaller, the young generation
      // stays at half the size and its more frequent collections free the stream's buffers sooner.
      if (sameFields(theirs.entry, file)) return theirs.entry;
      file.path = theirs.entry.path;
      file.digest = theirs.digest;
      return file;
    }
    const mine = this.pending[index];
    const segments = chunks ? this.copy(index, chunks) : null;
    let kept = 0;
    for (const segment of segments ?? []) kept += segment.end - segment.start;
    this.ahead[index] += kept;
    const entry: Pending = { entry: file, digest, size, segments, kept, next: mine.get(path) };
    mine.set(path, entry);
    // Both versions of a file that differs are known now: the listener may start on them.
    const theirs = other.get(path);
    if (this.onPair && segments && theirs?.segments) {
      const [a, b] = index === 0 ? [entry, theirs] : [theirs, entry];
      this.onPair(path, keptFile(a), keptFile(b));
    }
    return file;
  }

  /**
   * The other image's pending version of a file, kept whole. Profiling two 250 MB images: hashing
   * was a third of the reader's work on the main thread while the save streams came in; the image
   * that reads a file second now mostly compares it with the first image's copy (a memory
   * comparison) and takes its digest when every byte is the same. The version stays pending, its
   * slabs untouched, until this image settles the file.
   */
  private counterpart(index: 0 | 1, path: string, size: number): KeptVersion | null {
    for (let theirs = this.pending[otherOf(index)].get(path); theirs; theirs = theirs.next) {
      if (theirs.size === size && theirs.segments !== null && theirs.kept === size) return new KeptVersion(theirs.digest, theirs.segments);
    }
    return null;
  }

  /**
   * Keeps the two readers close: an image more than LEAD bytes of pending content ahead waits
   * while the other reads a layer too, until it has caught up to half of that. Both streams are
   * read at once anyway, so the wait costs no time: the engine sends the other stream meanwhile.
   * Two images that are each ahead (they read different layers) never wait for each other, and
   * nobody waits once the budget is spent. Measured: the peak of pending content fell from 10 to
   * 20 MiB to about 5 MiB on two 250 MB images, at the same speed.
   */
  private pace(index: 0 | 1): Promise<void> | undefined {
    const other = otherOf(index);
    if (this.ahead[other] <= LEAD / 2) this.wake(other);
    if (this.ahead[index] <= LEAD || this.reading[other] === 0) return undefined;
    // Once the budget is spent nothing more is kept, so waiting would only slow the read down.
    if (this.free.length === 0 && (this.slabs + 1) * SLAB_SIZE > this.limits.total) return undefined;
    if (this.waiting[other]) {
      this.wake(other);
      return undefined;
    }
    return new Promise((resolve) => (this.waiting[index] = resolve));
  }

  private wake(index: 0 | 1): void {
    const resolve = this.waiting[index];
    this.waiting[index] = null;
    resolve?.();
  }

  /** Copies chunks into this image's slabs; null (nothing copied) when the budget has no room. */
  private copy(index: 0 | 1, chunks: Buffer[]): Segment[] | null {
    const segments: Segment[] = [];
    if (chunks.every((c) => c.length === 0)) return segments;
    let slab = this.current[index];
    let chunk = 0;
    let offset = 0;
    do {
      if (!slab || slab.used === SLAB_SIZE) {
        slab = this.nextSlab(index);
        if (!slab) {
          for (const segment of segments) this.unuse(segment.slab);
          return null;
        }
      }
      const start = slab.used;
      while (chunk < chunks.length && slab.used < SLAB_SIZE) {
        const copied = chunks[chunk]!.copy(slab.buffer, slab.used, offset);
        slab.used += copied;
        offset += copied;
        if (offset === chunks[chunk]!.length) {
          chunk++;
          offset = 0;
        }
      }
      slab.live++;
      segments.push({ slab, start, end: slab.used });
    } while (chunk < chunks.length);
    return segments;
  }

  /** A slab to copy into, once the current one is full: a free one, a new one, or none. */
  private nextSlab(index: 0 | 1): Slab | null {
    const full = this.current[index];
    this.current[index] = null;
    if (full && full.live === 0) this.recycle(full);
    let slab = this.free.pop();
    if (!slab) {
      if ((this.slabs + 1) * SLAB_SIZE > this.limits.total) return null;
      this.slabs++;
      slab = { buffer: Buffer.allocUnsafeSlow(SLAB_SIZE), used: 0, live: 0 };
    }
    this.current[index] = slab;
    return slab;
  }

  private release(index: 0 | 1, entry: Pending): void {
    for (const segment of entry.segments ?? []) {
      this.ahead[index] -= segment.end - segment.start;
      this.unuse(segment.slab);
    }
    entry.segments = null;
  }

  /** One pending file less in `slab`: an emptied slab that no image copies into is reused. */
  private unuse(slab: Slab): void {
    slab.live--;
    if (slab.live === 0 && slab !== this.current[0] && slab !== this.current[1]) this.recycle(slab);
  }

  private recycle(slab: Slab): void {
    slab.used = 0;
    this.free.push(slab);
  }

  private lookup(index: 0 | 1, path: string, digest: string): ExtractedFile | undefined {
    for (let entry = this.pending[index].get(path); entry; entry = entry.next) {
      if (entry.digest === digest && entry.segments) return keptFile(entry);
    }
    return undefined;
  }
}

/** A pending file's kept content, copied out of the slabs. */
function keptFile(entry: Pending): KeptFile {
  const content = Buffer.concat((entry.segments ?? []).map((s) => s.slab.buffer.subarray(s.start, s.end)));
  return { content, truncated: content.length < entry.size, size: entry.size, digest: entry.digest };
}

/**
 * Whether two tar entries of the same path and digest are equal in every other field the tar
 * reader sets (entries with extended attributes are never taken as equal here).
 */
function sameFields(a: FileEntry, b: FileEntry): boolean {
  return (
    a.type === b.type &&
    a.mode === b.mode &&
    a.uid === b.uid &&
    a.gid === b.gid &&
    a.size === b.size &&
    a.linkTarget === b.linkTarget &&
    a.xattrs === undefined &&
    b.xattrs === undefined &&
    (a.mtime === b.mtime || (a.mtime !== undefined && b.mtime !== undefined && a.mtime.sec === b.mtime.sec && a.mtime.nsec === b.mtime.nsec))
  );
}

function otherOf(index: 0 | 1): 0 | 1 {
  return index === 0 ? 1 : 0;
}
