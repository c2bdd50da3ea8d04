import { createReadStream, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LayerFormatError, readLayer } from '../../src/image/layer-reader.js';

const fixtures = new URL('../fixtures/save/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', fixtures), 'utf8')).fixtures;
const sha = (buffer: Buffer) => 'sha256:' + createHash('sha256').update(buffer).digest('hex');

describe('readLayer on tars written by GNU tar', () => {
  it('reads GNU long names, long link targets and hard links', async () => {
    const layer = await readLayer(createReadStream(new URL('gnu-longnames.tar', fixtures)));
    for (const entry of expected['gnu-longnames.tar'].entries as { path: string; type: string; linkname?: string; sha256?: string }[]) {
      const got = layer.tree.get('/' + entry.path);
      expect(got, entry.path).toBeDefined();
      expect(got!.type).toBe(entry.type);
      if (entry.type === 'symlink') expect(got!.linkTarget).toBe(entry.linkname);
      if (entry.type === 'hardlink') expect(got!.linkTarget).toBe('/' + entry.linkname);
      if (entry.sha256) expect(got!.digest).toBe(entry.sha256);
    }
    expect([...layer.tree.keys()].some((p) => p.length > 100)).toBe(true);
  });

  it('reads PAX nanosecond mtimes and extended attributes', async () => {
    const layer = await readLayer(createReadStream(new URL('pax-xattrs.tar', fixtures)));
    expect(layer.tree.get('/paxdir/nanos.txt')?.mtime).toEqual({ sec: 1704164645, nsec: 123456789 });
    expect(layer.tree.get('/paxdir/plain.txt')?.mtime).toEqual({ sec: 1704164645, nsec: 0 });
    expect(layer.tree.get('/paxdir/xattr.txt')?.xattrs).toEqual({ 'user.test': 'hello', 'user.second': 'two words' });
  });

  it('hashes the uncompressed tar as the diff ID and the stored bytes as the blob digest', async () => {
    const tar = readFileSync(new URL('pax-xattrs.tar', fixtures));
    const gz = gzipSync(tar);
    const plain = await readLayer(Readable.from([tar]));
    const compressed = await readLayer(Readable.from([gz]));
    expect(plain).toMatchObject({ diffId: sha(tar), blobDigest: sha(tar), compression: 'none', size: tar.length });
    expect(compressed).toMatchObject({ diffId: sha(tar), blobDigest: sha(gz), compression: 'gzip', size: tar.length });
    expect(compressed.tree).toEqual(plain.tree);
  });

  it('rejects a blob that is not a tar, and a corrupt gzip', async () => {
    await expect(readLayer(Readable.from([Buffer.from('x'.repeat(1024))]))).rejects.toThrow(LayerFormatError);
    const gz = gzipSync(readFileSync(new URL('pax-xattrs.tar', fixtures)));
    gz[gz.length - 8]! ^= 0xff;
    await expect(readLayer(Readable.from([gz]))).rejects.toThrow(/corrupt gzip layer/);
  });
});
