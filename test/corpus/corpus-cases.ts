import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where scripts/corpus.sh leaves each case's report and saves (REPRO_CORPUS_OUT). */
export const CORPUS_OUT = process.env.REPRO_CORPUS_OUT || '/var/cache/repro-check/corpus';

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
  return ['report.json', 'a.tar', 'b.tar'].every((file) => existsSync(join(CORPUS_OUT, name, file)));
}
