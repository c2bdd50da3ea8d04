import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { LINE_LIMIT, LineTooLongError } from './line-limit.js';

/**
 * Calls `onLine` for every line of a stream or string (without the newline; a trailing `\r` is
 * kept for the caller), with its 1-based number; LineTooLongError for a line past `limit` characters. A callback rather than an async iterator: a
 * million lines through `for await` would cost a promise each.
 */
export async function eachLine(source: Readable | string, onLine: (line: string, lineNo: number) => void, limit = LINE_LIMIT): Promise<void> {
  if (typeof source === 'string') return eachLineOf(source, onLine, limit);
  let lineNo = 0;
  let rest = '';
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      if (end - start > limit) throw new LineTooLongError(lineNo + 1, limit);
      onLine(text.slice(start, end), ++lineNo);
      start = end + 1;
    }
    rest = text.slice(start);
    if (rest.length > limit) throw new LineTooLongError(lineNo + 1, limit);
  }
  rest += decoder.end();
  if (rest !== '') onLine(rest, lineNo + 1);
}

/** `eachLine` for text already in memory, synchronously. */
export function eachLineOf(text: string, onLine: (line: string, lineNo: number) => void, limit = LINE_LIMIT): void {
  let lineNo = 0;
  let start = 0;
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
    if (end - start > limit) throw new LineTooLongError(lineNo + 1, limit);
    onLine(text.slice(start, end), ++lineNo);
    start = end + 1;
  }
  if (text.length - start > limit) throw new LineTooLongError(lineNo + 1, limit);
  if (start < text.length) onLine(text.slice(start), lineNo + 1);
}
