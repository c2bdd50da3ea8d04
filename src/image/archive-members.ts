import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import tar, { type Header } from 'tar-stream';
import { tarErrorText } from './error-text.js';
import { decompressor, LayerFormatError } from './layer-reader.js';
import { readHead, sniffBlob } from './peek-stream.js';
import { SizeLimitError } from './stream-limits.js';

/** Raised when a `docker save` stream is not a readable image archive. */
export class ArchiveFormatError extends Error {
  override name = 'ArchiveFormatError';
}

/** One member of an image archive: its normalised name, tar header and content stream. */
export interface ArchiveMember {
  /** Name without `./` or a trailing slash: `manifest.json`, `blobs/sha256/<hex>`, `<id>/layer.tar`. */
  name: string;
  header: Header;
  /** The member's content; the consumer must read or resume it before asking for the next member. */
  stream: Readable;
}

/**
 * Yields the members of a `docker save` stream, plain or compressed as a whole
 * (`docker save | gzip`). Errors of the stream or of tar parsing surface as ArchiveFormatError.
 */
export async function* archiveMembers(source: Readable): AsyncGenerator<ArchiveMember> {
  const start = await readHead(source, 512);
  const kind = sniffBlob(start.head);
  if (kind === 'unknown' || kind === 'json') {
    throw new ArchiveFormatError(start.head.length === 0 ? 'the image archive is empty' : 'not an image archive: not a tar stream');
  }
  const extract = tar.extract();
  // The head goes first, then the source is piped on (no replaying wrapper: see `readHead`).
  const inflate = kind === 'gzip' || kind === 'zstd' ? decompressor(kind) : null;
  const input = (inflate ?? extract) as unknown as NodeJS.WritableStream;
  const fail = (error: Error) => extract.destroy(error);
  if (inflate) inflate.on('error', fail).pipe(extract as unknown as NodeJS.WritableStream);
  if (start.error) fail(start.error);
  else if (start.ended) input.end(start.head);
  else {
    source.on('error', fail);
    source.on('close', () => source.readableEnded || fail(new Error('the archive stream closed before its end')));
    input.write(start.head);
    source.pipe(input);
  }
  try {
    for await (const entry of extract) {
      const name = posix.normalize(entry.header.name).replace(/^\.\//, '').replace(/\/$/, '');
      yield { name, header: entry.header, stream: entry as unknown as Readable };
    }
  } catch (error) {
    throw asArchiveError(error);
  }
}

/**
 * Turns any error met while reading an archive into an ArchiveFormatError that says so, keeping the
 * error behind it as `cause`: a limit passed (SizeLimitError) is not a corrupt archive.
 */
export function asArchiveError(error: unknown): ArchiveFormatError {
  if (error instanceof ArchiveFormatError) return error;
  if (error instanceof SizeLimitError || error instanceof LayerFormatError) return new ArchiveFormatError(`image archive refused: ${error.message}`, { cause: error });
  return new ArchiveFormatError(`corrupt or truncated image archive: ${tarErrorText(error)}`, { cause: error });
}

/** Whether a member may be a layer blob (or, in the OCI layout, any blob). */
export function isBlobMember(name: string): boolean {
  return name.endsWith('/layer.tar') || name.startsWith('blobs/');
}

/** Where a link member points, relative to the archive root (legacy archives link identical layers). */
export function linkTargetOf(member: ArchiveMember): string {
  const link = member.header.linkname ?? '';
  return posix.normalize(member.header.type === 'symlink' ? posix.join(posix.dirname(member.name), link) : link);
}
