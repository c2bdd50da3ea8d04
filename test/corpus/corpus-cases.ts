import { accessSync, constants, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where scripts/corpus.sh leaves each case's report and saves: REPRO_CORPUS_OUT, else the machine's
 * cache folder when this user may write there (CI runs as root), else the temporary folder.
 */
export const CORPUS_OUT = process.env.REPRO_CORPUS_OUT || writableOr('/var/cache/repro-check/corpus', join(tmpdir(), 'repro-check-corpus'));

function writableOr(preferred: string, fallback: string): string {
  try {
    mkdirSync(preferred, { recursive: true });
    accessSync(preferred, constants.W_OK);
    return preferred;
  } catch {
    return fallback;
  }
}

/** The folder holding the cases: one subfolder per case, with a Dockerfile and expected.json. */
export const CORPUS_DIR = import.meta.dirname;

/** Names of the corpus's cases, sorted. */
export function corpusCases(): string[] {
  return readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(CORPUS_DIR, entry.name, 'Dockerfile')))
    .map((entry) => entry.name)
    .sort();
}

/** Whether a case's outputs are all there. */
export function caseBuilt(name: string): boolean {
  return ['report.json', 'a.tar', 'b.tar', 'a-fix.tar', 'b-fix.tar'].every((file) => existsSync(join(CORPUS_OUT, name, file)));
}
