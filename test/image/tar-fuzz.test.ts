import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { ArchiveFormatError } from '../../src/image/archive-members.js';
import { extractFiles } from '../../src/image/file-extractor.js';
import { LayerFormatError, readLayer } from '../../src/image/layer-reader.js';
import { readImageArchive } from '../../src/image/save-reader.js';
import { SizeLimitError } from '../../src/image/stream-limits.js';
import { layerPath } from '../../src/image/tar-header.js';
import type { EntryType, FileEntry, FileTree } from '../../src/tree/file-entry.js';

/**
 * Property-based tests of the tar readers: real tars from test/fixtures/save/ mutated at random
 * (bit flips, truncation, inserted and overwritten bytes) must be read or refused with a documented
 * error, never crash or hang; and a random tree written by tar-stream's pack must read back as it was.
 * fast-check prints the seed and the smallest failing case; re-run one with `seed` and `path` in
 * the `fc.assert` parameters.
 */

const fixtures = new URL('../fixtures/save/', import.meta.url);
const sha = (data: Uint8Array | string) => 'sha256:' + createHash('sha256').update(data).digest('hex');
/** One read may take this long; the real ones take milliseconds. */
const READ_LIMIT_MS = 3_000;

/** A 512-byte tar header found in a tar, with the member it starts. */
interface Member {
  offset: number;
  name: string;
  size: number;
  /** Where the member's data starts. */
  data: number;
}

/** Walks the 512-byte headers of a plain tar (names from the ustar field only, enough to find members). */
function members(tarBytes: Buffer): Member[] {
  const found: Member[] = [];
  let offset = 0;
  while (offset + 512 <= tarBytes.length) {
    const header = tarBytes.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    const size = parseInt(header.toString('latin1', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
    found.push({ offset, name, size, data: offset + 512 });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return found;
}

// The legacy archive (Docker 20.10's `docker save`), uncompressed: manifest.json, config, and four
// layer tars with hard links, symlinks, long names, whiteouts and an opaque directory.
const archiveTar = gunzipSync(readFileSync(new URL('legacy.tar.gz', fixtures)));
const archiveMembers = members(archiveTar);
// Its second layer (the RUN that writes /data): small, and holds every kind of entry.
const layerMember = archiveMembers.filter((m) => m.name.endsWith('/layer.tar')).find((m) => m.size > 0 && m.size < 100_000)!;
const layerTar = archiveTar.subarray(layerMember.data, layerMember.data + layerMember.size);
const seeds = {
  'legacy layer 2': layerTar,
  'gnu-longnames.tar': readFileSync(new URL('gnu-longnames.tar', fixtures)),
  'pax-xattrs.tar': readFileSync(new URL('pax-xattrs.tar', fixtures)),
};

/** One change to a byte string. */
type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'overwrite'; at: number; bytes: Uint8Array };

/**
 * Mutations of a buffer of `length` bytes. Half of the positions fall in a tar header or a small
 * member's data (`hot` ranges), where a change alters how the rest is read; the other half anywhere.
 */
function mutations(length: number, hot: [number, number][]): fc.Arbitrary<Mutation[]> {
  const anywhere = fc.nat({ max: length - 1 });
  const inHot = fc.constantFrom(...hot).chain(([start, end]) => fc.integer({ min: start, max: Math.min(end, length) - 1 }));
  const at = fc.oneof(anywhere, inHot);
  const bytes = fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.constantFrom(...['\0', '7777777', '\xff\xff\xff\xff', ' ', '../', '99999999999'].map((s) => Buffer.from(s, 'latin1'))));
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), at, bytes }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('overwrite' as const), at, bytes }) },
  );
  return fc.array(mutation, { minLength: 1, maxLength: 4 });
}

function mutate(input: Buffer, changes: Mutation[]): Buffer {
  let out = Buffer.from(input);
  for (const change of changes) {
    const at = Math.min(change.at, Math.max(0, out.length - 1));
    if (change.kind === 'flip' && out.length > 0) out[at] = out[at]! ^ (1 << change.bit);
    if (change.kind === 'truncate') out = out.subarray(0, at);
    if (change.kind === 'insert') out = Buffer.concat([out.subarray(0, at), change.bytes, out.subarray(at)]);
    if (change.kind === 'overwrite') {
      out = Buffer.from(out);
      Buffer.from(change.bytes).copy(out, at);
    }
  }
  return out;
}

/** Header blocks, and the data of members under 64 KiB (JSON documents, small files). */
function hotRanges(tarBytes: Buffer): [number, number][] {
  const ranges: [number, number][] = members(tarBytes).map((m) => [m.offset, m.offset + 512]);
  for (const m of members(tarBytes)) if (m.size > 0 && m.size < 65_536) ranges.push([m.data, m.data + m.size]);
  return ranges;
}

/** Runs a read with a deadline: a hang fails the run instead of the whole suite. */
async function within<T>(ms: number, read: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`read did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([read, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Checks that a read either gave a tree inside the root or failed with one of `allowed`. */
async function readOrRefuse(read: () => Promise<{ trees: FileTree[] }>, allowed: (new (...args: never[]) => Error)[]): Promise<void> {
  const started = performance.now();
  try {
    const { trees } = await within(READ_LIMIT_MS, read());
    for (const tree of trees) for (const path of tree.keys()) expect(path).toBe(layerPath(path));
  } catch (error) {
    if (!allowed.some((type) => error instanceof type)) throw error;
    expect((error as Error).message).not.toMatch(/[\r\n]/);
  }
  expect(performance.now() - started).toBeLessThan(READ_LIMIT_MS);
}

const LAYER_ERRORS = [LayerFormatError, SizeLimitError];

describe('readLayer on mutated real tars', () => {
  it.each(Object.entries(seeds))('%s: never throws anything but LayerFormatError or SizeLimitError, never hangs', async (_name, seed) => {
    // The seed itself reads cleanly.
    expect((await readLayer(Readable.from([seed]))).tree.size).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(mutations(seed.length, hotRanges(seed)), fc.boolean(), async (changes, gzipped) => {
        const bytes = mutate(seed, changes);
        // Half the runs go through gunzip, as containerd-store layers do.
        const blob = gzipped ? gzipSync(bytes) : bytes;
        await readOrRefuse(async () => ({ trees: [(await readLayer(Readable.from([blob]))).tree] }), LAYER_ERRORS);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('a mutated gzip stream is refused with LayerFormatError or read, never anything else', async () => {
    const gz = gzipSync(layerTar);
    await fc.assert(
      fc.asyncProperty(mutations(gz.length, [[0, Math.min(gz.length, 64)], [gz.length - 16, gz.length]]), async (changes) => {
        await readOrRefuse(async () => ({ trees: [(await readLayer(Readable.from([mutate(gz, changes)]))).tree] }), LAYER_ERRORS);
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});

describe('readImageArchive and extractFiles on a mutated real archive', () => {
  it('never throw anything but ArchiveFormatError, never hang', async () => {
    const layerName = layerMember.name.replace(/^\.\//, '');
    const requests = new Map([[layerName, new Set(['/data/hello.txt', '/data/secret'])]]);
    await fc.assert(
      fc.asyncProperty(mutations(archiveTar.length, hotRanges(archiveTar)), async (changes) => {
        const bytes = mutate(archiveTar, changes);
        await readOrRefuse(async () => ({ trees: (await readImageArchive(Readable.from([bytes]))).layers.map((l) => l.tree) }), [ArchiveFormatError]);
        await readOrRefuse(async () => {
          await extractFiles(Readable.from([bytes]), requests);
          return { trees: [] };
        }, [ArchiveFormatError]);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});

// ---------------------------------------------------------------- round trip

/** A tree entry to write, as the test means it. */
interface Planned {
  segments: string[];
  /** How the name is spelled in the tar: `etc/x`, `./etc/x` or `/etc/x`. */
  prefix: '' | './' | '/';
  type: EntryType;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  content: Uint8Array;
  linkname: string;
  /** For hard links: picks the target among the files written before. */
  pick: number;
  dev: [number, number];
}

/** Characters of names: mostly plain, some that break outputs (line breaks, `|`, backticks, HTML), some of any plane. */
const nameChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcdefxyz0189._-') },
  { weight: 2, arbitrary: fc.constantFrom('\n', '\r', '\t', ' ', '|', '`', '<', '>', '%', '\\', '"', "'", ':', '*', '#', '\x1b') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
).filter((c) => c !== '\0' && c !== '/');

const segment = fc
  .oneof({ weight: 5, arbitrary: fc.string({ unit: nameChar, minLength: 1, maxLength: 12 }) }, { weight: 1, arbitrary: fc.string({ unit: nameChar, minLength: 90, maxLength: 200 }) })
  .filter((s) => s !== '.' && s !== '..');

// ustar octal fields of 6 digits hold up to 0o777777; tar-stream's pack writes mode 0 as 0644, so modes start at 1.
const small = fc.integer({ min: 0, max: 0o777777 });

const planned: fc.Arbitrary<Planned> = fc.record({
  segments: fc.array(segment, { minLength: 1, maxLength: 4 }),
  prefix: fc.constantFrom('' as const, './' as const, '/' as const),
  type: fc.constantFrom<EntryType>('file', 'file', 'dir', 'symlink', 'hardlink', 'char', 'block', 'fifo'),
  mode: fc.integer({ min: 1, max: 0o7777 }),
  uid: small,
  gid: small,
  // tar-stream's pack writes the time through `| 0`, so past 2038 it would write another time.
  mtime: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  content: fc.uint8Array({ maxLength: 2048 }),
  linkname: fc.string({ unit: nameChar, minLength: 1, maxLength: 150 }),
  pick: fc.nat(),
  dev: fc.tuple(small, small),
});

const TAR_TYPES: Record<EntryType, 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device' | 'fifo' | undefined> = {
  file: 'file',
  dir: 'directory',
  symlink: 'symlink',
  hardlink: 'link',
  char: 'character-device',
  block: 'block-device',
  fifo: 'fifo',
  socket: undefined,
};

/** Writes the planned entries with tar-stream's pack; returns the tar and the tree it should read back as. */
async function pack(plan: Planned[]): Promise<{ tarBytes: Buffer; expected: Map<string, Partial<FileEntry>> }> {
  const packer = tar.pack();
  const expected = new Map<string, Partial<FileEntry>>();
  const files: { name: string; path: string; entry: Partial<FileEntry> }[] = [];
  for (const item of plan) {
    const path = '/' + item.segments.join('/');
    const name = item.prefix + item.segments.join('/');
    // A hard link needs a file before it; without one, the entry is a file.
    const target = item.type === 'hardlink' && files.length > 0 ? files[item.pick % files.length]! : undefined;
    const type = item.type === 'hardlink' && !target ? 'file' : item.type;
    const header = { name, type: TAR_TYPES[type]!, mode: item.mode, uid: item.uid, gid: item.gid, mtime: new Date(item.mtime * 1000), size: 0 } as tar.Header;
    const entry: Partial<FileEntry> = { path, type, mode: item.mode, uid: item.uid, gid: item.gid, size: 0, mtime: { sec: item.mtime, nsec: 0 } };
    if (type === 'file') {
      header.size = item.content.length;
      entry.size = item.content.length;
      entry.digest = sha(item.content);
      files.push({ name, path, entry });
    }
    if (type === 'symlink') header.linkname = entry.linkTarget = item.linkname;
    if (type === 'hardlink') {
      header.linkname = target!.name;
      entry.linkTarget = target!.path;
      entry.size = target!.entry.size;
      entry.digest = target!.entry.digest;
    }
    if (type === 'char' || type === 'block') {
      [header.devmajor, header.devminor] = item.dev;
      [entry.devMajor, entry.devMinor] = item.dev;
    }
    if (type === 'file') packer.entry(header, Buffer.from(item.content));
    else packer.entry(header);
    expected.set(path, entry);
  }
  packer.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of packer as AsyncIterable<Buffer>) chunks.push(chunk);
  return { tarBytes: Buffer.concat(chunks), expected };
}

describe('round trip: a random tree written by tar-stream reads back as it was', () => {
  it('keeps paths, types, modes, owners, sizes, times, link targets and content digests', async () => {
    const trees = fc.uniqueArray(planned, { minLength: 1, maxLength: 25, selector: (p) => p.segments.join('/') });
    await fc.assert(
      fc.asyncProperty(trees, fc.boolean(), async (plan, gzipped) => {
        const { tarBytes, expected } = await pack(plan);
        const layer = await within(READ_LIMIT_MS, readLayer(Readable.from([gzipped ? gzipSync(tarBytes) : tarBytes])));
        expect([...layer.tree.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [path, entry] of expected) {
          const got = layer.tree.get(path)!;
          expect(got).toMatchObject(entry);
          if (entry.digest === undefined) expect(got.digest, path).toBeUndefined();
        }
        expect(layer.diffId).toBe(sha(tarBytes));
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
