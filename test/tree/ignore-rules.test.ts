import { describe, expect, it, test } from 'vitest';
import { compareEntries, compareTrees } from '../../src/tree/compare-trees.js';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';
import type { IgnoreRule } from '../../src/tree/ignore-rules.js';

const file = (path: string, extra: Partial<FileEntry> = {}): FileEntry => ({ path, type: 'file', mode: 0o644, size: 3, digest: 'sha256:aa', mtime: { sec: 1, nsec: 0 }, ...extra });
const dir = (path: string, extra: Partial<FileEntry> = {}): FileEntry => ({ path, type: 'dir', mode: 0o755, mtime: { sec: 1, nsec: 0 }, ...extra });
const tree = (...entries: FileEntry[]): FileTree => new Map(entries.map((e) => [e.path, e]));
const under = (prefix: string) => (path: string) => path === prefix || path.startsWith(prefix + '/');

describe('aspects manifests add', () => {
  test.each<[string, FileEntry, FileEntry, string[], string[]]>([
    ['link count', file('/f', { nlink: 1 }), file('/f', { nlink: 2 }), ['nlink'], []],
    ['file flags', file('/f', { flags: 'none' }), file('/f', { flags: 'uchg' }), ['flags'], []],
    ['flags on one side only', file('/f', { flags: 'none' }), file('/f'), [], ['flags']],
    ['directory sizes are not compared', dir('/d', { size: 4096 }), dir('/d', { size: 0 }), [], []],
    ['symlink sizes are not compared', { path: '/l', type: 'symlink', linkTarget: 'x', size: 1 }, { path: '/l', type: 'symlink', linkTarget: 'x' }, [], []],
    ['tar_time compares whole seconds', file('/f', { mtime: { sec: 5, nsec: 0 }, mtimeSecondsOnly: true }), file('/f', { mtime: { sec: 5, nsec: 99 } }), [], []],
    ['tar_time still sees other seconds', file('/f', { mtime: { sec: 5, nsec: 0 }, mtimeSecondsOnly: true }), file('/f', { mtime: { sec: 6, nsec: 0 } }), ['mtime'], []],
    ['content by another algorithm', file('/f', { digest: undefined, digests: { md5: '1' } }), file('/f', { digest: undefined, digests: { md5: '2' } }), ['content'], []],
  ])('%s', (_name, a, b, aspects, unverifiable) => {
    expect(compareEntries(a, b)).toEqual({ aspects, unverifiable });
  });
});

describe('ignore rules inside the comparator', () => {
  const old = tree(dir('/'), dir('/var/log', { mtime: { sec: 1, nsec: 0 } }), file('/var/log/syslog'), file('/etc/conf'), file('/tmp/x'));
  const now = tree(
    dir('/'),
    dir('/var/log', { mtime: { sec: 2, nsec: 0 } }),
    file('/var/log/syslog', { digest: 'sha256:bb', size: 9, mode: 0o600 }),
    file('/var/log/syslog.1'),
    file('/etc/conf', { digest: 'sha256:cc' }),
  );
  const rules: IgnoreRule[] = [
    { name: 'tmp', matches: under('/tmp') },
    { name: 'logs', matches: (p) => p.startsWith('/var/log/'), kinds: new Set(['added', 'removed']), aspects: new Set(['content', 'size', 'mtime']) },
    { name: 'dir times', matches: () => true, types: new Set(['dir']), aspects: new Set(['mtime']) },
  ];

  it('marks suppressed changes and keeps them', () => {
    const { changes } = compareTrees(old, now, { rules });
    expect(changes.map((c) => [c.path, c.kind, c.aspects, c.ignored?.rule, c.ignoredAspects?.map((i) => i.aspect)])).toEqual([
      ['/etc/conf', 'modified', ['content'], undefined, undefined],
      ['/tmp/x', 'removed', [], 'tmp', undefined],
      ['/var/log', 'modified', ['mtime'], 'dir times', ['mtime']],
      ['/var/log/syslog', 'modified', ['content', 'size', 'mode'], undefined, ['content', 'size']],
      ['/var/log/syslog.1', 'added', [], 'logs', undefined],
    ]);
  });

  it('gives the same changes without rules, unmarked', () => {
    const { changes } = compareTrees(old, now);
    expect(changes.map((c) => c.path)).toEqual(['/etc/conf', '/tmp/x', '/var/log', '/var/log/syslog', '/var/log/syslog.1']);
    expect(changes.every((c) => c.ignored === undefined && c.ignoredAspects === undefined)).toBe(true);
  });

  it('leaves out unverifiable aspects that a rule covers', () => {
    const a = tree(dir('/d', { nlink: 2 }), file('/f', { nlink: 1 }));
    const b = tree(dir('/d'), file('/f'));
    const rule: IgnoreRule = { name: 'dir nlink', matches: () => true, types: new Set(['dir']), aspects: new Set(['nlink']) };
    expect(compareTrees(a, b, { rules: [rule] }).unverifiable).toEqual([{ path: '/f', aspects: ['nlink'] }]);
  });
});

describe("the baseline's mtree behaviour keywords", () => {
  test.each<[string, FileEntry[], FileEntry[], string | undefined]>([
    ['optional: may be missing', [file('/f', { verify: ['optional'] })], [], 'baseline keyword optional'],
    ['nochange: only existence counts', [file('/f', { verify: ['nochange'] })], [file('/f', { digest: 'sha256:zz', mode: 0o600 })], 'baseline keyword nochange'],
    ['ignore: nothing below counts', [dir('/d', { verify: ['ignore'] }), file('/d/f')], [dir('/d'), file('/d/f', { size: 99 }), file('/d/g')], 'baseline keyword ignore'],
  ])('%s', (_name, a, b, rule) => {
    const { changes } = compareTrees(tree(...a), tree(...b));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => c.ignored?.rule === rule)).toBe(true);
  });

  it('ignore does not cover the directory itself', () => {
    const { changes } = compareTrees(tree(dir('/d', { verify: ['ignore'] })), tree(dir('/d', { mode: 0o700 })));
    expect(changes[0]!.ignored).toBeUndefined();
  });
});
