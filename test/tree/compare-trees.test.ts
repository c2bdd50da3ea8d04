import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { compareEntries, compareTrees, sameEntry } from '../../src/tree/compare-trees.js';
import { NO_XATTRS } from '../../src/tree/file-entry.js';
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

  it('with absent xattrs taken as none (tar layers), finds xattrs on one side only a difference', () => {
    const cap = file('/f', { xattrs: { 'security.capability': '\x01\x00\x00\x02' } });
    expect(compareEntries(file('/f'), cap, undefined, NO_XATTRS)).toEqual({ aspects: ['xattrs'], unverifiable: [] });
    expect(compareEntries(cap, file('/f'), undefined, NO_XATTRS)).toEqual({ aspects: ['xattrs'], unverifiable: [] });
    expect(compareEntries(file('/f'), file('/f', { xattrs: {} }), undefined, NO_XATTRS)).toEqual({ aspects: [], unverifiable: [] });
    expect(compareEntries(file('/f'), cap, new Set(['xattrs']), NO_XATTRS)).toEqual({ aspects: [], unverifiable: [] });
    const trees = [tree(file('/f')), tree(cap)] as const;
    expect(compareTrees(...trees).unverifiable).toEqual([{ path: '/f', aspects: ['xattrs'] }]);
    expect(compareTrees(...trees, { absentXattrsAreNone: true })).toMatchObject({ changes: [{ path: '/f', kind: 'modified', aspects: ['xattrs'] }], unverifiable: [] });
  });

  const device = (type: 'char' | 'block', extra: Partial<FileEntry> = {}): FileEntry => ({ path: '/dev/x', type, mode: 0o666, uid: 0, gid: 0, size: 0, devMajor: 1, devMinor: 3, ...extra });
  test.each<[string, FileEntry, FileEntry, string[], string[]]>([
    ['equal numbers', device('char'), device('char'), [], []],
    ['another minor', device('char'), device('char', { devMinor: 5 }), ['device'], []],
    ['another major', device('block'), device('block', { devMajor: 7 }), ['device'], []],
    ['char against block, same numbers', device('char'), device('block'), ['type'], []],
    ['char against block, other numbers', device('char'), device('block', { devMajor: 7, devMinor: 0 }), ['type', 'device'], []],
    ['numbers on one side only', device('char'), device('char', { devMajor: undefined, devMinor: undefined }), [], ['device']],
    ['numbers on neither side', device('char', { devMajor: undefined, devMinor: undefined }), device('char', { devMajor: undefined, devMinor: undefined }), [], []],
    ['a device against a fifo', device('char'), device('char', { type: 'fifo', devMajor: undefined, devMinor: undefined }), ['type'], []],
  ])('device numbers: %s', (_name, a, b, aspects, unverifiable) => {
    expect(compareEntries(a, b)).toEqual({ aspects, unverifiable });
    // sameEntry, the allocation-free shortcut, must never call a pair equal that compareEntries tells apart.
    if (aspects.length > 0 || unverifiable.length > 0) expect(sameEntry(a, b)).toBe(false);
    else expect(sameEntry(a, b)).toBe(true);
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
