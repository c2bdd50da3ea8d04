import { describe, expect, test } from 'vitest';
import { LineTokens, text } from '../../src/manifest/mtree-tokens.js';

/** The words of a line, with the part before each word's first `=`. */
function split(line: string): { words: string[]; keys: string[] } {
  const bytes = Buffer.from(`>>${line}<<`, 'utf8');
  const tokens = new LineTokens();
  // The line sits inside a bigger buffer, as in a chunk: the edges must be respected.
  tokens.split(bytes, 2, bytes.length - 2);
  const words = tokens.words(0);
  const keys = words.map((_, i) => bytes.toString('utf8', tokens.starts[i], tokens.equals[i]));
  return { words, keys };
}

describe('LineTokens', () => {
  test.each([
    ['single spaces', './a type=file mode=644', ['./a', 'type=file', 'mode=644'], ['./a', 'type', 'mode']],
    ['runs of spaces and tabs', '  ./a \t type=dir\t\t', ['./a', 'type=dir'], ['./a', 'type']],
    ['a comment line', '# ./a type=file', [], []],
    ['a trailing comment', './a type=file #note uid=1', ['./a', 'type=file'], ['./a', 'type']],
    ['a # inside a word', './a#b x=#', ['./a#b', 'x=#'], ['./a#b', 'x']],
    ['= in a value', 'xattr.user.a=aGk= a==b =', ['xattr.user.a=aGk=', 'a==b', '='], ['xattr.user.a', 'a', '']],
    ['bare keywords', './a optional nochange', ['./a', 'optional', 'nochange'], ['./a', 'optional', 'nochange']],
    ['other white space is part of a word', './a\vb c\r', ['./a\vb', 'c\r'], ['./a\vb', 'c\r']],
    ['UTF-8', './café uname=José', ['./café', 'uname=José'], ['./café', 'uname']],
    ['blank', '', [], []],
  ])('%s', (_name, line, words, keys) => {
    expect(split(line)).toEqual({ words, keys });
  });

  test('more words than its arrays first hold', () => {
    const many = Array.from({ length: 100 }, (_, i) => `k${i}=${i}`);
    expect(split(['./a', ...many].join(' ')).words).toEqual(['./a', ...many]);
  });
});

describe('text', () => {
  test.each([
    ['ASCII', 'etc/passwd'],
    ['Latin-1 range', 'café'],
    ['other scripts', '日本\u{1f600}'],
    ['empty', ''],
  ])('decodes %s as UTF-8', (_name, value) => {
    const bytes = Buffer.from(`[${value}]`, 'utf8');
    expect(text(bytes, 1, bytes.length - 1)).toBe(value);
  });
});
