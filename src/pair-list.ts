import { dirname, resolve } from 'node:path';
import { InputError } from './settings.js';

/** One `A B` line of a `diff --pairs` file: two image arguments, as `diff IMAGE_A IMAGE_B` takes them. */
export interface DiffPairLine {
  /** 1-based line number in the file, for messages and the summary. */
  line: number;
  a: string;
  b: string;
}

/** One `IMAGE@sha256:DIGEST [CONTEXT]` line of a `verify --pairs` file. */
export interface VerifyPairLine {
  line: number;
  /** The published image, `HOST/NAME@sha256:…` (any `docker://` dropped, as `verify` does). */
  image: string;
  /** Absolute path of the build context: CONTEXT resolved against the file's directory, or that directory. */
  context: string;
}

/**
 * Splits a pairs file into its meaningful lines, each cut into words: `#` starts a comment (at the
 * start of a line or after white space, so `a#b` stays one word), blank lines are skipped, and
 * words are separated by spaces or tabs. There is no quoting: image references and paths with
 * spaces cannot be written (docker references never hold any).
 */
export function pairListWords(text: string): { line: number; words: string[] }[] {
  const lines: { line: number; words: string[] }[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const words: string[] = [];
    for (const word of raw.trim().split(/[ \t]+/)) {
      if (word.startsWith('#')) break;
      if (word !== '') words.push(word);
    }
    if (words.length > 0) lines.push({ line: index + 1, words });
  }
  return lines;
}

/** Parses a `diff --pairs` file: one `A B` per line. `name` is the file as the user wrote it, for messages. */
export function parseDiffPairs(text: string, name: string): DiffPairLine[] {
  const pairs = pairListWords(text).map(({ line, words }) => {
    if (words.length !== 2) throw new InputError(`${name}:${line}: expected two images (A B), got ${words.length} word${words.length === 1 ? '' : 's'}: ${words.join(' ')}`);
    return { line, a: words[0]!, b: words[1]! };
  });
  if (pairs.length === 0) throw new InputError(`${name} holds no pairs (one "A B" per line; # starts a comment)`);
  return pairs;
}

/**
 * Parses a `verify --pairs` file: one `IMAGE@sha256:DIGEST [CONTEXT]` per line. A relative CONTEXT
 * is taken from the file's own directory (`path` is absolute), as is the context of a line without
 * one, so the file means the same from any working directory.
 */
export function parseVerifyPairs(text: string, path: string, name: string = path): VerifyPairLine[] {
  const base = dirname(path);
  const pairs = pairListWords(text).map(({ line, words }) => {
    if (words.length > 2) throw new InputError(`${name}:${line}: expected IMAGE@sha256:DIGEST and an optional CONTEXT, got ${words.length} words: ${words.join(' ')}`);
    const image = words[0]!.replace(/^docker:\/\//, '');
    if (!/@sha256:[0-9a-f]{64}$/.test(image)) throw new InputError(`${name}:${line}: ${words[0]} must name its digest (HOST/NAME@sha256:DIGEST): a tag can move`);
    return { line, image, context: resolve(base, words[1] ?? '.') };
  });
  if (pairs.length === 0) throw new InputError(`${name} holds no images to verify (one "IMAGE@sha256:DIGEST [CONTEXT]" per line)`);
  return pairs;
}
