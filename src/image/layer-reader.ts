// One file: one pass over a layer blob (decompress, hash the blob and the tar, parse, hash contents), whose parts share the stream's state and its failure.
import { createHash, hash as oneShotHash, type Hash } from 'node:crypto';
import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import type { Header } from 'tar-stream';
import type { FileEntry, FileTree } from '../tree/file-entry.js';
import { quote, tarErrorText } from './error-text.js';
import { entryFromHeader } from './tar-header.js';
import { TarParser, type TarEntryHandler } from './tar-parser.js';
import { readHead, sniffBlob, type StreamHead } from './peek-stream.js';
import { countRead } from './read-garbage.js';
import { SizeLimitError } from './stream-limits.js';
import type { LayerContentSink } from './kept-content.js';
import type { KeptVersion } from './kept-version.js';
import { zstdDecompressor } from './zstd-stream.js';

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

/** Options for `readLayer`. */
export interface ReadLayerOptions {
  /** The blob's first bytes, already read from `source` (by `readHead`) to tell what it is. */
  start?: StreamHead;
  /** Where to hand files' content as it streams by, for explaining differences without a second read. */
  content?: LayerContentSink;
  /**
   * The blob's digest, from a source trusted to have computed it (the engine names the blobs of
   * its own `docker save` by their digests): the blob is then not hashed again, and an
   * uncompressed blob's diff ID is this digest. Files' contents are hashed all the same.
   */
  blobDigest?: string;
}

/**
 * Bytes of each buffer the gzip decompressor fills. Profiling (two 260 MB layers, gzip): with
 * zlib's default of 16 KiB, each buffer is a round trip to libuv's thread pool and back, and the
 * main thread's share of those 33,000 round trips (`processCallback`) was 0.7 s, more than hashing.
 */
export const INFLATE_CHUNK = 256 * 1024;

/** A stream that decompresses gzip (on libuv's thread pool) or zstd (zstd-stream.ts: Node.js's own, else fzstd's). */
export function decompressor(kind: 'gzip' | 'zstd'): Transform {
  return kind === 'gzip' ? zlib.createGunzip({ chunkSize: INFLATE_CHUNK }) : zstdDecompressor();
}

/**
 * Reads a layer blob (a tar, gzip- or zstd-compressed or not) as a stream: every entry's metadata
 * and a SHA-256 of its content, computed while the bytes pass. Memory grows with the number of
 * entries, never with the size of the layer. Fails with LayerFormatError for a blob that is not a
 * whole tar (corrupt, truncated, an entry larger than the data) and SizeLimitError for headers past
 * the limits of `stream-limits.ts`; on failure, `source` is destroyed.
 */
export async function readLayer(source: Readable, options: ReadLayerOptions = {}): Promise<LayerRead> {
  try {
    return await parseLayer(source, options);
  } catch (error) {
    // What is left of the blob would otherwise stay open and paused.
    source.destroy();
    throw asLayerError(error);
  } finally {
    options.content?.close();
  }
}

/** Gives every failure of a layer read one of the two documented error classes. */
function asLayerError(error: unknown): LayerFormatError | SizeLimitError {
  if (error instanceof LayerFormatError || error instanceof SizeLimitError) return error;
  return new LayerFormatError(`corrupt layer tar: ${tarErrorText(error)}`, { cause: error });
}

/** Whether a time can be shown as a date (JavaScript dates reach 8.64e15 ms either side of 1970). */
function isDate(time: { sec: number } | undefined): boolean {
  return time === undefined || (Number.isSafeInteger(time.sec) && Math.abs(time.sec) <= 8.64e12);
}

async function parseLayer(source: Readable, options: ReadLayerOptions): Promise<LayerRead> {
  const start = options.start ?? (await readHead(source, 512));
  const kind = sniffBlob(start.head);
  if (kind !== 'gzip' && kind !== 'zstd' && kind !== 'tar' && start.head.length > 0) {
    throw new LayerFormatError(`not a tar layer (starts with ${start.head.subarray(0, 8).toString('hex')})`);
  }
  const compression: LayerCompression = kind === 'gzip' || kind === 'zstd' ? kind : 'none';
  const tree: FileTree = new Map();
  const hashBlob = options.blobDigest === undefined;
  const blob: BlobDigests = { blobHash: hashBlob ? createHash('sha256') : null, tarHash: null, tarBytes: 0, resume: () => undefined, stop: () => undefined };
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      source.pause();
      blob.stop();
      reject(error);
    };
    const parser = new TarParser(new EntryReader(tree, options.content), {
      drain: () => blob.resume(),
      finish: () => {
        settled = true;
        resolve();
      },
      error: fail,
    }, 'the layer tar');
    feedBlob(source, start, compression, parser, fail, blob);
  });
  const blobDigest = options.blobDigest ?? digestText(blob.blobHash!);
  return {
    tree,
    diffId: blob.tarHash && blob.tarHash !== blob.blobHash ? digestText(blob.tarHash) : blobDigest,
    blobDigest,
    compression,
    size: blob.tarBytes,
  };
}

/** The hashes of a layer blob, complete once the parser has taken every byte. */
interface BlobDigests {
  /** Null when the blob's digest is known already. */
  blobHash: Hash | null;
  /** The uncompressed tar's hash: `blobHash` itself for an uncompressed blob. */
  tarHash: Hash | null;
  tarBytes: number;
  /** Reads on after the parser asked to wait (set by `feedBlob`). */
  resume: () => void;
  /** Frees the decompressor after a failure (set by `feedBlob`). */
  stop: () => void;
}

/**
 * Hands the blob (its head first, then the rest of `source`) to the parser, hashing it as stored
 * (unless its digest is known) and, decompressed, as a tar. Chunks are passed on by hand, not through pipe()
 * and pass-through streams: one call per chunk, and a parser that waits, or a decompressor that is
 * full, pauses the source. Profiling: hashing is the largest cost of a read (a third of its CPU
 * time per pass over the bytes). An uncompressed blob is the tar itself, so its one hash is both
 * digests; and a blob whose digest the engine gave is not hashed at all, which leaves the one hash
 * of each file's content.
 */
function feedBlob(source: Readable, start: StreamHead, compression: LayerCompression, parser: TarParser, fail: (error: Error) => void, digests: BlobDigests): void {
  const { blobHash } = digests;
  const inflate = compression === 'none' ? null : decompressor(compression);
  const tarHash = inflate ? createHash('sha256') : blobHash;
  digests.tarHash = tarHash;
  digests.resume = () => (inflate ?? source).resume();
  digests.stop = () => inflate?.destroy();
  const toTar = (chunk: Buffer): boolean => {
    if (inflate) {
      tarHash!.update(chunk);
      countRead(chunk.length);
    }
    digests.tarBytes += chunk.length;
    return parser.write(chunk);
  };
  const fromBlob = (chunk: Buffer): boolean => {
    blobHash?.update(chunk);
    countRead(chunk.length);
    return inflate ? inflate.write(chunk) : toTar(chunk);
  };
  const endBlob = () => (inflate ? inflate.end() : parser.end());
  if (inflate) {
    inflate.on('data', (chunk: Buffer) => toTar(chunk) || inflate.pause());
    inflate.on('end', () => parser.end());
    inflate.on('error', (error: Error) => fail(new LayerFormatError(`corrupt ${compression} layer: ${error.message}`)));
    inflate.on('drain', () => source.resume());
  }
  // `start` recorded an end or an error that came while nobody listened; from here on, these do.
  if (start.error) {
    fail(start.error);
    return;
  }
  source.on('error', fail);
  const flowing = start.head.length === 0 || fromBlob(start.head);
  if (start.ended) {
    endBlob();
    return;
  }
  let ended = false;
  source.on('data', (chunk: Buffer) => fromBlob(chunk) || source.pause());
  source.on('end', () => {
    ended = true;
    endBlob();
  });
  // Destroyed without an error before its end: the blob is cut short.
  source.on('close', () => ended || fail(new LayerFormatError('the layer blob ends before its end')));
  if (flowing) source.resume();
}

/**
 * Reads the parser's entries into the tree: a file's content is hashed as it streams by and, with
 * a sink, handed to it; at a file's end, the sink may ask this image to wait for the other.
 * Profiling: one crypto hash per file is the cost that stays; nothing else is made per chunk.
 */
class EntryReader implements TarEntryHandler {
  /** The entry being read, or null for one that is not a file of the tree. */
  private current: FileEntry | null = null;
  /** The file's hash, made once its content comes in more than one slice. */
  private hash: Hash | null = null;
  /** The file's digest, when its whole content came in one slice and was hashed at once. */
  private digest: string | null = null;
  /** The other image's version of the file, while every byte so far compared equal to it. */
  private version: KeptVersion | null = null;
  private chunks: Buffer[] | null = null;
  private kept = 0;

  constructor(
    private readonly tree: FileTree,
    private readonly sink: LayerContentSink | undefined,
  ) {}

  entry(header: Header): void {
    const fileEntry = entryFromHeader(header);
    if (fileEntry && !isDate(fileEntry.mtime)) throw new LayerFormatError(`tar entry ${quote(header.name)} has a modification time that is no date`);
    this.current = fileEntry;
    if (fileEntry?.type !== 'file') return;
    this.chunks = this.sink?.collect() ? [] : null;
    this.kept = 0;
    this.version = fileEntry.size ? (this.sink?.counterpart(fileEntry.path, fileEntry.size) ?? null) : null;
  }

  data(chunk: Buffer): void {
    const file = this.current;
    if (file?.type !== 'file') return;
    if (this.version === null || !this.version.next(chunk)) this.hashChunk(file, chunk);
    const keep = this.sink?.perFile ?? 0;
    if (this.chunks && this.kept < keep) {
      // The parser's slices are views of its chunks: held only until `settle`, which copies them.
      const part = this.kept + chunk.length > keep ? chunk.subarray(0, keep - this.kept) : chunk;
      this.chunks.push(part);
      this.kept += part.length;
    }
  }

  private hashChunk(file: FileEntry, chunk: Buffer): void {
    if (this.version !== null) {
      // The file differs from the other image's after all: hash what compared equal, then go on.
      this.hash = createHash('sha256');
      this.version.hashCompared(this.hash);
      this.version = null;
      this.hash.update(chunk);
    } else if (this.hash === null && chunk.length === file.size) {
      // Profiling: most files of an image are smaller than a chunk of the stream, and hashing those
      // in one call, with no hash object, took a fifth off the cost of hashing 24,000 files.
      this.digest = digestOf(chunk);
    } else {
      (this.hash ??= createHash('sha256')).update(chunk);
    }
  }

  end(): Promise<void> | undefined {
    const fileEntry = this.current;
    this.current = null;
    if (!fileEntry) return undefined;
    if (fileEntry.type !== 'file') {
      addEntry(this.tree, fileEntry);
      return undefined;
    }
    fileEntry.digest = this.version?.digest ?? this.digest ?? (this.hash ? digestText(this.hash) : EMPTY_DIGEST);
    this.version = null;
    this.digest = null;
    this.hash = null;
    const chunks = this.chunks;
    this.chunks = null;
    // Settled before it joins the tree: the sink may give the other image's equal entry instead.
    addEntry(this.tree, this.sink ? this.sink.settle(fileEntry, chunks) : fileEntry);
    return this.sink?.pace();
  }
}

/** Adds an entry to a layer's tree; a hard link takes the digest and size of its target. */
function addEntry(tree: FileTree, fileEntry: FileEntry): void {
  if (fileEntry.type === 'hardlink' && fileEntry.linkTarget) {
    const target = tree.get(fileEntry.linkTarget);
    if (target?.digest) {
      fileEntry.digest = target.digest;
      fileEntry.size = target.size;
    }
  }
  tree.set(fileEntry.path, fileEntry);
}

/** Scratch space of `digestText`. */
const DIGEST_TEXT = Buffer.from('sha256:' + '0'.repeat(64), 'latin1');

/**
 * `sha256:<hex>` of a finished hash as one flat string. Profiling (retained heap per entry): the
 * concatenation kept a two-part string per file, 24 bytes more than this, for every file of a tree.
 */
function digestText(hash: Hash): string {
  return flatDigest(hash.digest('hex'));
}

/** `sha256:<hex>` of bytes hashed in one call. */
function digestOf(bytes: Buffer): string {
  return flatDigest(oneShotHash('sha256', bytes, 'hex'));
}

function flatDigest(hex: string): string {
  DIGEST_TEXT.write(hex, 7, 'latin1');
  return DIGEST_TEXT.toString('latin1');
}

/** The digest of an empty file. */
const EMPTY_DIGEST = digestOf(Buffer.alloc(0));
