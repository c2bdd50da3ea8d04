import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import type { FileTree } from '../tree/file-entry.js';
import { quote, TAR_STREAM_HEADER_LIMIT, TAR_STREAM_HEADER_MESSAGE, tarErrorText } from './error-text.js';
import { entryFromHeader } from './tar-header.js';
import { peekStream, sniffBlob } from './peek-stream.js';
import { SizeLimitError } from './stream-limits.js';

/** How a layer blob was stored in the archive. */
export type LayerCompression = 'none' | 'gzip' | 'zstd';

/** Everything read from one layer blob. */
export interface LayerRead {
  /** The layer's entries, whiteout markers included as they appear in the tar. */
  tree: FileTree;
  /** `sha256:` of the uncompressed tar: the diff ID that the image config lists. */
  diffId: string;
  /** `sha256:` of the blob as stored (equal to `diffId` when uncompressed). */
  blobDigest: string;
  compression: LayerCompression;
  /** Bytes of the uncompressed tar. */
  size: number;
}

/** Raised when a blob that should be a layer cannot be read as one. */
export class LayerFormatError extends Error {
  override name = 'LayerFormatError';
}

/** A pass-through stream that hashes and counts what flows through it. */
function tap(hash: Hash, counter: { bytes: number }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      counter.bytes += chunk.length;
      callback(null, chunk);
    },
  });
}

/** A stream that decompresses gzip or zstd (the latter where Node.js has it). */
export function decompressor(kind: 'gzip' | 'zstd'): Transform {
  if (kind === 'gzip') return zlib.createGunzip();
  const create = (zlib as unknown as { createZstdDecompress?: () => Transform }).createZstdDecompress;
  if (!create) throw new LayerFormatError('zstd-compressed layers need Node.js 22.15 or newer');
  return create();
}

/**
 * Reads a layer blob (a tar, gzip- or zstd-compressed or not) as a stream: every entry's metadata
 * and a SHA-256 of its content, computed while the bytes pass. Memory grows with the number of
 * entries, never with the size of the layer. Fails with LayerFormatError for a blob that is not a
 * whole tar (corrupt, truncated, an entry larger than the data) and SizeLimitError for headers past
 * the limits of `stream-limits.ts`; on failure, `source` is destroyed.
 */
export async function readLayer(source: Readable): Promise<LayerRead> {
  try {
    return await parseLayer(source);
  } catch (error) {
    // What is left of the blob would otherwise stay open and paused.
    source.destroy();
    throw asLayerError(error);
  }
}

/** Gives every failure of a layer read one of the two documented error classes. */
function asLayerError(error: unknown): LayerFormatError | SizeLimitError {
  if (error instanceof LayerFormatError || error instanceof SizeLimitError) return error;
  if (error instanceof Error && error.message === TAR_STREAM_HEADER_MESSAGE) {
    return new SizeLimitError('a PAX or GNU long-name header of the layer tar', TAR_STREAM_HEADER_LIMIT);
  }
  return new LayerFormatError(`corrupt layer tar: ${tarErrorText(error)}`, { cause: error });
}

/** Whether a time can be shown as a date (JavaScript dates reach 8.64e15 ms either side of 1970). */
function isDate(time: { sec: number } | undefined): boolean {
  return time === undefined || (Number.isSafeInteger(time.sec) && Math.abs(time.sec) <= 8.64e12);
}

async function parseLayer(source: Readable): Promise<LayerRead> {
  const { head, stream } = await peekStream(source, 512);
  const kind = sniffBlob(head);
  if (kind !== 'gzip' && kind !== 'zstd' && kind !== 'tar' && head.length > 0) {
    throw new LayerFormatError(`not a tar layer (starts with ${head.subarray(0, 8).toString('hex')})`);
  }
  const blobHash = createHash('sha256');
  const diffHash = createHash('sha256');
  const blobCount = { bytes: 0 };
  const diffCount = { bytes: 0 };
  const extract = tar.extract();
  const fail = (error: Error) => extract.destroy(error);
  let tarStream: Readable = stream.on('error', fail).pipe(tap(blobHash, blobCount)).on('error', fail);
  if (kind === 'gzip' || kind === 'zstd') {
    tarStream = tarStream.pipe(decompressor(kind)).on('error', (error: Error) => fail(new LayerFormatError(`corrupt ${kind} layer: ${error.message}`)));
  }
  const diffTap = tarStream.pipe(tap(diffHash, diffCount)).on('error', fail);
  diffTap.pipe(extract as unknown as NodeJS.WritableStream);

  const tree: FileTree = new Map();
  for await (const entry of extract) {
    const header = entry.header;
    const fileEntry = entryFromHeader(header);
    if (fileEntry && !isDate(fileEntry.mtime)) throw new LayerFormatError(`tar entry ${quote(header.name)} has a modification time that is no date`);
    if (fileEntry?.type === 'file') {
      const hash = createHash('sha256');
      for await (const chunk of entry) hash.update(chunk as Buffer);
      fileEntry.digest = 'sha256:' + hash.digest('hex');
    } else {
      entry.resume();
    }
    if (!fileEntry) continue;
    if (fileEntry.type === 'hardlink' && fileEntry.linkTarget) {
      const target = tree.get(fileEntry.linkTarget);
      if (target?.digest) {
        fileEntry.digest = target.digest;
        fileEntry.size = target.size;
      }
    }
    tree.set(fileEntry.path, fileEntry);
  }
  // The tar ends with zero blocks that the parser may not read; drain them so both hashes are whole.
  await drain(diffTap);
  return {
    tree,
    diffId: 'sha256:' + diffHash.digest('hex'),
    blobDigest: 'sha256:' + blobHash.digest('hex'),
    compression: kind === 'tar' || kind === 'json' || kind === 'unknown' ? 'none' : kind,
    size: diffCount.bytes,
  };
}

/** Waits until a stream has passed all its data on and ended. */
function drain(stream: Readable): Promise<void> {
  if (stream.readableEnded) return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
    stream.resume();
  });
}
