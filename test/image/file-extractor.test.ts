import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { inspectContent } from '../../src/explain/inspect/inspect-content.js';
import { extractFiles, READ_AGAIN_BUDGET } from '../../src/image/file-extractor.js';
import type { ImageArchive } from '../../src/image/image-archive.js';
import { readImageArchive } from '../../src/image/save-reader.js';
import { savedImage } from './saved-image.js';

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

describe('extractFiles over its budget', () => {
  it('keeps at most READ_AGAIN_BUDGET (16 MiB) per read, whatever the caller asks, and the file past it reads as too large', async () => {
    const MiB = 1024 * 1024;
    expect(READ_AGAIN_BUDGET).toBe(16 * MiB);
    const seven = (c: string) => c.repeat(7 * MiB);
    const archive = await savedImage({ 'a.bin': seven('a'), 'b.bin': seven('b'), 'c.bin': seven('c') });
    // 21 MiB requested, with the 256 MiB total the explain step used to ask for.
    const files = await extractFiles(Readable.from([archive]), new Map([['l0/layer.tar', new Set(['/a.bin', '/b.bin', '/c.bin'])]]), { perFile: 8 * MiB, total: 256 * MiB });
    const got = files.get('l0/layer.tar')!;
    expect(['/a.bin', '/b.bin', '/c.bin'].map((p) => [got.get(p)!.content.length, got.get(p)!.truncated, got.get(p)!.size])).toEqual([
      [7 * MiB, false, 7 * MiB],
      [7 * MiB, false, 7 * MiB],
      [2 * MiB, true, 7 * MiB],
    ]);
    const c = got.get('/c.bin')!;
    const finding = await inspectContent({ path: '/c.bin', a: c.content, b: c.content, truncated: c.truncated, sizes: [c.size, c.size] });
    expect(finding.format).toBe('too-large');
    expect(finding.summary).toContain('not inspected');
  });
});
