import { Readable } from 'node:stream';

/**
 * Reads the first `n` bytes of a stream without losing them: the returned stream yields the whole
 * content again. Used to recognise a blob (gzip, zstd, tar, JSON) by its magic bytes before choosing
 * how to read it, so no blob is ever buffered whole. Works on anything async-iterable, because
 * tar-stream's entries are streamx streams, whose `unshift` and `readable` events differ from Node's.
 */
export async function peekStream(source: AsyncIterable<Buffer>, n: number): Promise<{ head: Buffer; stream: Readable }> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let done = false;
  while (length < n) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(chunks, length);
  async function* replay(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    while (!done) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, stream: Readable.from(replay(), { objectMode: false }) };
}

/** What a blob's first bytes say it is. */
export type BlobKind = 'gzip' | 'zstd' | 'tar' | 'json' | 'unknown';

/** Recognises a blob by its magic bytes (tar: `ustar` at offset 257). */
export function sniffBlob(head: Buffer): BlobKind {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  const first = head.toString('latin1').trimStart()[0];
  if (first === '{' || first === '[') return 'json';
  // An empty tar (two zero blocks, as an empty layer is written) has no magic.
  if (head.length >= 512 && head.subarray(0, 512).every((b) => b === 0)) return 'tar';
  return 'unknown';
}
