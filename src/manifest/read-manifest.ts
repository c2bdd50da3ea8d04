import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { readHead, rejoin } from '../image/peek-stream.js';
import { InputError } from '../settings.js';
import type { FileTree } from '../tree/file-entry.js';
import { readJsonManifestShare } from './json-manifest-reader.js';
import { ManifestFormatError } from './manifest-error.js';
import { readMtreeShare } from './mtree-reader.js';
import { READ_WHOLE, type ManifestShare, type ShareReading } from './path-share.js';

/** The manifest formats repro-check reads and writes. */
export type ManifestFormat = 'json' | 'mtree';

/**
 * Reads a manifest in either format, told apart by its first bytes: a JSON manifest starts with
 * `{`, anything else is read as mtree. gzip-compressed manifests are decompressed on the way.
 */
export async function readManifest(source: Readable, name: string): Promise<FileTree> {
  return (await readManifestShare(source, name, READ_WHOLE)).tree;
}

/** `readManifest` of the entries in one share of the paths, read as `reading` says (see path-share.ts). */
export async function readManifestShare(source: Readable, name: string, reading: ShareReading): Promise<ManifestShare> {
  let start = await readHead(source, 4096);
  let stream = rejoin(start, source);
  if (start.head.length >= 2 && start.head[0] === 0x1f && start.head[1] === 0x8b) {
    const inflated = stream.pipe(zlib.createGunzip());
    stream.on('error', (error: Error) => inflated.destroy(error));
    start = await readHead(inflated, 4096);
    stream = rejoin(start, inflated);
  }
  const first = start.head.toString('latin1').trimStart()[0];
  if (first === '{') return readJsonManifestShare(stream, name, reading);
  const read = await readMtreeShare(stream, name, reading);
  // Every mtree manifest lists at least its root; nothing at all is the wrong file, not a tree
  // whose every file was removed.
  if (read.listed === 0) throw new ManifestFormatError(name, 0, 'no entries: not a manifest (expected repro-check JSON or mtree)');
  return read;
}

/** Reads a manifest file; `name` (default the path) is what errors call it. */
export async function readManifestFile(path: string, name: string = path): Promise<FileTree> {
  return (await readManifestFileShare(path, name, READ_WHOLE)).tree;
}

/** `readManifestFile` of the entries in one share of the paths (see path-share.ts). */
export async function readManifestFileShare(path: string, name: string, reading: ShareReading): Promise<ManifestShare> {
  const stats = await stat(path).catch(() => null);
  if (!stats?.isFile()) throw new InputError(`manifest ${name} does not exist or is not a file`);
  // 1 MiB reads: a 185 MB manifest took 200 to 270 ms to read in the default 64 KiB chunks, 50 ms so.
  return readManifestShare(createReadStream(path, { highWaterMark: 1024 * 1024 }), name, reading);
}
