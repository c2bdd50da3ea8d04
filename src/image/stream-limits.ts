import type { Readable } from 'node:stream';

/** Raised when a stream holds more than a reader is willing to keep in memory. */
export class SizeLimitError extends Error {
  constructor(what: string, limit: number) {
    super(`${what} is larger than the ${limit}-byte limit`);
    this.name = 'SizeLimitError';
  }
}

/**
 * Reads a whole stream into memory, failing once it passes `limit` bytes. Used only for small
 * metadata (manifests, image configs), never for layers.
 */
export async function readCapped(stream: Readable, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > limit) {
      stream.destroy();
      throw new SizeLimitError(what, limit);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, total);
}

/** Maximum size of a JSON document (manifest, index, config) read from an image archive. */
export const JSON_LIMIT = 16 * 1024 * 1024;
/** Maximum of all the JSON documents of one image archive together: each is kept until the end. */
export const JSON_TOTAL_LIMIT = 64 * 1024 * 1024;
/** Deepest nesting of arrays and objects accepted in those documents (real ones nest 5 levels at most). */
export const JSON_DEPTH_LIMIT = 64;
/** Maximum of the PAX records of one tar entry, in bytes of `key=value`. */
export const PAX_LIMIT = 1024 * 1024;
/** Maximum length of a tar entry's name or link target, in bytes (Linux allows 4,096 for a path). */
export const NAME_LIMIT = 64 * 1024;
