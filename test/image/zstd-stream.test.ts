import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it, test } from 'vitest';
import { LayerFormatError, readLayer } from '../../src/image/layer-reader.js';
import { FzstdTransform } from '../../src/image/zstd-stream.js';

const sha = (bytes: Buffer) => 'sha256:' + createHash('sha256').update(bytes).digest('hex');
const dir = mkdtempSync(join(tmpdir(), 'zstd-layer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A layer made by hand with GNU tar, compressed by the zstd CLI: the files' bytes are known here.
const root = join(dir, 'root');
mkdirSync(join(root, 'etc'), { recursive: true });
const files: Record<string, Buffer> = {
  'etc/hostname': Buffer.from('zstd-layer\n'),
  'etc/big.bin': Buffer.from(Array.from({ length: 3_000_000 }, (_, i) => (i * 7919) % 251)),
  'empty': Buffer.alloc(0),
};
for (const [path, bytes] of Object.entries(files)) {
  writeFileSync(join(root, path), bytes);
  utimesSync(join(root, path), 1700000000, 1700000000);
}
const tarPath = join(dir, 'layer.tar');
execFileSync('tar', ['--format=posix', '--numeric-owner', '--sort=name', '-C', root, '-cf', tarPath, 'etc', 'empty']);
const tar = readFileSync(tarPath);
const zstdOf = (args: string[]) => execFileSync('zstd', ['-q', '-c', ...args, tarPath]);
const levels = { 'level 3': zstdOf(['-3']), 'level 19, long window': zstdOf(['-19', '--long=24']), 'with a checksum': zstdOf(['--check']) };
// Two frames one after the other decompress to the two halves joined, as zstd -d gives them.
const half = tar.length / 2;
writeFileSync(join(dir, 'first'), tar.subarray(0, half));
writeFileSync(join(dir, 'second'), tar.subarray(half));
const twoFrames = Buffer.concat([execFileSync('zstd', ['-q', '-c', join(dir, 'first')]), execFileSync('zstd', ['-q', '-c', join(dir, 'second')])]);

/** The blob in chunks of `size` bytes, as a socket or a file stream gives it. */
function chunked(bytes: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) parts.push(bytes.subarray(at, at + size));
  return Readable.from(parts);
}

async function inflate(bytes: Buffer, size: number): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(chunked(bytes, size), new FzstdTransform(), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) out.push(chunk);
  });
  return Buffer.concat(out);
}

describe('zstd layers', () => {
  test.each([...Object.entries(levels), ['two frames', twoFrames] as const])('fzstd gives back the tar the zstd CLI compressed (%s)', async (_name, blob) => {
    expect(blob.readUInt32LE(0)).toBe(0xfd2fb528);
    for (const size of [1, 17, 65536, blob.length]) {
      if (size === 1 && blob.length > 200_000) continue;
      expect(sha(await inflate(blob, size))).toBe(sha(tar));
    }
    expect(execFileSync('zstd', ['-q', '-d', '-c'], { input: blob, maxBuffer: 64 << 20 }).equals(tar)).toBe(true);
  });

  it('reads a zstd layer through the layer reader: the files, the diff ID and the blob digest', async () => {
    const blob = levels['level 3'];
    const layer = await readLayer(chunked(blob, 65536));
    expect(layer).toMatchObject({ compression: 'zstd', diffId: sha(tar), blobDigest: sha(blob), size: tar.length });
    for (const [path, bytes] of Object.entries(files)) {
      expect(layer.tree.get('/' + path), path).toMatchObject({ type: 'file', size: bytes.length, digest: sha(bytes), mtime: { sec: 1700000000, nsec: 0 } });
    }
    expect(layer.tree.get('/etc')?.type).toBe('dir');
    expect(layer.tree.size).toBe(4);
  });

  test.each([
    ['cut short', (blob: Buffer) => blob.subarray(0, Math.floor(blob.length / 2))],
    ['cut in its last bytes', (blob: Buffer) => blob.subarray(0, blob.length - 3)],
    ['a block header garbled', (blob: Buffer) => Buffer.concat([blob.subarray(0, 12), Buffer.alloc(64, 0xff), blob.subarray(76)])],
  ])('a zstd layer %s fails as a LayerFormatError', async (_name, spoil) => {
    const error = await readLayer(chunked(spoil(levels['with a checksum']), 4096)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LayerFormatError);
  });
});
