import { readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { readJsonManifest, readJsonManifestShare } from '../../src/manifest/json-manifest-reader.js';
import { writeJsonManifest } from '../../src/manifest/json-manifest-writer.js';
import type { ManifestFormatError } from '../../src/manifest/manifest-error.js';
import { parseMtree, readMtreeShare } from '../../src/manifest/mtree-reader.js';
import { writeMtree } from '../../src/manifest/mtree-writer.js';
import { asciiInShare, inShare, isWhole, shareFraction, splitShares, WHOLE, type ManifestShare, type PathShare } from '../../src/manifest/path-share.js';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';
import { sortedEntries } from '../../src/tree/sorted-entries.js';
import { bsdtar } from './bsdtar-tool.js';
import { makeFixtureTree } from './fixture-tree.js';
import { arbitraryTree } from './manifest-arbitraries.js';

const FIXTURES = new URL('../fixtures/mtree/', import.meta.url).pathname;
/** `count` shares of unequal weights (1, 2, 3, …), as threads may take. */
const shares = (count: number): PathShare[] => splitShares(Array.from({ length: count }, (_, i) => i + 1));

type Format = 'mtree' | 'json';

async function readWhole(text: string, format: Format): Promise<FileTree> {
  return format === 'mtree' ? parseMtree(text, 'm') : readJsonManifest(text, 'm');
}

/**
 * Reads a share from one buffer, and from a stream of small chunks (so that lines and `/set` lines
 * fall in different chunks); both must give the same.
 */
async function readShare(text: string, format: Format, share: PathShare): Promise<ManifestShare> {
  const read = (source: string | Readable, keep = true) => (format === 'mtree' ? readMtreeShare(source, 'm', { share, verifyElsewhere: keep }) : readJsonManifestShare(source, 'm', { share, verifyElsewhere: keep }));
  const bytes = Buffer.from(text, 'utf8');
  const chunks = () => Readable.from(Array.from({ length: Math.ceil(bytes.length / 37) }, (_, i) => bytes.subarray(i * 37, i * 37 + 37)));
  const whole = await read(text);
  expect(await read(chunks())).toEqual(whole);
  // Not keeping other shares' behaviour keywords (a snapshot's) changes nothing else.
  expect(await read(chunks(), false)).toEqual({ ...whole, verifyElsewhere: [] });
  return whole;
}

/**
 * Reads `text` whole and in `count` shares, and checks what a share reader promises: each path in
 * exactly one share, with the entry the whole reading has; every entry with behaviour keywords
 * known to the other shares; every entry line counted by every share.
 */
async function expectSharesMakeWhole(text: string, format: Format, count: number): Promise<void> {
  const whole = await readWhole(text, format);
  const united: FileTree = new Map();
  const listed = new Set<number>();
  for (const share of shares(count)) {
    const read = await readShare(text, format, share);
    listed.add(read.listed);
    for (const [path, entry] of read.tree) {
      expect(inShare(share, path)).toBe(true);
      expect(united.has(path)).toBe(false);
      united.set(path, entry);
    }
    const elsewhere = [...whole.values()].filter((entry) => entry.verify !== undefined && !inShare(share, entry.path));
    expect(sortByPath(read.verifyElsewhere)).toEqual(sortByPath(elsewhere));
  }
  expect(new Map([...united].sort(([a], [b]) => (a < b ? -1 : 1)))).toEqual(new Map([...whole].sort(([a], [b]) => (a < b ? -1 : 1))));
  expect(listed.size).toBe(1);
}

const sortByPath = (entries: FileEntry[]) => [...entries].sort((a, b) => (a.path < b.path ? -1 : 1));

async function written(tree: FileTree, format: Format): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await (format === 'mtree' ? writeMtree : writeJsonManifest)(sortedEntries(tree), out);
  return Buffer.concat(chunks).toString('utf8');
}

describe('shares of paths', () => {
  it('puts every path in exactly one share', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 5 }), (path, count) => {
        expect(shares(count).filter((share) => inShare(share, path))).toHaveLength(1);
      }),
    );
  });

  it('gives each share about its weight of the paths', () => {
    const paths = Array.from({ length: 20_000 }, (_, i) => `/srv/data/d${Math.floor(i / 50)}/file-${i}.dat`);
    const [first, second] = splitShares([1.1, 1]);
    const inFirst = paths.filter((path) => inShare(first!, path)).length;
    expect(inFirst / paths.length).toBeCloseTo(1.1 / 2.1, 1);
    expect(paths.filter((path) => inShare(second!, path)).length).toBe(paths.length - inFirst);
    for (const share of splitShares([1, 1, 1, 1])) expect(paths.filter((path) => inShare(share, path)).length).toBeGreaterThan(4_600);
    // The part a share holds, by which a reader sizes what it keeps of its lines.
    expect(shareFraction(first!)).toBeCloseTo(1.1 / 2.1, 6);
    expect(shareFraction(first!) + shareFraction(second!)).toBeCloseTo(1, 9);
    expect(shareFraction(WHOLE)).toBe(1);
  });

  it('holds every path in the whole, and cuts the whole without gaps', () => {
    expect(isWhole(WHOLE)).toBe(true);
    expect(splitShares([1])).toEqual([WHOLE]);
    const cut = splitShares([1.1, 1, 1]);
    expect(cut[0]!.from).toBe(0);
    expect(cut[1]!.from).toBe(cut[0]!.to);
    expect(cut[2]!.from).toBe(cut[1]!.to);
    expect(cut[2]!.to).toBe(WHOLE.to);
  });

  it('places ASCII bytes as their text, and leaves other bytes to the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii' }), fc.integer({ min: 1, max: 4 }), (path, count) => {
        const bytes = Buffer.from('xx' + path + 'yy', 'latin1');
        for (const share of shares(count)) expect(asciiInShare(share, bytes, 2, 2 + path.length)).toBe(inShare(share, path));
      }),
    );
    expect(asciiInShare(splitShares([1, 1])[0]!, Buffer.from('/é', 'utf8'), 0, 3)).toBeUndefined();
  });
});

describe('reading a share of a manifest', () => {
  test.each(['source.mtree', 'relative.mtree', 'source.casync-mtree'])('go-mtree %s: the shares make the whole', async (name) => {
    const text = readFileSync(FIXTURES + name, 'utf8');
    for (const count of [2, 3]) await expectSharesMakeWhole(text, 'mtree', count);
  });

  it('bsdtar listings of a real tree, in both forms: the shares make the whole', async () => {
    const root = makeFixtureTree();
    for (const format of ['--format=mtree', '--format=mtree-classic']) {
      const text = bsdtar(['-cf', '-', format, '-C', root, '.']);
      await expectSharesMakeWhole(text, 'mtree', 2);
    }
  });

  it('escaped, unclean, duplicate and nested names, /set defaults and behaviour keywords', async () => {
    const text = [
      '#mtree',
      '/set type=file uid=0 gid=0 mode=0644',
      '. type=dir',
      './plain size=1',
      './with\\040space size=2',
      './dot\\056escaped size=3',
      './a//b size=4',
      './x/./y size=4',
      './x/../z size=4',
      './w/. size=4',
      './v/.. size=4',
      './u/\\056/t size=4',
      './s/\\056\\056 size=4',
      './caf\\303\\251 size=5',
      './cache type=dir ignore',
      './cache/x size=6',
      './opt optional size=7',
      './twice size=8',
      './twice mode=0600',
      '/set nochange',
      './kept size=9',
      '/unset nochange',
      'etc type=dir',
      ' passwd size=10',
      ' sub type=dir',
      '  deep size=11',
      '  ..',
      ' ..',
      'usr/lib/x size=12',
      ...Array.from({ length: 40 }, (_, i) => `./many/f${i} size=${i} sha256digest=${'ab'.repeat(32)}`),
      // Names holding the keywords' names are no keywords.
      ...Array.from({ length: 10 }, (_, i) => `./src/m${i}/.gitignore size=${i} link=./optional`),
      './cache/y size=1 nochange',
      './tab/x\toptional\tsize=2',
    ];
    // Without behaviour keywords anywhere, most lines are passed over from their names alone.
    const plain = text.filter((line) => !/[ \t](ignore|optional|nochange)\b/.test(line));
    for (const count of [2, 3, 4]) {
      await expectSharesMakeWhole(text.join('\n'), 'mtree', count);
      await expectSharesMakeWhole(plain.join('\n'), 'mtree', count);
    }
  });

  it('a listing without `..` (casync): relative names placed at the root in every share', async () => {
    const text = ['. type=dir', 'a type=dir', 'b size=1', 'c type=dir', 'd size=2', ...Array.from({ length: 20 }, (_, i) => `n${i} size=${i}`)].join('\n');
    for (const count of [2, 3]) await expectSharesMakeWhole(text, 'mtree', count);
  });

  it('JSON lines, escaped paths and a single document: the shares make the whole', async () => {
    const entries = [
      { path: '/', type: 'dir' },
      { path: '/a "quoted" name', type: 'file', size: 1 },
      { path: '/back\\slash', type: 'file', size: 2 },
      { path: '/cache', type: 'dir', verify: ['ignore'] },
      ...Array.from({ length: 30 }, (_, i) => ({ path: `/many/f${i}`, type: 'file', size: i })),
    ];
    const header = { schemaVersion: 1, kind: 'repro-check-manifest' };
    const lines = [JSON.stringify(header), ...entries.map((entry) => JSON.stringify(entry)), '{"type":"file","path":"/path/second"}'].join('\n');
    const document = JSON.stringify({ ...header, entries });
    for (const count of [2, 3]) {
      await expectSharesMakeWhole(lines, 'json', count);
      await expectSharesMakeWhole(document, 'json', count);
    }
  });

  test.each(['mtree', 'json'] as const)('%s written by repro-check, any tree: the shares make the whole', async (format) => {
    await fc.assert(
      fc.asyncProperty(arbitraryTree({ extensions: true }), fc.integer({ min: 2, max: 3 }), fc.boolean(), async (tree, count, keywords) => {
        // Without behaviour keywords, readers pass other shares' lines over unread.
        if (!keywords) for (const entry of tree.values()) delete entry.verify;
        await expectSharesMakeWhole(await written(tree, format), format, count);
      }),
      { numRuns: 60 },
    );
  });

  it('a bad line is reported by the share that holds it, as the whole reading reports it', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `./f${i} size=${i}`);
    lines[31] = './f31 size=many';
    const text = lines.join('\n');
    const wholeError = (() => {
      try {
        parseMtree(text, 'm');
      } catch (error) {
        return error as ManifestFormatError;
      }
      throw new Error('expected an error');
    })();
    const errors = await Promise.all(shares(2).map((share) => readMtreeShare(text, 'm', { share }).then(() => undefined, (error: unknown) => error as ManifestFormatError)));
    const raised = errors.filter((error) => error !== undefined);
    expect(raised).toHaveLength(1);
    expect(raised[0]!.message).toBe(wholeError.message);
    expect(raised[0]!.line).toBe(32);
  });
});
