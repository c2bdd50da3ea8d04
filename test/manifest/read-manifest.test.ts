import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ManifestFormatError } from '../../src/manifest/manifest-error.js';
import { readManifest } from '../../src/manifest/read-manifest.js';

const MTREE = '#mtree\n. type=dir mode=755\n./etc/hosts type=file mode=644 size=3\n';
const JSON_LINES = '{"schemaVersion":1,"kind":"repro-check-manifest"}\n{"path":"/","type":"dir"}\n{"path":"/etc/hosts","type":"file","size":3}\n';
/** A stream in small chunks, so the format is told from a head that spans several of them. */
const chunked = (bytes: Buffer, size = 7) => Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size)));

describe('readManifest', () => {
  it.each([
    ['mtree', Buffer.from(MTREE)],
    ['JSON', Buffer.from(JSON_LINES)],
    ['gzip-compressed mtree', gzipSync(MTREE)],
    ['gzip-compressed JSON', gzipSync(JSON_LINES)],
  ])('tells %s by its first bytes and reads it whole', async (_name, bytes) => {
    const tree = await readManifest(chunked(bytes), 'm');
    expect([...tree.keys()]).toEqual(['/', '/etc/hosts']);
    expect(tree.get('/etc/hosts')).toMatchObject({ type: 'file', size: 3 });
  });

  it('calls an empty file no manifest', async () => {
    await expect(readManifest(Readable.from([]), 'empty')).rejects.toThrow(ManifestFormatError);
  });

  it('fails on a corrupt gzip stream instead of hanging', async () => {
    const broken = gzipSync(MTREE.repeat(50)).subarray(0, 40);
    await expect(readManifest(chunked(Buffer.concat([broken, Buffer.from('garbage that is no deflate data')])), 'bad.gz')).rejects.toThrow();
  });
});
