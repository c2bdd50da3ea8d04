/**
 * The words of one mtree line, kept as byte ranges of the line's buffer rather than as strings:
 * most words of a big manifest (`uid=0`, `size=4096`, `time=…`) become numbers, and only the name
 * and a few values ever need to be text.
 */
export class LineTokens {
  /** The buffer the ranges point into; valid until the next `split`. */
  bytes: Buffer = Buffer.alloc(0);
  /** Start and end (exclusive) of each word; grown when a line has more words. */
  starts = new Int32Array(32);
  ends = new Int32Array(32);
  /** Where the first `=` of each word is (its end when it has none). */
  equals = new Int32Array(32);
  /** How many words the line has. */
  count = 0;

  /**
   * Splits `bytes[start, end)` at spaces and tabs. A word that starts with `#` ends the line (a
   * comment, whole or trailing: names never hold a bare `#`), so blank and comment lines have none.
   * The same pass finds each word's first `=`; past it, only the word's end is looked for
   * (profiling: 0.23 µs rather than 0.34 µs a line of bench/drift-bench.ts, testing every byte
   * for all three).
   */
  split(bytes: Buffer, start: number, end: number): void {
    this.bytes = bytes;
    this.count = 0;
    let i = start;
    while (i < end) {
      const c = bytes[i]!;
      if (c === 32 || c === 9) {
        i++;
        continue;
      }
      if (c === 35) break;
      const from = i;
      let eq = -1;
      for (; i < end; i++) {
        const d = bytes[i]!;
        if (d <= 61 && (d === 32 || d === 9 || d === 61)) {
          if (d === 61) eq = i;
          break;
        }
      }
      if (eq >= 0) {
        for (i++; i < end; i++) {
          const d = bytes[i]!;
          if (d <= 32 && (d === 32 || d === 9)) break;
        }
      }
      this.push(from, i, eq < 0 ? i : eq);
    }
  }

  private push(start: number, end: number, eq: number): void {
    if (this.count === this.starts.length) {
      this.starts = grown(this.starts);
      this.ends = grown(this.ends);
      this.equals = grown(this.equals);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.equals[this.count] = eq;
    this.count++;
  }

  /** Word `i` as text (UTF-8, as the whole line would have been decoded). */
  word(i: number): string {
    return this.text(this.starts[i]!, this.ends[i]!);
  }

  /** `bytes[start, end)` of this line as text (see `text`). */
  text(start: number, end: number): string {
    return text(this.bytes, start, end);
  }

  /** Every word from `first` on, as text. */
  words(first: number): string[] {
    const out: string[] = [];
    for (let i = first; i < this.count; i++) out.push(this.word(i));
    return out;
  }

  /** Whether word `i` is exactly `text` (ASCII). */
  is(i: number, text: string): boolean {
    return rangeIs(this.bytes, this.starts[i]!, this.ends[i]!, text);
  }
}

/** Whether `bytes[start, end)` is exactly the ASCII `text`. */
export function rangeIs(bytes: Buffer, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * `bytes[start, end)` decoded as UTF-8. ASCII, nearly every name, is copied as Latin-1, which is
 * the same text and cheaper for Node to make (profiling: 0.25 s rather than 0.52 s for 1M names).
 */
export function text(bytes: Buffer, start: number, end: number): string {
  for (let i = start; i < end; i++) if (bytes[i]! >= 128) return bytes.toString('utf8', start, end);
  return bytes.toString('latin1', start, end);
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const out = new Int32Array(array.length * 2);
  out.set(array);
  return out;
}
