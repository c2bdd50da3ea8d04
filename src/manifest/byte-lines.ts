import type { Readable } from 'node:stream';
import { LINE_LIMIT, LineTooLongError } from './line-limit.js';

/**
 * Receives one line as a byte range `[start, end)` of `bytes` (without its `\n`; a `\r` before it
 * is kept for the caller), with its 1-based number. `bytes` is only valid during the call: it is
 * the stream's chunk or a buffer that the next line overwrites, so keep copies, never the buffer.
 * The lines of one chunk share its buffer; a line carried over a chunk edge has a buffer object
 * of its own (so a handler may look at a whole chunk once, keyed by the buffer).
 */
export type ByteLineHandler = (bytes: Buffer, start: number, end: number, lineNo: number) => void;

/**
 * The part of a line that a chunk ended in the middle of, gathered until the chunk holding its
 * newline arrives. One buffer, grown by doubling and reused for every line cut by a chunk edge.
 */
class Carry {
  bytes = Buffer.allocUnsafe(4096);
  length = 0;

  constructor(private readonly limit: number) {}

  /** Adds `from[start, end)` to line `lineNo`; throws LineTooLongError past the limit. */
  append(from: Buffer, start: number, end: number, lineNo: number): void {
    const needed = this.length + (end - start);
    if (needed > this.limit) throw new LineTooLongError(lineNo, this.limit);
    if (needed > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    from.copy(this.bytes, this.length, start, end);
    this.length = needed;
  }
}

/**
 * Calls `onLine` for every line of a stream, a string or a buffer, without decoding anything
 * (LineTooLongError for a line past `limit` bytes): lines
 * are found with `Buffer.indexOf` (memchr) in the chunks as they come, and only a line that spans
 * two chunks is copied. Text is made by the caller from the few byte ranges it keeps.
 *
 * Profiling note (bench/drift-bench.ts, two mtree manifests of 1M entries, 185 MB each): decoding
 * the chunks and cutting them into line and then word strings took 1.8 s of the 13.5 s read, plus
 * much of the 3.5 s of garbage collection; and the names, slices of those strings, kept every
 * chunk's text alive. Finding the lines in the bytes takes under 0.1 s a side.
 */
export async function eachByteLine(source: Readable | string | Buffer, onLine: ByteLineHandler, limit = LINE_LIMIT): Promise<void> {
  if (typeof source === 'string' || Buffer.isBuffer(source)) {
    eachByteLineOf(typeof source === 'string' ? Buffer.from(source, 'utf8') : source, onLine, limit);
    return;
  }
  const carry = new Carry(limit);
  let lineNo = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    let start = 0;
    if (carry.length > 0) {
      const newline = bytes.indexOf(10);
      if (newline < 0) {
        carry.append(bytes, 0, bytes.length, lineNo + 1);
        continue;
      }
      carry.append(bytes, 0, newline, lineNo + 1);
      // A view of its own for each carried line: a handler may tell buffers apart by identity.
      onLine(carry.bytes.subarray(0, carry.length), 0, carry.length, ++lineNo);
      carry.length = 0;
      start = newline + 1;
    }
    for (let newline = bytes.indexOf(10, start); newline >= 0; newline = bytes.indexOf(10, start)) {
      if (newline - start > limit) throw new LineTooLongError(lineNo + 1, limit);
      onLine(bytes, start, newline, ++lineNo);
      start = newline + 1;
    }
    if (start < bytes.length) carry.append(bytes, start, bytes.length, lineNo + 1);
  }
  if (carry.length > 0) onLine(carry.bytes.subarray(0, carry.length), 0, carry.length, lineNo + 1);
}

/** `eachByteLine` for bytes already in memory, synchronously. */
export function eachByteLineOf(bytes: Buffer, onLine: ByteLineHandler, limit = LINE_LIMIT): void {
  let lineNo = 0;
  let start = 0;
  for (let newline = bytes.indexOf(10); newline >= 0; newline = bytes.indexOf(10, start)) {
    if (newline - start > limit) throw new LineTooLongError(lineNo + 1, limit);
    onLine(bytes, start, newline, ++lineNo);
    start = newline + 1;
  }
  if (bytes.length - start > limit) throw new LineTooLongError(lineNo + 1, limit);
  if (start < bytes.length) onLine(bytes, start, bytes.length, lineNo + 1);
}

/**
 * The answer to a question about a whole chunk, asked once per buffer: the lines of one chunk
 * share its buffer (see ByteLineHandler), so a line handler keys the answer by the buffer.
 */
export class PerChunk {
  private last: Buffer | undefined;
  private answer = false;

  constructor(private readonly question: (bytes: Buffer) => boolean) {}

  of(bytes: Buffer): boolean {
    if (bytes !== this.last) {
      this.last = bytes;
      this.answer = this.question(bytes);
    }
    return this.answer;
  }
}
