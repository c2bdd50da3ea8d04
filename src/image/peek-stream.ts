import { Readable } from 'node:stream';

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

/** The first bytes of a stream, read by `readHead`. */
export interface StreamHead {
  /** Every byte read so far: at least the `n` asked for, unless the stream ended first. */
  head: Buffer;
  /**
   * The stream has ended: there is nothing more to read. Kept up to date after `readHead` resolves,
   * so a caller that checks it while attaching its own listeners cannot miss an `end` emitted in
   * between.
   */
  ended: boolean;
  /** An error the stream emitted after `readHead` resolved, likewise kept. */
  error?: Error;
}

/**
 * Reads the first `n` bytes (or more: whole chunks) of a Node.js or streamx stream and leaves it
 * paused, the bytes read in `head` and the rest still in the stream. Nothing is wrapped: the caller
 * writes `head` on and then reads the stream itself, so a blob of hundreds of megabytes does not
 * pass through an async generator chunk by chunk (profiling: such a replay and its `Readable.from`
 * made a sixth of the allocations of reading an image, and their garbage drives the young
 * generation's growth). With `sniffBlob` (and `rejoin` where a reader wants the stream whole), it recognises a blob (gzip, zstd, tar,
 * JSON) by its magic bytes before choosing how to read it, so no blob is ever buffered whole.
 */
export function readHead(source: Readable, n: number): Promise<StreamHead> {
  // Destroyed before anyone read it (a tar member whose archive failed meanwhile): no event will come.
  if (source.destroyed) return Promise.reject(source.errored ?? new Error('the stream was closed before it was read'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let result: StreamHead | undefined;
    const settle = (ended: boolean) => {
      source.off('data', onData);
      result = { head: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length), ended };
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= n) {
        source.pause();
        settle(false);
      }
    };
    const fail = (error: Error) => {
      if (result) result.error ??= error;
      else reject(error);
    };
    // These stay attached: they record what happens after the promise resolves.
    source.once('end', () => (result ? (result.ended = true) : settle(true)));
    source.on('error', fail);
    // Destroyed before its end, without an error: the data is cut, as in a truncated stream.
    source.once('close', () => {
      if (!(result?.ended ?? false) && !source.readableEnded) fail(new Error('the stream closed before its end'));
    });
    source.on('data', onData);
  });
}

/**
 * The whole content of a stream whose head `readHead` took: the head, then the rest, for a reader
 * that wants the stream whole. An async generator: one step per chunk, which the hot path of layer
 * blobs avoids (see `readHead`) but which costs nothing on documents and manifests.
 */
export function rejoin(start: StreamHead, source: Readable): Readable {
  async function* all(): AsyncGenerator<Buffer> {
    yield start.head;
    if (start.error) throw start.error;
    if (!start.ended) for await (const chunk of source) yield chunk as Buffer;
  }
  return Readable.from(all(), { objectMode: false });
}
