import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * Calls `onLine` for every line of a stream or string (without the newline; a trailing `\r` is
 * kept for the caller), with its 1-based number. A callback rather than an async iterator: a
 * million lines through `for await` would cost a promise each.
 */
export async function eachLine(source: Readable | string, onLine: (line: string, lineNo: number) => void): Promise<void> {
  if (typeof source === 'string') return eachLineOf(source, onLine);
  let lineNo = 0;
  let rest = '';
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      onLine(text.slice(start, end), ++lineNo);
      start = end + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest !== '') onLine(rest, lineNo + 1);
}

/** `eachLine` for text already in memory, synchronously. */
export function eachLineOf(text: string, onLine: (line: string, lineNo: number) => void): void {
  let lineNo = 0;
  let start = 0;
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
    onLine(text.slice(start, end), ++lineNo);
    start = end + 1;
  }
  if (start < text.length) onLine(text.slice(start), lineNo + 1);
}
