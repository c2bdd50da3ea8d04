import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { driftShare, shareJob, type DriftRuleSettings } from '../../src/check/drift-share.js';
import { compareDrift } from '../../src/drift/drift-compare.js';
import { EqualSieve, SieveGaveUp } from '../../src/drift/equal-sieve.js';
import { buildRules } from '../../src/drift/rule-set.js';
import { writeJsonManifest } from '../../src/manifest/json-manifest-writer.js';
import { writeMtree } from '../../src/manifest/mtree-writer.js';
import { splitShares, WHOLE } from '../../src/manifest/path-share.js';
import { readManifestFile, readManifestFileShare } from '../../src/manifest/read-manifest.js';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';
import { arbitraryTree } from '../manifest/manifest-arbitraries.js';

const dir = mkdtempSync(join(tmpdir(), 'equal-sieve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (path: string, extra: Partial<FileEntry> = {}): FileEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 3, digest: 'sha256:' + 'a'.repeat(64), ...extra });
const tree = (...entries: FileEntry[]): FileTree => new Map(entries.map((e) => [e.path, e]));

describe('EqualSieve', () => {
  it('leaves out equal pairs met in order, keeps the rest, and steps over what the snapshot lacks', () => {
    const base = tree(file('/a'), file('/b'), file('/c'), file('/d'), file('/e', { verify: ['optional'] }), file('/etc/machine-id'), file('/f'));
    const sieve = new EqualSieve(base, (path) => path === '/etc/machine-id');
    expect(sieve.drops(file('/a'))).toBe(true);
    expect(sieve.drops(file('/b', { mode: 0o600 }))).toBe(false);
    // /c is not in the snapshot: stepped over.
    expect(sieve.drops(file('/new'))).toBe(false);
    expect(sieve.drops(file('/d'))).toBe(true);
    expect(sieve.drops(file('/e'))).toBe(false);
    expect(sieve.drops(file('/etc/machine-id'))).toBe(false);
    expect(sieve.drops(file('/f'))).toBe(true);
    expect(sieve.leftOut).toBe(3);
    expect([...sieve.baseline().keys()]).toEqual(['/b', '/c', '/e', '/etc/machine-id']);
  });

  it('gives up on a path the walk has passed: another order, or a path listed twice', () => {
    const base = () => tree(file('/a'), file('/b'), file('/c'));
    const reordered = new EqualSieve(base());
    expect(reordered.drops(file('/b'))).toBe(true);
    expect(() => reordered.drops(file('/a'))).toThrow(SieveGaveUp);
    const twice = new EqualSieve(base());
    expect(twice.drops(file('/a'))).toBe(true);
    expect(() => twice.drops(file('/a', { mode: 0o600 }))).toThrow(SieveGaveUp);
  });
});

type Format = 'mtree' | 'json';

async function write(name: string, entries: Iterable<FileEntry>, format: Format, extraLines: string[] = []): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await (format === 'mtree' ? writeMtree : writeJsonManifest)(entries, out);
  const path = join(dir, `${name}.${format}`);
  writeFileSync(path, Buffer.concat([...chunks, Buffer.from(extraLines.map((line) => line + '\n').join(''))]));
  return path;
}

/** A snapshot made from a baseline: some entries changed, some gone, some new, maybe another order. */
const snapshotOf = (base: FileTree) =>
  fc
    .record({
      changes: fc.array(fc.tuple(fc.nat(), fc.constantFrom('mode', 'drop', 'digest', 'verify')), { maxLength: 8 }),
      added: fc.array(fc.stringMatching(/^[a-z]{1,6}$/), { maxLength: 4 }),
      order: fc.constantFrom('same', 'reversed'),
      clone: fc.boolean(),
      share: fc.constantFrom('whole', 'first', 'second'),
    })
    .map(({ changes, added, order, clone, share }) => {
      const entries = [...base.values()].map((entry) => ({ ...entry }));
      for (const [at, change] of changes) {
        if (entries.length === 0) break;
        const i = at % entries.length;
        if (change === 'drop') entries.splice(i, 1);
        else if (change === 'mode') entries[i]!.mode = ((entries[i]!.mode ?? 0) + 1) & 0o7777;
        else if (change === 'digest' && entries[i]!.type === 'file') entries[i]!.digest = 'sha256:' + 'f'.repeat(64);
        else if (change === 'verify') entries[i]!.verify = ['ignore'];
      }
      for (const name of added) if (!entries.some((e) => e.path === `/added-${name}`)) entries.push(file(`/added-${name}`));
      if (order === 'reversed') entries.reverse();
      return { snapshot: entries, clone, share };
    });

describe('a drift share read through the sieve', () => {
  for (const format of ['mtree', 'json'] as const) {
    it(`reports what the comparison of the whole trees reports (${format}, any pair)`, { timeout: 30_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(
          arbitraryTree({ extensions: true }).chain((base) => snapshotOf(base).map((s) => ({ base, ...s }))),
          async ({ base, snapshot, clone, share }) => {
            // Identity files, so that clone hazards are in play.
            const baseline = [...base.values(), file('/etc/machine-id')];
            const snap = clone ? [...snapshot, file('/etc/machine-id')] : snapshot;
            const files = { baseline: { path: await write('b', baseline, format), name: 'b' }, snapshot: { path: await write('s', snap, format), name: 's' } };
            const settings: DriftRuleSettings = { ignore: [], rules: [], defaultRules: true, clone };
            const chosen = share === 'whole' ? WHOLE : splitShares([1, 1])[share === 'first' ? 0 : 1]!;
            const outcome = (promise: Promise<unknown>) => promise.then((value) => ({ value }), (error: unknown) => ({ error: (error as Error).message }));
            const sieved = await outcome(driftShare(shareJob(files.baseline, files.snapshot, settings, chosen)));
            // The same share, read into whole trees and compared.
            const expected = await outcome(
              (async () => {
                const b = await readManifestFileShare(files.baseline.path, 'b', { share: chosen });
                const s = await readManifestFileShare(files.snapshot.path, 's', { share: chosen, verifyElsewhere: false });
                return compareDrift(b.tree, s.tree, { rules: buildRules({ defaults: true, files: [], ignore: [] }), clone, baselineName: 'b', snapshotName: 's', verifyElsewhere: b.verifyElsewhere, shared: share !== 'whole' });
              })(),
            );
            expect(sieved).toEqual(expected);
          },
        ),
        { numRuns: 100 },
      );
    });
  }

  /** driftShare on the two texts, against the plain comparison of the whole trees. */
  async function expectAsPlain(name: string, format: Format, base: string, snap: string, clone = false): Promise<ReturnType<typeof compareDrift>> {
    const paths = [join(dir, `${name}-b.${format}`), join(dir, `${name}-s.${format}`)] as const;
    writeFileSync(paths[0], base);
    writeFileSync(paths[1], snap);
    const settings: DriftRuleSettings = { ignore: [], rules: [], defaultRules: false, clone };
    const sieved = await driftShare(shareJob({ path: paths[0], name: 'b' }, { path: paths[1], name: 's' }, settings, WHOLE));
    const plain = compareDrift(await readManifestFile(paths[0], 'b'), await readManifestFile(paths[1], 's'), { rules: [], clone, baselineName: 'b', snapshotName: 's' });
    expect(sieved).toEqual(plain);
    return plain;
  }

  it('a line byte for byte the baseline\'s is the same entry only under the same /set defaults', async () => {
    const report = await expectAsPlain('set', 'mtree', '#mtree\n/set uid=0\n. type=dir\n./a size=1\n./b size=2\n', '#mtree\n/set uid=5\n. type=dir\n./a size=1\n./b size=2\n');
    expect(report.changes.map((c) => [c.path, c.aspects])).toEqual([['/', ['uid']], ['/a', ['uid']], ['/b', ['uid']]]);
  });

  it('a baseline listing a path twice: its first line no longer stands for the merged entry', async () => {
    const report = await expectAsPlain('merged', 'mtree', '. type=dir\n./a size=1 mode=0644\n./b size=2\n./a mode=0600\n', '. type=dir\n./a size=1 mode=0644\n./b size=2\n');
    expect(report.changes.map((c) => c.path)).toEqual(['/a']);
  });

  it('relative names read under other directories are other entries', async () => {
    const report = await expectAsPlain('nested', 'mtree', '. type=dir\nx type=dir\n f size=1\n..\n', '. type=dir\ny type=dir\n f size=1\n..\n');
    expect(report.counts).toMatchObject({ added: 2, removed: 2 });
    // The same line where the walk expects it, but read at the root rather than in /x.
    const moved = await expectAsPlain('moved', 'mtree', '. type=dir\nx type=dir\nf size=1\n..\n', '. type=dir\nx type=dir\n..\nf size=1\n');
    expect(moved.changes.map((c) => [c.path, c.kind])).toEqual([['/f', 'added'], ['/x/f', 'removed']]);
  });

  it('a JSON snapshot of one document, or with blank lines, is compared whole', async () => {
    const header = '{"schemaVersion":1,"kind":"repro-check-manifest"}';
    const entries = ['{"path":"/","type":"dir"}', '{"path":"/a","type":"file","size":1}'];
    await expectAsPlain('doc', 'json', `{"schemaVersion":1,"entries":[${entries.join(',')}]}`, [header, '', ...entries, ''].join('\n'));
    await expectAsPlain('blank', 'json', [header, ...entries].join('\n'), [header, '', entries[0], '   ', entries[1]].join('\n'));
  });

  it('identical lines of behaviour keywords and identity files still count (JSON and mtree)', async () => {
    const header = '{"schemaVersion":1,"kind":"repro-check-manifest"}\n';
    const json = [
      '{"path":"/","type":"dir"}',
      '{"path":"/cache","type":"dir","verify":["ignore"]}',
      '{"path":"/etc/machine-id","type":"file","size":33,"digests":{"sha256":"' + 'c'.repeat(64) + '"}}',
    ];
    const report = await expectAsPlain('keep', 'json', header + [...json, '{"path":"/cache/x","type":"file","size":1}'].join('\n') + '\n', header + [...json, '{"path":"/cache/x","type":"file","size":2}'].join('\n') + '\n', true);
    expect(report.hazards.map((h) => h.path)).toEqual(['/etc/machine-id']);
    expect(report.changes[0]).toMatchObject({ path: '/cache/x', ignored: { rule: 'baseline keyword ignore' } });
    const mtree = ['. type=dir', './cache type=dir ignore', './etc/machine-id size=33 sha256digest=' + 'c'.repeat(64)];
    await expectAsPlain('keep', 'mtree', [...mtree, './cache/x size=1'].join('\n') + '\n', [...mtree, './cache/x size=2'].join('\n') + '\n', true);
  });

  it('a snapshot listing a path twice is read again without the sieve: mtree merges, JSON refuses', async () => {
    const baseline = [file('/'), file('/a'), file('/b')].map((e) => (e.path === '/' ? { ...e, type: 'dir' as const } : e));
    const settings: DriftRuleSettings = { ignore: [], rules: [], defaultRules: false, clone: false };
    const mtree = { baseline: { path: await write('b2', baseline, 'mtree'), name: 'b' }, snapshot: { path: await write('s2', baseline, 'mtree', ['./a mode=0600']), name: 's' } };
    const report = await driftShare(shareJob(mtree.baseline, mtree.snapshot, settings, WHOLE));
    expect(report.changes.map((c) => [c.path, c.aspects])).toEqual([['/a', ['mode']]]);
    expect(report.counts).toMatchObject({ baselineEntries: 3, snapshotEntries: 3 });
    const json = { baseline: { path: await write('b3', baseline, 'json'), name: 'b' }, snapshot: { path: await write('s3', baseline, 'json', ['{"path":"/a","type":"file"}']), name: 's' } };
    await expect(driftShare(shareJob(json.baseline, json.snapshot, settings, WHOLE))).rejects.toThrow('s:5: /a is listed twice');
  });
});
