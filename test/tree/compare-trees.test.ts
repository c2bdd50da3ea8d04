import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { compareEntries, compareTrees } from '../../src/tree/compare-trees.js';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';

const file = (path: string, extra: Partial<FileEntry> = {}): FileEntry => ({
  path,
  type: 'file',
  mode: 0o644,
  uid: 0,
  gid: 0,
  size: 3,
  mtime: { sec: 100, nsec: 0 },
  digest: 'sha256:aaa',
  ...extra,
});
const tree = (...entries: FileEntry[]): FileTree => new Map(entries.map((e) => [e.path, e]));

describe('compareEntries', () => {
  test.each([
    ['content and size', { digest: 'sha256:bbb', size: 4 }, ['content', 'size']],
    ['mode', { mode: 0o664 }, ['mode']],
    ['owner', { uid: 1000, gid: 1000 }, ['uid', 'gid']],
    ['mtime seconds', { mtime: { sec: 101, nsec: 0 } }, ['mtime']],
    ['mtime nanoseconds', { mtime: { sec: 100, nsec: 1 } }, ['mtime']],
    ['xattrs', { xattrs: { 'user.a': 'b' } }, []],
    ['type, without content and size', { type: 'dir' as const, digest: undefined, size: 0 }, ['type']],
    ['link target', { type: 'symlink' as const, linkTarget: '/a', digest: undefined }, ['type']],
  ])('%s', (_name, change, aspects) => {
    expect(compareEntries(file('/f'), file('/f', change)).aspects).toEqual(aspects);
  });

  it('reports an aspect known on one side only as unverifiable, not as a difference', () => {
    const result = compareEntries(file('/f', { xattrs: { 'user.a': 'b' } }), file('/f'));
    expect(result).toEqual({ aspects: [], unverifiable: ['xattrs'] });
  });

  it('compares xattrs by name and value', () => {
    const a = file('/f', { xattrs: { 'user.a': '1', 'user.b': '2' } });
    expect(compareEntries(a, file('/f', { xattrs: { 'user.b': '2', 'user.a': '1' } })).aspects).toEqual([]);
    expect(compareEntries(a, file('/f', { xattrs: { 'user.a': '1', 'user.b': '3' } })).aspects).toEqual(['xattrs']);
    expect(compareEntries(a, file('/f', { xattrs: { 'user.a': '1' } })).aspects).toEqual(['xattrs']);
  });

  it('leaves out ignored aspects', () => {
    expect(compareEntries(file('/f'), file('/f', { mtime: { sec: 5, nsec: 0 }, mode: 0o600 }), new Set(['mtime'])).aspects).toEqual(['mode']);
  });
});

describe('compareTrees', () => {
  it('finds added, removed and modified entries, sorted by path', () => {
    const old = tree(file('/a'), file('/b'), file('/c'));
    const now = tree(file('/c', { mode: 0o600 }), file('/a'), file('/0'));
    const { changes } = compareTrees(old, now);
    expect(changes.map((c) => [c.path, c.kind, c.aspects])).toEqual([
      ['/0', 'added', []],
      ['/b', 'removed', []],
      ['/c', 'modified', ['mode']],
    ]);
    expect(changes[2]!.old!.mode).toBe(0o644);
    expect(changes[2]!.new!.mode).toBe(0o600);
  });

  it('returns nothing for equal trees', () => {
    expect(compareTrees(tree(file('/a')), tree(file('/a')))).toEqual({ changes: [], unverifiable: [] });
  });

  it('finds the same changes whatever order either tree lists its entries in', () => {
    const paths = fc.uniqueArray(fc.stringMatching(/^\/[a-d]{1,2}$/), { maxLength: 16 });
    const variant = fc.constantFrom<Partial<FileEntry>>({}, {}, { mode: 0o600 }, { digest: 'sha256:bbb' }, { digest: undefined }, { verify: ['optional'] });
    const side = paths.chain((ps) => fc.tuple(...ps.map((p) => variant.map((v) => file(p, v)))));
    const shuffled = (entries: FileEntry[], seed: number) => entries.map((e, i) => [e, (i * seed) % 7] as const).sort((a, b) => a[1] - b[1]).map(([e]) => e);
    fc.assert(
      fc.property(side, side, fc.nat(), (a, b, seed) => {
        expect(compareTrees(tree(...shuffled(a, seed)), tree(...shuffled(b, seed + 3)))).toEqual(compareTrees(tree(...a), tree(...b)));
      }),
    );
  });

  it('lists entries equal but for aspects one side lacks as unverifiable', () => {
    const { changes, unverifiable } = compareTrees(tree(file('/a')), tree(file('/a', { digest: undefined })));
    expect(changes).toEqual([]);
    expect(unverifiable).toEqual([{ path: '/a', aspects: ['content'] }]);
  });
});
