/**
 * The bytes of a reader's entry lines, one after another in one buffer, in the order their entries
 * entered its tree: kept from a baseline so that the snapshot's lines can be matched byte for byte
 * before they are parsed (see src/drift/equal-sieve.ts). One buffer and one array of offsets rather
 * than an object per line: a million lines of a JSON manifest are about 220 MB of text.
 */
export class LineArena {
  private bytes: Buffer;
  private used = 0;
  /** Where line i ends; it starts where line i - 1 ends. */
  private ends: Float64Array;
  /** What else line i's entry depended on (mtree's `/set` defaults), when anything. */
  private readonly contexts: (string | undefined)[] = [];
  /** How many lines are kept. */
  count = 0;
  /** False once a reader could not keep one line per entry (it merged two lines into one entry). */
  valid = true;

  /**
   * `expectedBytes`: about how many bytes of lines will be kept, when the caller can tell (the part
   * of the file its share holds). Profiling a million-entry baseline: growing the buffer by
   * doubling copied it over and over and touched twice the memory, a third of a share's copying
   * time; a buffer of the right size is filled once.
   */
  constructor(expectedBytes = 1024 * 1024) {
    this.bytes = Buffer.allocUnsafe(Math.max(1024, Math.ceil(expectedBytes)));
    this.ends = new Float64Array(Math.max(1024, Math.ceil(expectedBytes / 64)));
  }

  /** Keeps the next entry's line, and what else the entry depended on. */
  add(from: Buffer, start: number, end: number, context?: string): void {
    this.contexts.push(context);
    const length = end - start;
    if (this.used + length > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(Math.ceil(this.bytes.length * 1.5), this.used + length));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    if (this.count === this.ends.length) {
      const grown = new Float64Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    from.copy(this.bytes, this.used, start, end);
    this.used += length;
    this.ends[this.count++] = this.used;
  }

  /** Stands for an entry no single line of its own made (a deferred one): an empty line, which no entry line equals. */
  addBlank(): void {
    this.add(EMPTY, 0, 0);
  }

  /** Whether line `i` is `other[start, end)`, byte for byte, read in the same context. */
  equals(i: number, other: Buffer, start: number, end: number, context?: string): boolean {
    const from = i === 0 ? 0 : this.ends[i - 1]!;
    const to = this.ends[i]!;
    return to - from === end - start && this.contexts[i] === context && this.bytes.compare(other, start, end, from, to) === 0;
  }
}

const EMPTY = Buffer.alloc(0);
