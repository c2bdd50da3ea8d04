import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { caseBuilt, corpusCases, CORPUS_OUT } from './corpus-cases.js';

/**
 * Builds the whole corpus with repro-check (scripts/corpus.sh: two cases at a time, both images
 * saved) before the corpus tests read the results. REPRO_CORPUS_REUSE=1 keeps the results of an
 * earlier run when every case has them, for iterating on the test itself.
 */
export default function setup(): void {
  const cases = corpusCases();
  if (process.env.REPRO_CORPUS_REUSE === '1' && cases.every(caseBuilt)) {
    console.log(`corpus: reusing the builds in ${CORPUS_OUT}`);
    return;
  }
  const started = Date.now();
  const result = spawnSync('bash', [join(import.meta.dirname, '..', '..', 'scripts', 'corpus.sh')], {
    stdio: 'inherit',
    env: { ...process.env, REPRO_CORPUS_OUT: CORPUS_OUT },
  });
  if (result.status !== 0) throw new Error(`scripts/corpus.sh failed (exit ${result.status ?? result.signal})`);
  console.log(`corpus: ${cases.length} cases built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
