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
import { readManifestFileShare } from '../../src/manifest/read-manifest.js';
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
                return compareDrift(b.tree, s.tree, { rules: buildRules({ defaults: true, files: [], ignore: [] }), clone, baselineName: 'b', snapshotName: 's', verifyElsewhere: b.verifyElsewhere });
              })(),
            );
            expect(sieved).toEqual(expected);
          },
        ),
        { numRuns: 100 },
      );
    });
  }

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
