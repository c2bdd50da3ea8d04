import { describe, expect, test } from 'vitest';
import { findSideEffects } from '../../src/fix/side-effects.js';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';

function tree(...entries: FileEntry[]): FileTree {
  return new Map(entries.map((entry) => [entry.path, entry]));
}
const f = (path: string, extra: Partial<FileEntry> = {}): FileEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 1, digest: 'sha256:1', mtime: { sec: 1, nsec: 0 }, ...extra });
const d = (path: string, extra: Partial<FileEntry> = {}): FileEntry => ({ path, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: { sec: 1, nsec: 0 }, ...extra });
const none = { removed: [], rewritten: [] };

describe('findSideEffects', () => {
  test.each<{ name: string; a: FileTree; b: FileTree; announced: { removed: string[]; rewritten: string[] }; want: string[] }>([
    { name: 'clamped times are no side effect', a: tree(d('/var'), f('/x')), b: tree(d('/var', { mtime: { sec: 9, nsec: 0 } }), f('/x', { mtime: { sec: 9, nsec: 0 } })), announced: none, want: [] },
    {
      name: 'announced removals below a glob, and the emptied directory, are none',
      a: tree(d('/var/lib/apt/lists'), f('/var/lib/apt/lists/a'), d('/var/lib/apt/lists/partial'), f('/var/lib/apt/lists/partial/b')),
      b: tree(d('/var/lib/apt/lists', { mtime: { sec: 5, nsec: 0 }, nlink: 2 })),
      announced: { removed: ['/var/lib/apt/lists/*'], rewritten: [] },
      want: [],
    },
    { name: 'a removal the patch did not announce is one', a: tree(f('/etc/passwd'), f('/var/log/dpkg.log')), b: tree(f('/var/log/dpkg.log')), announced: { removed: ['/var/log/apt/*'], rewritten: [] }, want: ['/etc/passwd'] },
    { name: 'the glob stands for one name: /var/log/apt/* does not cover /var/log/aptitude', a: tree(f('/var/log/aptitude')), b: tree(), announced: { removed: ['/var/log/apt/*'], rewritten: [] }, want: ['/var/log/aptitude'] },
    { name: 'a mode changed is one (a --chmod wider than the differing files)', a: tree(f('/app/ro', { mode: 0o444 })), b: tree(f('/app/ro', { mode: 0o644 })), announced: none, want: ['/app/ro'] },
    { name: 'an owner changed is one', a: tree(f('/a')), b: tree(f('/a', { uid: 1 })), announced: none, want: ['/a'] },
    { name: 'an added file is one', a: tree(), b: tree(f('/new')), announced: none, want: ['/new'] },
    { name: 'a link target changed is one', a: tree({ path: '/l', type: 'symlink', linkTarget: 'x' }), b: tree({ path: '/l', type: 'symlink', linkTarget: 'y' }), announced: none, want: ['/l'] },
    { name: 'xattrs added are one', a: tree(f('/a')), b: tree(f('/a', { xattrs: { 'user.k': 'v' } })), announced: none, want: ['/a'] },
    { name: 'announced rewritten content is none', a: tree(f('/m.pyc')), b: tree(f('/m.pyc', { digest: 'sha256:2', size: 2 })), announced: { removed: [], rewritten: ['/m.pyc'] }, want: [] },
    { name: 'a rewritten path whose mode changed too is one', a: tree(f('/m.pyc')), b: tree(f('/m.pyc', { digest: 'sha256:2', mode: 0o600 })), announced: { removed: [], rewritten: ['/m.pyc'] }, want: ['/m.pyc'] },
  ])('$name', ({ a, b, announced, want }) => {
    expect(findSideEffects(a, b, announced).map((effect) => effect.path)).toEqual(want);
  });

  test('a path that differed between A and B may differ in those aspects, not in others', () => {
    const a = tree(f('/x'), f('/y'));
    const patched = tree(f('/x', { digest: 'sha256:2' }), f('/y', { digest: 'sha256:2', uid: 5 }));
    const unstable = [{ path: '/x', aspects: ['content' as const] }, { path: '/y', aspects: ['content' as const] }];
    expect(findSideEffects(a, patched, none, unstable)).toEqual([{ path: '/y', kind: 'modified', aspects: ['content', 'uid'] }]);
  });
});
