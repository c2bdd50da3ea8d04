import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { diffArchives } from './diff-report.js';
import { runOracle } from './run-oracle.js';

// The image archives among the save fixtures: three engines' saves of one Dockerfile, and a
// metadata-only image. Every pair, and each archive with itself, is judged by both readers.
const DIR = join(import.meta.dirname, '..', 'fixtures', 'save');
const ARCHIVES = ['legacy.tar.gz', 'oci-graphdriver.tar.gz', 'oci-containerd.tar.gz', 'oci-containerd-metadata-only.tar'];
const PAIRS = ARCHIVES.flatMap((a, i) => ARCHIVES.slice(i).map((b) => [a, b] as const));

describe('repro-check diff agrees with the independent oracle (test/oracle/verdicts.py)', () => {
  test.each(PAIRS)('%s vs %s', async (a, b) => {
    const [oracle, report] = await Promise.all([runOracle(join(DIR, a), join(DIR, b)), diffArchives(join(DIR, a), join(DIR, b))]);
    expect(report.verdicts).toEqual(oracle.verdicts);
    expect(report.contentChanges.map((change) => change.path).sort()).toEqual(oracle.contentChanges.map((change) => change.path).sort());
    // An archive compared with itself is the same image: a check that the oracle can say "equal".
    if (a === b) expect(oracle.verdicts).toEqual({ strict: true, layers: true, content: true });
  }, 60_000);

  test('the oracle sees the facts the fixtures README states', async () => {
    // Classic builder 20.10 leaves no /dev, /proc, /sys in the RUN layer; BuildKit does (README table).
    const oracle = await runOracle(join(DIR, 'legacy.tar.gz'), join(DIR, 'oci-graphdriver.tar.gz'));
    expect(oracle.contentChanges).toEqual([
      { path: '/dev', kind: 'added', aspects: [] },
      { path: '/proc', kind: 'added', aspects: [] },
      { path: '/sys', kind: 'added', aspects: [] },
    ]);
    // Graph driver writes an opaque marker, containerd per-file whiteouts: the same merged tree.
    const stores = await runOracle(join(DIR, 'oci-graphdriver.tar.gz'), join(DIR, 'oci-containerd.tar.gz'));
    expect(stores.verdicts.content).toBe(true);
    expect(stores.images[0]!.files).toBe(stores.images[1]!.files);
  }, 60_000);
});
