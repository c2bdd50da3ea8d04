import { describe, expect, test } from 'vitest';
import { pairListWords, parseDiffPairs, parseVerifyPairs } from '../src/pair-list.js';
import { InputError } from '../src/settings.js';

const DIGEST = 'sha256:' + '0123456789abcdef'.repeat(4);

describe('pairListWords', () => {
  test.each([
    ['plain pair', 'a b\n', [{ line: 1, words: ['a', 'b'] }]],
    ['comments and blank lines', '# images\n\n  a b  # trailing\n\t# indented comment\nc\td\n', [{ line: 3, words: ['a', 'b'] }, { line: 5, words: ['c', 'd'] }]],
    ['CRLF line ends', 'a b\r\nc d\r\n', [{ line: 1, words: ['a', 'b'] }, { line: 2, words: ['c', 'd'] }]],
    ['a # inside a word is not a comment', 'img#1 b\n', [{ line: 1, words: ['img#1', 'b'] }]],
    ['no final newline', 'x y', [{ line: 1, words: ['x', 'y'] }]],
    ['only comments', '# nothing\n\n', []],
  ])('%s', (_name, text, expected) => {
    expect(pairListWords(text)).toEqual(expected);
  });
});

describe('parseDiffPairs', () => {
  test('keeps each pair with its line number', () => {
    expect(parseDiffPairs('# two pairs\nreg/app:1 reg/app:2\n\nold.tar new.tar\n', 'pairs.txt')).toEqual([
      { line: 2, a: 'reg/app:1', b: 'reg/app:2' },
      { line: 4, a: 'old.tar', b: 'new.tar' },
    ]);
  });

  test.each([
    ['one word', 'a b\nlonely\n', 'pairs.txt:2: expected two images (A B), got 1 word: lonely'],
    ['three words', 'a b c\n', 'pairs.txt:1: expected two images (A B), got 3 words: a b c'],
    ['no pairs', '# empty\n', 'pairs.txt holds no pairs (one "A B" per line; # starts a comment)'],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseDiffPairs(text, 'pairs.txt')).toThrow(new InputError(message));
  });
});

describe('parseVerifyPairs', () => {
  test('resolves contexts against the file, defaulting to its directory, and drops docker://', () => {
    const text = `docker://127.0.0.1:5000/app@${DIGEST} app\nreg.example/tool@${DIGEST}\nreg.example/abs@${DIGEST} /src/abs  # absolute\n`;
    expect(parseVerifyPairs(text, '/work/ci/images.txt', 'ci/images.txt')).toEqual([
      { line: 1, image: `127.0.0.1:5000/app@${DIGEST}`, context: '/work/ci/app' },
      { line: 2, image: `reg.example/tool@${DIGEST}`, context: '/work/ci' },
      { line: 3, image: `reg.example/abs@${DIGEST}`, context: '/src/abs' },
    ]);
  });

  test.each([
    ['a tag instead of a digest', 'reg/app:1.0 ctx\n', 'x.txt:1: reg/app:1.0 must name its digest (HOST/NAME@sha256:DIGEST): a tag can move'],
    ['a short digest', 'reg/app@sha256:abc\n', 'x.txt:1: reg/app@sha256:abc must name its digest (HOST/NAME@sha256:DIGEST): a tag can move'],
    ['three words', `reg/app@${DIGEST} ctx extra\n`, `x.txt:1: expected IMAGE@sha256:DIGEST and an optional CONTEXT, got 3 words: reg/app@${DIGEST} ctx extra`],
    ['no images', '\n\n', 'x.txt holds no images to verify (one "IMAGE@sha256:DIGEST [CONTEXT]" per line)'],
  ])('refuses %s', (_name, text, message) => {
    expect(() => parseVerifyPairs(text, '/d/x.txt', 'x.txt')).toThrow(new InputError(message));
  });
});
