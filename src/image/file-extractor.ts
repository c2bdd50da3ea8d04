import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { archiveMembers, asArchiveError, isBlobMember } from './archive-members.js';
import { decompressor } from './layer-reader.js';
import { readHead, rejoin, sniffBlob } from './peek-stream.js';
import { layerPath } from './tar-header.js';
import type { ExtractedFile } from './kept-content.js';

export type { ExtractedFile } from './kept-content.js';

/** How much file content a second read may keep in memory. */
export interface ExtractLimits {
  /** Bytes kept of one file; the rest is read past and the file marked truncated. */
  perFile: number;
  /** Bytes kept over all files; files past it are marked truncated with no content. */
  total: number;
}

/**
 * Bytes of content one second read keeps at most, whatever `ExtractLimits.total` asks: 16 MiB per
 * image, so the second reads of a pair (run at the same time) hold 32 MiB together, the same budget
 * as the first read's (the README states both). Files past it are marked truncated with no content,
 * which the inspection reports as too large, instead of memory growing with the differences.
 */
export const READ_AGAIN_BUDGET = 16 * 1024 * 1024;

/** Default limits: enough to inspect the handful of files a typical difference touches. */
export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = { perFile: 8 * 1024 * 1024, total: READ_AGAIN_BUDGET };

/**
 * Reads an image archive a second time and keeps the content of the requested files only: layers
 * that hold none of them are skipped without being parsed, and content is capped by `limits` and,
 * over all files, by `READ_AGAIN_BUDGET`.
 * Requests are keyed by the layer's archive member (as `ArchiveLayer.member` recorded it), then by
 * the file's absolute path (a hard link's target, not the link). The first read only hashes content;
 * this one serves the inspection of files already known to differ.
 */
export async function extractFiles(
  source: Readable,
  requests: ReadonlyMap<string, ReadonlySet<string>>,
  limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS,
): Promise<Map<string, Map<string, ExtractedFile>>> {
  const found = new Map<string, Map<string, ExtractedFile>>();
  const budget = { left: Math.min(limits.total, READ_AGAIN_BUDGET) };
  try {
    for await (const member of archiveMembers(source)) {
      const wanted = requests.get(member.name);
      // Requests name the member a layer resolved to in the first read, never a link to it.
      if (!wanted || member.header.type !== 'file' || !isBlobMember(member.name)) {
        member.stream.resume();
        continue;
      }
      found.set(member.name, await extractFromLayer(member.stream, wanted, limits, budget));
    }
  } catch (error) {
    source.destroy();
    throw asArchiveError(error);
  }
  return found;
}

async function extractFromLayer(
  blob: Readable,
  wanted: ReadonlySet<string>,
  limits: ExtractLimits,
  budget: { left: number },
): Promise<Map<string, ExtractedFile>> {
  const files = new Map<string, ExtractedFile>();
  const start = await readHead(blob, 512);
  const stream = rejoin(start, blob);
  const kind = sniffBlob(start.head);
  const extract = tar.extract();
  const layerTar = kind === 'gzip' || kind === 'zstd' ? stream.pipe(decompressor(kind)) : stream;
  for (const part of new Set([stream, layerTar])) part.on('error', (error: Error) => extract.destroy(error));
  layerTar.pipe(extract as unknown as NodeJS.WritableStream);
  for await (const entry of extract) {
    // The same path the first read gave the entry (`layerPath`), or the request would not find it.
    const path = layerPath(entry.header.name);
    if (!wanted.has(path) || entry.header.type !== 'file') {
      entry.resume();
      continue;
    }
    const keep = Math.max(0, Math.min(limits.perFile, budget.left));
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    for await (const chunk of entry) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (kept < keep) {
        const part = buffer.subarray(0, keep - kept);
        chunks.push(part);
        kept += part.length;
      }
    }
    budget.left -= kept;
    files.set(path, { content: Buffer.concat(chunks, kept), truncated: kept < size, size });
  }
  return files;
}
