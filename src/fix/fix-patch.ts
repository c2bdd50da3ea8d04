import { createTwoFilesPatch } from 'diff';

/**
 * The unified diff from the Dockerfile to the patched one, with `a/` and `b/` prefixes, as
 * `git apply` takes it in the directory `name` is relative to; empty when nothing changed.
 */
export function dockerfilePatch(name: string, before: string, after: string): string {
  if (before === after) return '';
  const path = name.split('\\').join('/').replace(/^\.\//, '');
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context: 3 }).replace(/^=+\n/m, '');
}
