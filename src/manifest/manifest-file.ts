import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import type { FileTree } from '../tree/file-entry.js';
import { sortedEntries } from '../tree/sorted-entries.js';
import { writeJsonManifest } from './json-manifest-writer.js';
import type { ManifestHeader } from './json-manifest.js';
import { writeMtree } from './mtree-writer.js';
import type { ManifestFormat } from './read-manifest.js';

/** The format a manifest path asks for: `.mtree` files are mtree, everything else JSON. */
export function formatOfPath(path: string): ManifestFormat {
  return path.endsWith('.mtree') ? 'mtree' : 'json';
}

/** Streams a tree as a manifest in the given format, sorted by path. */
export async function writeManifest(tree: FileTree, out: Writable, format: ManifestFormat, header: Omit<ManifestHeader, 'kind' | 'schemaVersion'>): Promise<void> {
  const entries = sortedEntries(tree);
  if (format === 'mtree') await writeMtree(entries, out);
  else await writeJsonManifest(entries, out, header);
}

/** Writes a tree's manifest to a file, in the format its name asks for. */
export async function writeManifestFile(tree: FileTree, path: string, header: Omit<ManifestHeader, 'kind' | 'schemaVersion'>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeManifest(tree, createWriteStream(path), formatOfPath(path), header);
}
