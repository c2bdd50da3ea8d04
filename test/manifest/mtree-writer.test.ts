import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it, test } from 'vitest';
import { decodeMtreeToken, encodeMtreeToken } from '../../src/manifest/mtree-escape.js';
import { parseMtree } from '../../src/manifest/mtree-reader.js';
import { formatMtreeEntry, writeMtree } from '../../src/manifest/mtree-writer.js';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';
import { bsdtar } from './bsdtar-tool.js';
import { arbitraryTree } from './manifest-arbitraries.js';

async function mtreeText(tree: FileTree, extensions: boolean): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeMtree(tree.values(), out, { extensions });
  return Buffer.concat(chunks).toString('utf8');
}

const dir = mkdtempSync(join(tmpdir(), 'mtree-writer-'));
// libarchive's mtree reader opens files the manifest names, relative to its working directory,
// to check their type and read their data: run it where nothing exists.
const empty = mkdtempSync(join(tmpdir(), 'mtree-empty-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
});

describe('mtree escapes', () => {
  test.each([
    ['plain', 'etc', 'etc'],
    ['space', 'a b', 'a\\040b'],
    ['#, =, *, ?, [', '#=*?[', '\\043\\075\\052\\077\\133'],
    ['backslash', 'a\\b', 'a\\134b'],
    ['UTF-8', 'é', '\\303\\251'],
    ['newline', 'a\nb', 'a\\012b'],
  ])('%s', (_name, text, escaped) => {
    expect(encodeMtreeToken(text)).toBe(escaped);
    expect(decodeMtreeToken(escaped)).toBe(text);
  });

  it('decodes whatever it encodes', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => decodeMtreeToken(encodeMtreeToken(text)) === text));
  });
});

describe('mtree writer', () => {
  test.each<[string, FileEntry, string]>([
    ['the root', { path: '/', type: 'dir', mode: 0o755 }, '. type=dir mode=0755'],
    ['a file', { path: '/a b', type: 'file', size: 3, mtime: { sec: 5, nsec: 7 }, digest: 'sha256:ab' }, './a\\040b type=file size=3 time=5.000000007 sha256digest=ab'],
    ['a hard link, as mtree knows it', { path: '/h', type: 'hardlink', linkTarget: '/a', size: 3, nlink: 2 }, './h type=file size=3 nlink=2'],
    ['a symlink', { path: '/l', type: 'symlink', linkTarget: '../x y', size: 0 }, './l type=link link=../x\\040y'],
    ['a device', { path: '/dev/null', type: 'char', devMajor: 1, devMinor: 3 }, './dev/null type=char device=native,1,3'],
  ])('%s', (_name, entry, line) => {
    expect(formatMtreeEntry(entry)).toBe(line);
  });

  test.each([false, true])('round-trips through its own reader (extensions %s)', async (extensions) => {
    await fc.assert(
      fc.asyncProperty(arbitraryTree({ extensions }), async (tree) => {
        const back = parseMtree(await mtreeText(tree, extensions), 'prop.mtree');
        expect(back).toEqual(tree);
      }),
      { numRuns: 150 },
    );
  });

  it('writes what bsdtar reads back: names, types, modes, owners, sizes, times, link targets', async () => {
    // Digests are not compared: bsdtar recomputes them from file data, which a manifest lacks.
    const keywords = '!all,type,mode,uid,gid,size,time,link';
    // What bsdtar keeps of each entry: the fields we wrote (it fills the others from defaults).
    const FIELDS = ['type', 'mode', 'uid', 'gid', 'size', 'mtime', 'linkTarget'] as const;
    const project = (tree: FileTree, like: FileTree) =>
      // libarchive applies the behaviour keywords against the disk (`optional` entries that do not
      // exist are skipped, `nochange` takes the disk's attributes): compare the others.
      [...like.values()].filter((e) => e.verify === undefined).map((mine) => {
        const theirs = tree.get(mine.path);
        return [mine.path, ...FIELDS.map((f) => (mine[f] === undefined ? undefined : theirs?.[f]))];
      });
    await fc.assert(
      fc.asyncProperty(arbitraryTree({ extensions: false }), async (tree) => {
        const file = join(dir, 'prop.mtree');
        writeFileSync(file, await mtreeText(tree, false));
        // -tv fails on any keyword or value bsdtar does not accept (digest lengths, devices, flags).
        bsdtar(['-tvf', file], empty);
        // bsdtar -cf - @file copies our entries into a manifest of its own writing.
        const again = parseMtree(bsdtar(['-cf', '-', '--format=mtree', `--options=${keywords}`, `@${file}`], empty), 'bsdtar.mtree');
        expect(project(again, tree)).toEqual(project(tree, tree));
      }),
      { numRuns: 25 },
    );
  });

  it('bsdtar rebuilds the same manifest from ours', async () => {
    const tree: FileTree = new Map<string, FileEntry>([
      ['/', { path: '/', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: { sec: 1704164645, nsec: 7 } }],
      ['/a b#1', { path: '/a b#1', type: 'file', mode: 0o4755, uid: 1000, gid: 100, size: 12, mtime: { sec: 1704164645, nsec: 123456789 } }],
      ['/l', { path: '/l', type: 'symlink', mode: 0o777, uid: 0, gid: 0, linkTarget: 'a b#1', mtime: { sec: 1, nsec: 0 } }],
    ]);
    const file = join(dir, 'ours.mtree');
    writeFileSync(file, await mtreeText(tree, false));
    // bsdtar -cf - @file copies the entries of our manifest into a manifest of its own writing.
    const again = bsdtar(['-cf', '-', '--format=mtree', '--options=!all,type,mode,uid,gid,size,time,link', `@${file}`], empty);
    expect(parseMtree(again, 'bsdtar.mtree')).toEqual(tree);
  });
});
