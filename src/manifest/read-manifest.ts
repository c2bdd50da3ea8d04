import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { peekStream } from '../image/peek-stream.js';
import { InputError } from '../settings.js';
import type { FileTree } from '../tree/file-entry.js';
import { readJsonManifest } from './json-manifest-reader.js';
import { ManifestFormatError } from './manifest-error.js';
import { readMtree } from './mtree-reader.js';

/** The manifest formats repro-check reads and writes. */
export type ManifestFormat = 'json' | 'mtree';

/**
 * Reads a manifest in either format, told apart by its first bytes: a JSON manifest starts with
 * `{`, anything else is read as mtree. gzip-compressed manifests are decompressed on the way.
 */
export async function readManifest(source: Readable, name: string): Promise<FileTree> {
  let { head, stream } = await peekStream(source, 4096);
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    ({ head, stream } = await peekStream(stream.pipe(zlib.createGunzip()), 4096));
  }
  const first = head.toString('latin1').trimStart()[0];
  if (first === '{') return readJsonManifest(stream, name);
  const tree = await readMtree(stream, name);
  // Every mtree manifest lists at least its root; nothing at all is the wrong file, not a tree
  // whose every file was removed.
  if (tree.size === 0) throw new ManifestFormatError(name, 0, 'no entries: not a manifest (expected repro-check JSON or mtree)');
  return tree;
}

/** Reads a manifest file; `name` (default the path) is what errors call it. */
export async function readManifestFile(path: string, name: string = path): Promise<FileTree> {
  const stats = await stat(path).catch(() => null);
  if (!stats?.isFile()) throw new InputError(`manifest ${name} does not exist or is not a file`);
  return readManifest(createReadStream(path), name);
}
