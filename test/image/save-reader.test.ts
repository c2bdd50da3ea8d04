import { createReadStream, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ArchiveFormatError } from '../../src/image/archive-members.js';
import { readImageArchive } from '../../src/image/save-reader.js';
import type { ImageArchive } from '../../src/image/image-archive.js';
import type { FileEntry } from '../../src/tree/file-entry.js';
import { mergeLayers } from '../../src/tree/merge-layers.js';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';

/** Facts about each fixture, read with python's tarfile and sha256sum, not with repro-check. */
interface ExpectedEntry {
  path: string;
  type: string;
  mode: string;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  mtime_ns: number;
  sha256?: string;
  linkname?: string;
}
interface ExpectedImage {
  layout: 'legacy' | 'oci';
  config_digest: string;
  diff_ids: string[];
  layers: { entries: ExpectedEntry[]; compression: string | null; blob_digest: string }[];
}

const fixtures = new URL('../fixtures/save/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', fixtures), 'utf8')).fixtures as Record<string, ExpectedImage>;
const read = (name: string) => readImageArchive(createReadStream(new URL(name, fixtures)));

/** The model's view of an expected entry: hard links carry their target's content. */
function modelOf(entry: ExpectedEntry, all: ExpectedEntry[]): Partial<FileEntry> {
  const out: Partial<FileEntry> = { path: entry.path, type: entry.type as FileEntry['type'], mode: parseInt(entry.mode, 8), uid: entry.uid, gid: entry.gid, mtime: { sec: entry.mtime, nsec: entry.mtime_ns } };
  if (entry.type === 'file') {
    out.size = entry.size;
    out.digest = entry.sha256;
  }
  if (entry.type === 'symlink') out.linkTarget = entry.linkname;
  if (entry.type === 'hardlink') {
    out.linkTarget = '/' + entry.linkname!.replace(/^\.?\//, '');
    const target = all.find((e) => e.path === out.linkTarget);
    out.digest = target?.sha256;
    out.size = target?.size;
  }
  return out;
}

describe.each(['oci-graphdriver.tar.gz', 'oci-containerd.tar.gz', 'legacy.tar.gz'])('readImageArchive(%s)', (name) => {
  const facts = expected[name]!;
  let archive: ImageArchive;

  it('finds the layout, the config and the layers in config order', async () => {
    archive = await read(name);
    expect(archive.layout).toBe(facts.layout);
    expect(archive.configDigest).toBe(facts.config_digest);
    expect(archive.layers.map((l) => l.diffId)).toEqual(facts.diff_ids);
    expect(archive.layers.map((l) => l.blobDigest)).toEqual(facts.layers.map((l) => l.blob_digest));
    expect(archive.layers.map((l) => l.compression)).toEqual(facts.layers.map((l) => l.compression ?? 'none'));
    expect(archive.config.history?.length).toBeGreaterThan(archive.layers.length);
    // Only the containerd store keeps BuildKit's provenance attestation beside the image.
    expect(archive.attestations).toHaveLength(name === 'oci-containerd.tar.gz' ? 1 : 0);
    for (const digest of archive.attestations) expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reads every entry of every layer as the tar holds it', () => {
    facts.layers.forEach((layer, index) => {
      const tree = archive.layers[index]!.tree;
      expect([...tree.keys()].sort()).toEqual(layer.entries.map((e) => e.path).sort());
      for (const entry of layer.entries) expect(tree.get(entry.path), entry.path).toMatchObject(modelOf(entry, layer.entries));
    });
  });

  it('merges the layers: whiteouts and opaque directories remove lower entries', () => {
    const merged = mergeLayers(archive.layers.map((l) => l.tree));
    expect(merged.has('/data/gone.txt')).toBe(false);
    expect(merged.has('/data/hello.txt')).toBe(true);
    expect([...merged.keys()].filter((p) => p.startsWith('/olddir'))).toEqual(['/olddir', '/olddir/new']);
    expect([...merged.keys()].some((p) => p.includes('.wh.'))).toBe(false);
    expect(merged.get('/data/setuid')?.mode).toBe(0o4755);
    expect(merged.get('/data/sub/owned')).toMatchObject({ uid: 1000, gid: 1000 });
  });
});

describe('readImageArchive on broken input', () => {
  it('rejects an empty stream', async () => {
    await expect(readImageArchive(Readable.from([]))).rejects.toThrow(new ArchiveFormatError('the image archive is empty'));
  });

  it('rejects something that is not a tar', async () => {
    await expect(readImageArchive(Readable.from([Buffer.from('this is not an archive at all'.repeat(30))]))).rejects.toThrow('not an image archive');
  });

  it('rejects a truncated archive with a clear error', async () => {
    const whole = readFileSync(new URL('oci-graphdriver.tar.gz', fixtures));
    const { gunzipSync } = await import('node:zlib');
    const tar = gunzipSync(whole);
    await expect(readImageArchive(Readable.from([tar.subarray(0, Math.floor(tar.length / 2))]))).rejects.toThrow(ArchiveFormatError);
  });

  it('rejects a tar without manifest.json or index.json', async () => {
    const tar = readFileSync(new URL('gnu-longnames.tar', fixtures));
    await expect(readImageArchive(Readable.from([gzipSync(tar)]))).rejects.toThrow('neither manifest.json nor index.json');
  });
});

describe('readImageArchive of the engine\'s own stream (trustBlobNames)', () => {
  it.each(['oci-graphdriver.tar.gz', 'oci-containerd.tar.gz', 'legacy.tar.gz'])('reads %s as a full read does, without hashing the blobs again', async (name) => {
    const full = await read(name);
    const trusted = await readImageArchive(createReadStream(new URL(name, fixtures)), { trustBlobNames: true });
    expect(trusted.layers.map((l) => [l.diffId, l.blobDigest, l.size])).toEqual(full.layers.map((l) => [l.diffId, l.blobDigest, l.size]));
    expect(trusted.layers.map((l) => l.tree)).toEqual(full.layers.map((l) => l.tree));
  });
});

describe('readImageArchive of a metadata-only image from the containerd store', () => {
  it('takes the null that Go writes for an absent created time and layer list as absent', async () => {
    const archive = await read('oci-containerd-metadata-only.tar');
    expect(archive.layers).toEqual([]);
    expect(archive.config.created).toBeUndefined();
    expect(archive.config.rootfs?.diff_ids).toEqual([]);
    expect(archive.config.config?.Labels).toEqual({ a: 'b' });
  });
});
