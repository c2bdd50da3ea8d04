import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { diffArchives } from './diff-report.js';
import { runOracle, type OracleChange } from './run-oracle.js';

// Synthetic saves (make-synthetic.py) vary one aspect per path on purpose; the facts below are
// written by hand from that script, so they judge the oracle first, then repro-check against it.
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'repro-oracle-'));
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  execFileSync(python, [join(import.meta.dirname, 'make-synthetic.py'), dir]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// a vs b: /etc/b and /opt/x differ in the lower layer only, where a whiteout and an opaque
// directory hide them; /var is a file in both (it replaced a directory, hiding /var/f).
const A_VS_B: OracleChange[] = [
  { path: '/dev/null', kind: 'modified', aspects: ['dev'] },
  { path: '/etc/s', kind: 'modified', aspects: ['uid'] },
  { path: '/etc/x', kind: 'modified', aspects: ['xattrs'] },
  { path: '/opt/z', kind: 'modified', aspects: ['digest'] },
];

describe('the oracle on synthetic saves (facts written by hand)', () => {
  test('whiteouts, opaque directories and a file over a directory are applied; device numbers, owners, xattrs and content compared', async () => {
    const oracle = await runOracle(join(dir, 'a.tar'), join(dir, 'b.tar'));
    expect(oracle.verdicts).toEqual({ strict: false, layers: false, content: false });
    expect(oracle.contentChanges).toEqual(A_VS_B);
    // dev, dev/null, etc, etc/a, etc/h, etc/s, etc/x, opt, opt/z, var: 10 paths in each merged tree.
    expect(oracle.images.map((image) => image.files)).toEqual([10, 10]);
  });

  test('timestamps alone change the layers, not the content', async () => {
    const oracle = await runOracle(join(dir, 'a.tar'), join(dir, 'a-later.tar'));
    expect(oracle.verdicts).toEqual({ strict: false, layers: false, content: true });
  });

  test.each([
    ['a.tar', 'b.tar'],
    ['a.tar', 'a-later.tar'],
  ])('repro-check diff %s %s agrees with the oracle', async (a, b) => {
    const [oracle, report] = await Promise.all([runOracle(join(dir, a), join(dir, b)), diffArchives(join(dir, a), join(dir, b))]);
    expect(report.verdicts).toEqual(oracle.verdicts);
    expect(report.contentChanges.map((change) => change.path)).toEqual(oracle.contentChanges.map((change) => change.path));
  });
});
