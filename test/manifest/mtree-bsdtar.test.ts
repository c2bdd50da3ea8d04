import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it, test } from 'vitest';
import { walkDirectory } from '../../src/manifest/dir-walker.js';
import { parseMtree } from '../../src/manifest/mtree-reader.js';
import { compareTrees } from '../../src/tree/compare-trees.js';
import type { FileTree } from '../../src/tree/file-entry.js';
import { bsdtar } from './bsdtar-tool.js';
import { makeFixtureTree } from './fixture-tree.js';

// Manifests written by libarchive's bsdtar from a real directory tree, in both forms, read with
// our reader and compared with our own walk of the same tree.
const root = makeFixtureTree();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const walked = walkDirectory(root);

const FORMS: [string, string[]][] = [
  ['mtree, bsdtar defaults', ['--format=mtree']],
  ['mtree, sha256 and link counts', ['--format=mtree', '--options=!all,type,mode,uid,gid,size,time,sha256,link,nlink']],
  ['mtree-classic, bsdtar defaults (nested, /set)', ['--format=mtree-classic']],
  ['mtree-classic with sha256 and owner names', ['--format=mtree-classic', '--options=sha256,uname,gname']],
  ['mtree with every digest bsdtar has', ['--format=mtree', '--options=all']],
];

describe('manifests written by bsdtar', () => {
  test.each(FORMS)('%s: the same tree as our walk', async (_name, options) => {
    const tree = parseMtree(bsdtar(['-cf', '-', ...options, '-C', root, '.']), 'bsdtar.mtree');
    const comparison = compareTrees(await walked, tree);
    expect(comparison.changes).toEqual([]);
    expect([...tree.keys()].sort()).toEqual([...(await walked).keys()].sort());
  });

  it('decodes names with spaces, # and UTF-8, and link targets', () => {
    const tree = parseMtree(bsdtar(['-cf', '-', '--format=mtree-classic', '-C', root, '.']), 'classic.mtree');
    expect(tree.get('/a file#1.txt')).toMatchObject({ type: 'file', size: 6 });
    expect(tree.get('/café')).toMatchObject({ type: 'file', size: 2 });
    expect(tree.get('/dir with space/sub/f')).toMatchObject({ type: 'file' });
    expect(tree.get('/dir with space')).toMatchObject({ type: 'dir', mode: 0o2775 });
    expect(tree.get('/link')).toMatchObject({ type: 'symlink', linkTarget: 'a file#1.txt' });
    expect(tree.get('/setuid')).toMatchObject({ mode: 0o4755 });
  });

  it('compares content by any algorithm both sides have', async () => {
    const all: FileTree = parseMtree(bsdtar(['-cf', '-', '--format=mtree', '--options=!all,type,md5,sha1', '-C', root, '.']), 'md5.mtree');
    const other: FileTree = parseMtree(bsdtar(['-cf', '-', '--format=mtree', '--options=!all,type,sha1,sha512', '-C', root, '.']), 'sha.mtree');
    expect(compareTrees(all, other).changes).toEqual([]);
    // Our walk has SHA-256 only: no algorithm in common, so content is unverifiable, not equal.
    const { unverifiable } = compareTrees(await walked, all);
    expect(unverifiable.find((u) => u.path === '/café')?.aspects).toContain('content');
  });
});
