import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it, test } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { loadImageFileSystem } from '../../src/check/image-file-system.js';
import { readJsonManifest } from '../../src/manifest/json-manifest-reader.js';
import { writeJsonManifest } from '../../src/manifest/json-manifest-writer.js';
import { parseMtree } from '../../src/manifest/mtree-reader.js';
import { writeMtree } from '../../src/manifest/mtree-writer.js';
import { compareTrees } from '../../src/tree/compare-trees.js';
import type { FileEntry } from '../../src/tree/file-entry.js';
import { sortedEntries } from '../../src/tree/sorted-entries.js';
import { bsdtar } from './bsdtar-tool.js';

// The docker save fixtures are real images from three engines (test/fixtures/save/README.md).
const SAVE = new URL('../fixtures/save/', import.meta.url).pathname;
const noEngine = (): Engine => {
  throw new Error('no engine in this test');
};
const sha256 = (text: string) => 'sha256:' + createHash('sha256').update(text).digest('hex');
const tmp = mkdtempSync(join(tmpdir(), 'image-manifest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function text(write: (out: PassThrough) => Promise<void>): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks).toString('utf8');
}

describe.each(['legacy.tar.gz', 'oci-graphdriver.tar.gz', 'oci-containerd.tar.gz'])('the file system of %s', (fixture) => {
  const load = loadImageFileSystem({ kind: 'archive', path: SAVE + fixture }, noEngine);

  it('is the merged file system: deletions applied, hard links as files with link counts', async () => {
    const tree = await load;
    expect(tree.get('/data/hello.txt')).toMatchObject({ type: 'file', size: 6, digest: sha256('hello\n'), nlink: 2 });
    expect(tree.get('/data/hardlink')).toMatchObject({ type: 'file', size: 6, digest: sha256('hello\n'), nlink: 2 });
    expect(tree.get('/data/hardlink')!.linkTarget).toBeUndefined();
    expect(tree.get('/data/symlink')).toMatchObject({ type: 'symlink', linkTarget: 'hello.txt', nlink: 1 });
    expect(tree.get('/data/setuid')).toMatchObject({ mode: 0o4755 });
    expect(tree.get('/data/sub/owned')).toMatchObject({ uid: 1000, gid: 1000 });
    expect(tree.has('/data/gone.txt')).toBe(false);
    expect(tree.has('/olddir/a')).toBe(false);
    expect(tree.has('/olddir/new')).toBe(true);
    expect(tree.get('/')).toMatchObject({ type: 'dir' });
  });

  test.each(['json', 'mtree'])('reads back from its %s manifest with no difference', async (format) => {
    const tree = await load;
    const entries: FileEntry[] = sortedEntries(tree);
    const back =
      format === 'json'
        ? await readJsonManifest(await text((out) => writeJsonManifest(entries, out)), 'image.json')
        : parseMtree(await text((out) => writeMtree(entries, out)), 'image.mtree');
    expect(compareTrees(tree, back)).toEqual({ changes: [], unverifiable: [] });
  });

  it('writes an mtree manifest that bsdtar lists in full', async () => {
    const file = join(tmp, `${fixture}.mtree`);
    writeFileSync(file, await text(async (out) => writeMtree(sortedEntries(await load), out)));
    const empty = mkdtempSync(join(tmp, 'cwd-'));
    const listed = bsdtar(['-tf', file], empty).split('\n').filter((l) => l !== '');
    expect(listed.length).toBe((await load).size);
    expect(listed).toContain('./data/a-single-file-name-that-is-longer-than-one-hundred-characters-so-no-ustar-prefix-split-can-hold-it.txt');
  });
});
