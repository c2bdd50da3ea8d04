import type { Writable } from 'node:stream';
import type { FileEntry } from '../tree/file-entry.js';
import { MANIFEST_KIND, MANIFEST_SCHEMA_VERSION, toJsonEntry, type ManifestHeader } from './json-manifest.js';
import { writeLines } from './line-output.js';

/** The lines of a JSON manifest: the header, then one entry per line as they come. */
export async function* jsonManifestLines(
  entries: Iterable<FileEntry> | AsyncIterable<FileEntry>,
  header: Omit<ManifestHeader, 'schemaVersion' | 'kind'> = {},
): AsyncGenerator<string> {
  yield JSON.stringify({ schemaVersion: MANIFEST_SCHEMA_VERSION, kind: MANIFEST_KIND, ...header });
  for await (const entry of entries) yield JSON.stringify(toJsonEntry(entry));
}

/** Streams a JSON manifest of `entries` (in the order given) to `out`, and ends it. */
export async function writeJsonManifest(
  entries: Iterable<FileEntry> | AsyncIterable<FileEntry>,
  out: Writable,
  header: Omit<ManifestHeader, 'schemaVersion' | 'kind'> = {},
): Promise<void> {
  await writeLines(jsonManifestLines(entries, header), out);
}
