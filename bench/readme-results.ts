/**
 * Puts the benchmark's table into README.md, between two marker comments, so the README shows the
 * figures of the last full run rather than figures copied by hand.
 */
import { readFile, writeFile } from 'node:fs/promises';

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/** `readme` with the text between the markers replaced by `results`; throws when the markers are missing. */
export function spliceResults(readme: string, results: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} block for the results`);
  return readme.slice(0, start + START.length) + '\n' + results.trimEnd() + '\n' + readme.slice(end);
}

/** Rewrites the results block of the README at `path`. */
export async function updateReadme(path: string, results: string): Promise<void> {
  await writeFile(path, spliceResults(await readFile(path, 'utf8'), results));
}
