import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Lines are gathered into chunks of about this many characters before they are written. */
const CHUNK = 64 * 1024;

async function* chunked(lines: Iterable<string> | AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = '';
  for await (const line of lines) {
    buffer += line + '\n';
    if (buffer.length >= CHUNK) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}

/**
 * Writes lines to a stream as they are produced, honouring backpressure, and ends the stream.
 * Writers produce lines lazily, so a manifest of a million entries never exists as one string.
 */
export async function writeLines(lines: Iterable<string> | AsyncIterable<string>, out: Writable): Promise<void> {
  await pipeline(Readable.from(chunked(lines)), out);
}
