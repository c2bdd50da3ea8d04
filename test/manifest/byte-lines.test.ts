import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { eachByteLine } from '../../src/manifest/byte-lines.js';

/** The lines `eachByteLine` reports for `chunks`, decoded, with their numbers. */
async function linesOf(source: Readable | string | Buffer): Promise<[string, number][]> {
  const out: [string, number][] = [];
  await eachByteLine(source, (bytes, start, end, lineNo) => out.push([bytes.toString('utf8', start, end), lineNo]));
  return out;
}

/** What splitting the whole text at `\n` gives: every line, and a last one only if not empty. */
function expected(text: string): [string, number][] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line, i) => [line, i + 1]);
}

/** The bytes of `text` cut at the given offsets. */
function chunked(text: string, cuts: number[]): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const cut of [...at, bytes.length]) {
    if (cut > from) chunks.push(bytes.subarray(from, cut));
    from = cut;
  }
  return Readable.from(chunks);
}

describe('eachByteLine', () => {
  test.each([
    ['no newline at the end', 'a\nb', [['a', 1], ['b', 2]]],
    ['a newline at the end', 'a\nb\n', [['a', 1], ['b', 2]]],
    ['empty lines counted', '\n\na\n', [['', 1], ['', 2], ['a', 3]]],
    ['CR kept for the caller', 'a\r\nb\r\n', [['a\r', 1], ['b\r', 2]]],
    ['nothing', '', []],
  ])('%s', async (_name, text, lines) => {
    expect(await linesOf(text)).toEqual(lines);
    expect(await linesOf(Buffer.from(text))).toEqual(lines);
    expect(await linesOf(Readable.from([Buffer.from(text)]))).toEqual(lines);
  });

  it('joins a line that a chunk edge cuts, also inside a multi-byte character', async () => {
    const text = 'first\ncafé 日本 \u{1f600}\nlast';
    const bytes = Buffer.from(text, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await linesOf(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)].filter((c) => c.length > 0)))).toEqual(expected(text));
    }
    expect(await linesOf(Readable.from([...bytes].map((b) => Buffer.from([b]))))).toEqual(expected(text));
  });

  it('joins a line longer than many chunks (the carry buffer grows)', async () => {
    const long = 'x'.repeat(200_000) + 'é';
    const text = `a\n${long}\nb\n${long}`;
    const lines = await linesOf(chunked(text, Array.from({ length: 100 }, (_, i) => i * 4099 + 1)));
    expect(lines).toEqual(expected(text));
  });

  it('reads string chunks too', async () => {
    expect(await linesOf(Readable.from(['a\nb', 'c\n', 'd'], { objectMode: true }))).toEqual([['a', 1], ['bc', 2], ['d', 3]]);
  });

  it('reports the same lines however the bytes are cut', async () => {
    const text = fc.array(fc.constantFrom('a', 'é', '日', '\u{1f600}', ' ', '\r', '\n', '\n', '\\'), { maxLength: 60 }).map((c) => c.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 8 }), async (t, cuts) => {
        expect(await linesOf(chunked(t, cuts))).toEqual(expected(t));
      }),
    );
  });
});
