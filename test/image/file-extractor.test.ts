import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractFiles } from '../../src/image/file-extractor.js';
import type { ImageArchive } from '../../src/image/image-archive.js';
import { readImageArchive } from '../../src/image/save-reader.js';

const open = (name: string) => createReadStream(new URL(`../fixtures/save/${name}`, import.meta.url));
const sha = (b: Buffer) => 'sha256:' + createHash('sha256').update(b).digest('hex');

describe.each(['oci-graphdriver.tar.gz', 'oci-containerd.tar.gz', 'legacy.tar.gz'])('extractFiles(%s)', (name) => {
  let archive: ImageArchive;
  beforeAll(async () => {
    archive = await readImageArchive(open(name));
  });

  it('returns the content of the requested files, matching the digests of the first read', async () => {
    const layer = archive.layers[1]!;
    const files = await extractFiles(open(name), new Map([[layer.member, new Set(['/data/secret', '/data/hardlink', '/nope'])]]));
    const got = files.get(layer.member)!;
    expect([...got.keys()].sort()).toEqual(['/data/hardlink', '/data/secret']);
    expect(got.get('/data/secret')).toMatchObject({ content: Buffer.from('secret\n'), truncated: false, size: 7 });
    expect(sha(got.get('/data/hardlink')!.content)).toBe(layer.tree.get('/data/hardlink')!.digest);
    expect(files.size).toBe(1);
  });

  it('caps what it keeps per file and in total, and says so', async () => {
    const layer = archive.layers[0]!;
    const files = await extractFiles(open(name), new Map([[layer.member, new Set(['/bin/busybox'])]]), { perFile: 100, total: 1000 });
    const busybox = files.get(layer.member)!.get('/bin/busybox')!;
    expect(busybox.content.length).toBe(100);
    expect(busybox.truncated).toBe(true);
    expect(busybox.size).toBe(layer.tree.get('/bin/busybox')!.size);
    const none = await extractFiles(open(name), new Map([[layer.member, new Set(['/bin/busybox'])]]), { perFile: 100, total: 0 });
    expect(none.get(layer.member)!.get('/bin/busybox')).toMatchObject({ truncated: true, content: Buffer.alloc(0) });
  });
});
