import { Readable } from 'node:stream';
import fc from 'fast-check';
import type tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { compareImages } from '../../src/compare/image-compare.js';
import { buildReport } from '../../src/report/build-report.js';
import { readImageArchive } from '../../src/image/save-reader.js';
import type { Aspect } from '../../src/tree/compare-trees.js';
import { savedLayers, type PackedEntry } from '../image/saved-image.js';

/**
 * Two one-layer images written by tar-stream's pack (an independent tar writer), whose entry at
 * `/x` differs in one aspect a tar header carries, read by the project's own save and layer
 * readers and compared: the change must name exactly that aspect.
 */

const MTIME = new Date(1_700_000_000_000);
const base = (extra: Partial<tar.Header> = {}): PackedEntry['header'] => ({ name: 'x', type: 'file', mode: 0o644, uid: 0, gid: 0, mtime: MTIME, ...extra });

/** Numbers that fit the 6 octal digits tar-stream writes for ids and device numbers (it cuts longer ones). */
const octal6 = fc.integer({ min: 0, max: 0o777777 });
const xattrName = fc.stringMatching(/^(user|trusted|security)\.[a-z0-9._-]{1,12}$/);
const xattrs = fc.dictionary(xattrName, fc.string({ maxLength: 20 }), { minKeys: 1, maxKeys: 3 });
const pax = (attrs: Record<string, string>) => Object.fromEntries(Object.entries(attrs).map(([k, v]) => [`SCHILY.xattr.${k}`, v]));
const text = fc.string({ minLength: 1, maxLength: 30 });
/** Link targets as tar-stream writes them: no NUL, at most 100 bytes (no PAX record needed). */
const target = fc.stringMatching(/^[a-z0-9/._-]{1,60}$/);

type Case = { a: PackedEntry[]; b: PackedEntry[] };

/** One generator per aspect: the two sides of `/x` and the aspects the change must have. */
const CASES: [what: string, aspects: Aspect[], cases: fc.Arbitrary<Case>][] = [
  [
    'content (same size)',
    ['content'],
    fc.tuple(text, text).filter(([x, y]) => x !== y && Buffer.byteLength(x) === Buffer.byteLength(y)).map(([x, y]) => ({ a: [{ header: base(), content: x }], b: [{ header: base(), content: y }] })),
  ],
  // A file of another size has other content too: the two always come together.
  [
    'size',
    ['content', 'size'],
    fc.tuple(text, text).filter(([x, y]) => Buffer.byteLength(x) !== Buffer.byteLength(y)).map(([x, y]) => ({ a: [{ header: base(), content: x }], b: [{ header: base(), content: y }] })),
  ],
  ['mode', ['mode'], fc.tuple(fc.integer({ min: 0, max: 0o7777 }), fc.integer({ min: 0, max: 0o7777 })).filter(([x, y]) => x !== y).map(([x, y]) => ({ a: [{ header: base({ mode: x }) }], b: [{ header: base({ mode: y }) }] }))],
  ['uid', ['uid'], fc.tuple(octal6, octal6).filter(([x, y]) => x !== y).map(([x, y]) => ({ a: [{ header: base({ uid: x }) }], b: [{ header: base({ uid: y }) }] }))],
  ['gid', ['gid'], fc.tuple(octal6, octal6).filter(([x, y]) => x !== y).map(([x, y]) => ({ a: [{ header: base({ gid: x }) }], b: [{ header: base({ gid: y }) }] }))],
  [
    'symlink target',
    ['link'],
    fc.tuple(target, target).filter(([x, y]) => x !== y).map(([x, y]) => ({ a: [{ header: base({ type: 'symlink', linkname: x }) }], b: [{ header: base({ type: 'symlink', linkname: y }) }] })),
  ],
  [
    'hard link target (same content)',
    ['link'],
    text.map((content) => {
      const files = [{ header: base({ name: 'p' }), content }, { header: base({ name: 'q' }), content }];
      return { a: [...files, { header: base({ type: 'link', linkname: 'p' }) }], b: [...files, { header: base({ type: 'link', linkname: 'q' }) }] };
    }),
  ],
  ['xattrs added', ['xattrs'], xattrs.map((x) => ({ a: [{ header: base() }], b: [{ header: base({ pax: pax(x) }) }] }))],
  ['xattrs removed', ['xattrs'], xattrs.map((x) => ({ a: [{ header: base({ pax: pax(x) }) }], b: [{ header: base() }] }))],
  [
    'xattrs changed',
    ['xattrs'],
    fc.tuple(xattrs, xattrs).filter(([x, y]) => JSON.stringify(Object.entries(x).sort()) !== JSON.stringify(Object.entries(y).sort())).map(([x, y]) => ({ a: [{ header: base({ pax: pax(x) }) }], b: [{ header: base({ pax: pax(y) }) }] })),
  ],
  [
    'mtime',
    ['mtime'],
    // tar-stream writes times from 2038 on as all sevens: its range is that of a 32-bit int.
    fc.tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 1 })).filter(([x, y]) => x !== y).map(([x, y]) => ({ a: [{ header: base({ mtime: new Date(x * 1000) }) }], b: [{ header: base({ mtime: new Date(y * 1000) }) }] })),
  ],
  [
    'device major',
    ['device'],
    fc.tuple(fc.constantFrom<tar.Header['type']>('character-device', 'block-device'), octal6, octal6, octal6).filter(([, x, y]) => x !== y).map(([type, x, y, minor]) => ({
      a: [{ header: base({ type, devmajor: x, devminor: minor }) }],
      b: [{ header: base({ type, devmajor: y, devminor: minor }) }],
    })),
  ],
  [
    'device minor',
    ['device'],
    fc.tuple(fc.constantFrom<tar.Header['type']>('character-device', 'block-device'), octal6, octal6, octal6).filter(([, , x, y]) => x !== y).map(([type, major, x, y]) => ({
      a: [{ header: base({ type, devmajor: major, devminor: x }) }],
      b: [{ header: base({ type, devmajor: major, devminor: y }) }],
    })),
  ],
  // A changed type says it all (compareEntries): content and size of different types are not
  // compared. Devices keep their numbers, so char against block is `type` alone.
  [
    'type',
    ['type'],
    fc
      .tuple(fc.constantFrom('file', 'directory', 'fifo', 'character-device', 'block-device', 'symlink'), fc.constantFrom('file', 'directory', 'fifo', 'character-device', 'block-device', 'symlink'), text)
      .filter(([x, y]) => x !== y)
      .map(([x, y, content]) => {
        const side = (type: string): PackedEntry => ({
          header: base({ type: type as tar.Header['type'], devmajor: 1, devminor: 3, ...(type === 'symlink' ? { linkname: 'target' } : {}) }),
          ...(type === 'file' ? { content } : {}),
        });
        return { a: [side(x)], b: [side(y)] };
      }),
  ],
];

async function compared({ a, b }: Case) {
  const read = async (entries: PackedEntry[]) => readImageArchive(Readable.from([await savedLayers([entries])]));
  return compareImages(await read(a), await read(b));
}

describe('one aspect of one tar entry differs, through the save and layer readers', () => {
  it.each(CASES)('%s: the change names exactly that aspect', async (_what, aspects, cases) => {
    await fc.assert(
      fc.asyncProperty(cases, async (pair) => {
        const result = await compared(pair);
        expect(result.layers[0]!.identical).toBe(false);
        const changes = result.changes.filter((c) => c.path === '/x');
        expect(changes.map((c) => [c.kind, c.aspects])).toEqual([['modified', aspects]]);
        // Other entries (a hard link's targets) are equal.
        expect(result.changes.filter((c) => c.path !== '/x')).toEqual([]);
        // Timestamps never count for the content verdict; every other aspect does.
        const content = aspects.filter((x) => x !== 'mtime');
        expect(result.contentChanges.map((c) => [c.path, c.aspects])).toEqual(content.length > 0 ? [['/x', content]] : []);
        expect(result.verdicts.content).toBe(content.length === 0);
        expect(result.unverifiable).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});

describe('an image whose build set a capability on one file', () => {
  // setcap cap_net_raw+ep: the bytes `getfattr -e hex` printed for it (test/tree/xattr-text.test.ts).
  const capability = Buffer.from('0100000200200000000000000000000000000000', 'hex').toString('latin1');
  const ping = (pax?: Record<string, string>): PackedEntry => ({ header: base({ name: 'usr/bin/ping', mode: 0o755, ...(pax ? { pax } : {}) }), content: 'ELF' });

  it('is not the same content, and the report names the capability', async () => {
    const result = await compared({ a: [ping()], b: [ping({ 'SCHILY.xattr.security.capability': capability })] });
    expect(result.verdicts).toEqual({ strict: false, layers: false, content: false });
    expect(result.contentChanges.map((c) => [c.path, c.kind, c.aspects])).toEqual([['/usr/bin/ping', 'modified', ['xattrs']]]);
    expect(result.changes.map((c) => [c.path, c.aspects])).toEqual([['/usr/bin/ping', ['xattrs']]]);
    const image = { id: 'sha256:a', configDigest: 'sha256:a', source: 'archive' as const, ref: 'a.tar', layout: 'legacy' as const, layerCount: 1 };
    const report = buildReport({
      command: 'diff', version: '0', level: 'content', comparison: result, images: [image, { ...image, id: 'sha256:b' }],
      variations: [], dockerfile: null, engine: null, layerSources: [], timings: {},
    });
    expect(report.reproducible).toBe(false);
    expect(report.changes).toHaveLength(1);
    expect(report.changes[0]!.a?.xattrs).toBeUndefined();
    expect(report.changes[0]!.b?.xattrs).toEqual({ 'security.capability': 'cap_net_raw=ep' });
    expect(report.unverifiable).toEqual([]);
  });

  it('is the same content when both builds set it', async () => {
    const both = ping({ 'SCHILY.xattr.security.capability': capability });
    const result = await compared({ a: [both], b: [both] });
    expect(result.verdicts).toEqual({ strict: true, layers: true, content: true });
  });
});
