import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Fixtures made by scripts/make-explain-fixtures.sh. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/explain/', import.meta.url));

/** The two times the fixture script builds with. */
export const T1 = 1_700_000_000;
export const T2 = 1_700_090_062;

/** The content of one fixture file, e.g. `gzip/mtime-a.txt.gz`. */
export function fixture(name: string): Buffer {
  return readFileSync(FIXTURES + name);
}
