import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { ContentKeeper, type KeptFile } from '../../src/image/content-keeper.js';
import { readLayer } from '../../src/image/layer-reader.js';
import { readImageArchive } from '../../src/image/save-reader.js';
import { savedImage } from './saved-image.js';

const sha = (b: Buffer | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');
const chunked = (text: string, size = 1000) => {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
};

/** Settles one file on a side, as the layer reader does. */
function settle(keeper: ContentKeeper, side: 0 | 1, path: string, text: string, member = 'blobs/sha256/x') {
  const sink = keeper.sides[side].forLayer(member)!;
  sink.settle({ path, type: 'file', digest: sha(text), size: Buffer.byteLength(text) }, sink.collect() ? chunked(text) : null);
  return sink.pace();
}

describe('ContentKeeper', () => {
  it('keeps both versions of a file that differs, and drops a file both images have alike', () => {
    const keeper = new ContentKeeper({ perFile: 1024, total: 1024 * 1024 });
    settle(keeper, 0, '/same', 'alike');
    settle(keeper, 0, '/differs', 'version A');
    settle(keeper, 1, '/differs', 'version B');
    settle(keeper, 1, '/same', 'alike');
    settle(keeper, 1, '/only-b', 'new');
    expect(keeper.sides[0].lookup('/same', sha('alike'))).toBeUndefined();
    expect(keeper.sides[1].lookup('/same', sha('alike'))).toBeUndefined();
    expect(keeper.sides[0].lookup('/differs', sha('version A'))).toMatchObject({ content: Buffer.from('version A'), truncated: false, size: 9 });
    expect(keeper.sides[1].lookup('/differs', sha('version B'))).toMatchObject({ content: Buffer.from('version B'), truncated: false, size: 9 });
    expect(keeper.sides[1].lookup('/only-b', sha('new'))?.content.toString()).toBe('new');
    // A lookup by the wrong digest finds nothing.
    expect(keeper.sides[0].lookup('/differs', sha('version B'))).toBeUndefined();
  });

  it("gives a file the other image's entry when every field is equal, else its equal path and digest strings", () => {
    const keeper = new ContentKeeper({ perFile: 1024, total: 1024 * 1024 });
    const entry = (mode: number) => ({ path: ['/x', 'y'].join(''), type: 'file' as const, mode, digest: sha('same'), size: 4, mtime: { sec: 1, nsec: 0 } });
    const [a, b] = [entry(0o644), entry(0o644)];
    keeper.sides[0].forLayer('m')!.settle(a, null);
    expect(keeper.sides[1].forLayer('m')!.settle(b, null)).toBe(a);
    const [c, d] = [entry(0o644), entry(0o600)];
    keeper.sides[0].forLayer('m')!.settle(c, null);
    const settled = keeper.sides[1].forLayer('m')!.settle(d, null);
    expect(settled).toBe(d);
    expect(settled.mode).toBe(0o600);
    expect(settled.path).toBe(c.path);
  });

  it('tells the listener as soon as both versions of a differing file are known, A first', () => {
    const pairs: [string, KeptFile, KeptFile][] = [];
    const keeper = new ContentKeeper({ perFile: 1024, total: 1024 * 1024 }, (path, a, b) => pairs.push([path, a, b]));
    settle(keeper, 1, '/f', 'b side');
    expect(pairs).toEqual([]);
    settle(keeper, 0, '/f', 'a side');
    expect(pairs).toHaveLength(1);
    expect(pairs[0]![0]).toBe('/f');
    expect(pairs[0]![1]).toMatchObject({ content: Buffer.from('a side'), digest: sha('a side') });
    expect(pairs[0]![2]).toMatchObject({ content: Buffer.from('b side'), digest: sha('b side') });
  });

  it('keeps the first perFile bytes of a large file and marks it truncated', () => {
    const keeper = new ContentKeeper({ perFile: 4, total: 1024 * 1024 });
    const sink = keeper.sides[0].forLayer('blobs/sha256/x')!;
    sink.settle({ path: '/big', type: 'file', digest: sha('0123456789'), size: 10 }, [Buffer.from('0123')]);
    expect(keeper.sides[0].lookup('/big', sha('0123456789'))).toMatchObject({ content: Buffer.from('0123'), truncated: true, size: 10 });
  });

  it('keeps no more than its budget, and still matches files it could not keep', () => {
    const keeper = new ContentKeeper({ perFile: 1024 * 1024, total: 256 * 1024 });
    const big = 'x'.repeat(300 * 1024);
    settle(keeper, 0, '/big', big);
    expect(keeper.sides[0].lookup('/big', sha(big))).toBeUndefined();
    expect(keeper.heldBytes).toBeLessThanOrEqual(256 * 1024);
    // Recorded all the same: the other image's equal file drops it instead of being kept.
    settle(keeper, 1, '/big', big);
    expect(keeper.sides[1].lookup('/big', sha(big))).toBeUndefined();
  });

  it('reuses its memory once pending files are matched', () => {
    const keeper = new ContentKeeper({ perFile: 64 * 1024, total: 512 * 1024 });
    for (let i = 0; i < 200; i++) {
      const text = `${i}`.padEnd(60 * 1024, '.');
      settle(keeper, 0, `/f${i}`, text);
      settle(keeper, 1, `/f${i}`, text);
    }
    expect(keeper.heldBytes).toBeLessThanOrEqual(512 * 1024);
    settle(keeper, 0, '/late', 'still kept');
    expect(keeper.sides[0].lookup('/late', sha('still kept'))).toBeDefined();
  });

  it('skips layers the engine lists at the same position in both images, whichever image asks first', () => {
    const keeper = new ContentKeeper({ perFile: 1024, total: 1024 * 1024 });
    keeper.sides[0].expectLayers(['sha256:base', 'sha256:app-a']);
    // B's layers arrive after A met the member: the decision A made holds for B too.
    expect(keeper.sides[0].forLayer('blobs/sha256/app-a')).not.toBeNull();
    keeper.sides[1].expectLayers(['sha256:base', 'sha256:app-b']);
    expect(keeper.sides[0].forLayer('blobs/sha256/base')).toBeNull();
    expect(keeper.sides[1].forLayer('blobs/sha256/base')).toBeNull();
    expect(keeper.sides[1].forLayer('blobs/sha256/app-b')).not.toBeNull();
    expect(keeper.sides[0].forLayer('1234/layer.tar')).not.toBeNull();
  });

  it('makes an image that is far ahead wait while the other reads a layer, and lets it go when that layer ends', async () => {
    const keeper = new ContentKeeper({ perFile: 1024 * 1024, total: 32 * 1024 * 1024 });
    const other = keeper.sides[1].forLayer('blobs/sha256/b')!;
    let waits = 0;
    let wait: Promise<void> | undefined;
    for (let i = 0; i < 40 && !wait; i++) {
      wait = settle(keeper, 0, `/f${i}`, `${i}`.padEnd(100 * 1024, '-'), 'blobs/sha256/a');
      if (wait) waits++;
    }
    expect(waits).toBe(1);
    let released = false;
    void wait!.then(() => (released = true));
    await Promise.resolve();
    expect(released).toBe(false);
    other.close();
    await wait;
    expect(released).toBe(true);
  });

  it('does not make an image wait once the budget is spent, when waiting would only slow the read', () => {
    const keeper = new ContentKeeper({ perFile: 1024 * 1024, total: 3 * 1024 * 1024 });
    keeper.sides[1].forLayer('blobs/sha256/b');
    const waits = Array.from({ length: 60 }, (_, i) => settle(keeper, 0, `/f${i}`, `${i}`.padEnd(100 * 1024, '-'), 'blobs/sha256/a'));
    expect(waits.slice(-10).every((w) => w === undefined)).toBe(true);
  });
});

describe('readImageArchive with a ContentKeeper', () => {
  it('keeps, of two images read at once, the content of the files that differ and nothing else', async () => {
    const keeper = new ContentKeeper({ perFile: 1024, total: 1024 * 1024 });
    const common = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`data/f${i}.txt`, `file ${i}\n`]));
    const [a, b] = await Promise.all([
      readImageArchive(Readable.from([await savedImage({ ...common, 'data/stamp.txt': 'built at 1\n' })]), { content: keeper.sides[0] }),
      readImageArchive(Readable.from([await savedImage({ ...common, 'data/stamp.txt': 'built at 2\n' })]), { content: keeper.sides[1] }),
    ]);
    const [treeA, treeB] = [a.layers[0]!.tree, b.layers[0]!.tree];
    expect(keeper.sides[0].lookup('/data/stamp.txt', treeA.get('/data/stamp.txt')!.digest!)?.content.toString()).toBe('built at 1\n');
    expect(keeper.sides[1].lookup('/data/stamp.txt', treeB.get('/data/stamp.txt')!.digest!)?.content.toString()).toBe('built at 2\n');
    expect(keeper.sides[0].lookup('/data/f7.txt', treeA.get('/data/f7.txt')!.digest!)).toBeUndefined();
  });
});

describe('readLayer with a ContentKeeper: the image that reads a file second compares it with the first', () => {
  /** Packs files into a tar with tar-stream. */
  async function layerTar(files: [string, Buffer][]): Promise<Buffer> {
    const pack = tar.pack();
    for (const [name, content] of files) pack.entry({ name }, content);
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** A file's content, and how the other image's version differs from it. */
  const fileCase = fc.record({
    size: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 250_000, max: 600_000 })),
    seed: fc.integer({ min: 0, max: 255 }),
    change: fc.constantFrom('same', 'first byte', 'last byte', 'middle', 'longer', 'shorter'),
  });

  it('gives every file the digest of its own bytes, whatever differs, wherever the chunks and slabs cut', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fileCase, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 100, max: 70_000 }),
        fc.constantFrom({ perFile: 8 * 1024 * 1024, total: 32 * 1024 * 1024 }, { perFile: 300_000, total: 1024 * 1024 }),
        fc.boolean(),
        async (cases, chunkSize, limits, aFirst) => {
          const filesA: [string, Buffer][] = [];
          const filesB: [string, Buffer][] = [];
          cases.forEach(({ size, seed, change }, i) => {
            const a = Buffer.alloc(size, seed);
            for (let k = 0; k < size; k += 997) a[k] = (k + seed) & 0xff;
            let b = Buffer.from(a);
            if (change === 'first byte' && size > 0) b[0] = b[0]! ^ 1;
            if (change === 'last byte' && size > 0) b[size - 1] = b[size - 1]! ^ 1;
            if (change === 'middle' && size > 0) b[size >> 1] = b[size >> 1]! ^ 1;
            if (change === 'longer') b = Buffer.concat([b, Buffer.from('x')]);
            if (change === 'shorter' && size > 0) b = b.subarray(0, size - 1);
            filesA.push([`f${i}`, a]);
            filesB.push([`f${i}`, b]);
          });
          const keeper = new ContentKeeper(limits);
          const chunks = (bytes: Buffer) => Array.from({ length: Math.ceil(bytes.length / chunkSize) }, (_, k) => bytes.subarray(k * chunkSize, (k + 1) * chunkSize));
          const read = async (side: 0 | 1, files: [string, Buffer][]) =>
            readLayer(Readable.from(chunks(await layerTar(files))), { content: keeper.sides[side].forLayer('layer') ?? undefined });
          // One image read whole before the other: every file of the second has its counterpart pending.
          const [first, second] = aFirst ? [await read(0, filesA), await read(1, filesB)] : [await read(1, filesB), await read(0, filesA)];
          const [treeA, treeB] = aFirst ? [first.tree, second.tree] : [second.tree, first.tree];
          for (const [name, content] of filesA) expect(treeA.get(`/${name}`)?.digest, `A ${name}`).toBe(sha(content));
          for (const [name, content] of filesB) expect(treeB.get(`/${name}`)?.digest, `B ${name}`).toBe(sha(content));
        },
      ),
      { numRuns: 40 },
    );
  });
});
