import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import tar, { type Header } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { LONG_HEADER_LIMIT, TarFormatError, TarParser, type TarEntryHandler } from '../../src/image/tar-parser.js';
import { SizeLimitError } from '../../src/image/stream-limits.js';

/**
 * The hand-written tar parser must read every tar as tar-stream does (the readers that still use
 * tar-stream then agree with it), whatever the chunks it is given, and must honour a handler that
 * asks it to wait.
 */

const fixtures = new URL('../fixtures/save/', import.meta.url);

/** One entry as a reader sees it: the header fields the tree uses and the content. */
interface Seen {
  name: string;
  type: string | null;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  linkname: string | null;
  devmajor: number;
  devminor: number;
  pax: unknown;
  content: string;
}

function seen(header: Header, content: Buffer): Seen {
  const { name, type, size, mode, uid, gid, mtime, linkname, devmajor, devminor, pax } = header;
  return { name, type, size, mode, uid, gid, mtime: mtime.getTime(), linkname: linkname ?? null, devmajor, devminor, pax: pax ?? null, content: content.toString('base64') };
}

/** What tar-stream's extract reads from `bytes`. */
async function withTarStream(bytes: Buffer): Promise<Seen[]> {
  const entries: Seen[] = [];
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c) => chunks.push(c as Buffer));
      stream.on('end', () => {
        entries.push(seen(header, Buffer.concat(chunks)));
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  Readable.from([bytes]).pipe(extract as unknown as NodeJS.WritableStream);
  await done;
  return entries;
}

/** What TarParser reads from `bytes` written in `chunks`, with a handler that waits after the entries `waitAfter` picks. */
function withParser(bytes: Buffer, cuts: number[] = [], waitAfter: (index: number) => boolean = () => false): Promise<Seen[]> {
  return new Promise((resolve, reject) => {
    const entries: Seen[] = [];
    let header: Header | null = null;
    let parts: Buffer[] = [];
    let waiting = false;
    const handler: TarEntryHandler = {
      entry: (h) => {
        expect(waiting).toBe(false);
        header = h;
        parts = [];
      },
      // Copied: a slice is valid only during the call.
      data: (chunk) => parts.push(Buffer.from(chunk)),
      end: () => {
        entries.push(seen(header!, Buffer.concat(parts)));
        if (!waitAfter(entries.length - 1)) return undefined;
        waiting = true;
        return new Promise<void>((r) => setImmediate(r)).then(() => void (waiting = false));
      },
    };
    const pieces = split(bytes, cuts);
    let next = 0;
    const pump = () => {
      while (next < pieces.length) if (!parser.write(pieces[next++]!)) return;
      parser.end();
    };
    const parser = new TarParser(handler, { drain: pump, finish: () => resolve(entries), error: reject }, 'the test tar');
    pump();
  });
}

function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const cut of at) {
    pieces.push(bytes.subarray(from, cut));
    from = cut;
  }
  pieces.push(bytes.subarray(from));
  return pieces.filter((p) => p.length > 0);
}

/** A tar written by tar-stream's pack. */
async function pack(entries: { header: Parameters<tar.Pack['entry']>[0]; content?: Buffer }[]): Promise<Buffer> {
  const packer = tar.pack();
  for (const { header, content } of entries) packer.entry(header, content ?? Buffer.alloc(0));
  packer.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of packer) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const realTars: [string, Buffer][] = [
  ['gnu-longnames.tar', readFileSync(new URL('gnu-longnames.tar', fixtures))],
  ['pax-xattrs.tar', readFileSync(new URL('pax-xattrs.tar', fixtures))],
  ['legacy.tar.gz, unpacked', gunzipSync(readFileSync(new URL('legacy.tar.gz', fixtures)))],
];

describe('TarParser', () => {
  it.each(realTars)('reads %s as tar-stream does, in one chunk and in chunks of any size', async (_name, bytes) => {
    const expected = await withTarStream(bytes);
    expect(expected.length).toBeGreaterThan(3);
    expect(await withParser(bytes)).toEqual(expected);
    await fc.assert(
      // Chunks of a few bytes on the small tars; on the archive of 2 MB, of a few hundred.
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 40 }), fc.integer({ min: Math.ceil(bytes.length / 4096), max: 700 }), async (cuts, step) => {
        const evenly = Array.from({ length: Math.ceil(bytes.length / step) }, (_, i) => i * step);
        expect(await withParser(bytes, [...cuts, ...(cuts.length % 2 ? evenly : [])])).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });

  it('reads generated tars (long names, long link targets, PAX records, every type) as tar-stream does, waiting where asked', async () => {
    const name = fc.stringMatching(/^[a-z0-9é ._-]{1,40}(\/[a-z0-9é ._-]{1,40}){0,5}$/);
    const entry = fc.record({
      name,
      type: fc.constantFrom('file', 'directory', 'symlink', 'link', 'character-device', 'block-device', 'fifo'),
      content: fc.uint8Array({ maxLength: 1500 }),
      mode: fc.integer({ min: 1, max: 0o7777 }),
      uid: fc.integer({ min: 0, max: 0o777777 }),
      gid: fc.integer({ min: 0, max: 0o777777 }),
      mtime: fc.integer({ min: 0, max: 2 ** 33 - 1 }),
      linkname: name,
      xattr: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 20 }), fc.func(fc.boolean()), async (entries, cuts, wait) => {
        const bytes = await pack(
          entries.map((e) => ({
            header: {
              name: e.name,
              type: e.type as Header['type'],
              mode: e.mode,
              uid: e.uid,
              gid: e.gid,
              mtime: new Date(e.mtime * 1000),
              ...(e.type === 'symlink' || e.type === 'link' ? { linkname: e.linkname } : {}),
              ...(e.xattr !== undefined ? { pax: { 'SCHILY.xattr.user.x': e.xattr } } : {}),
            },
            content: e.type === 'file' ? Buffer.from(e.content) : undefined,
          })),
        );
        expect(await withParser(bytes, cuts, (i) => wait(i))).toEqual(await withTarStream(bytes));
      }),
      { numRuns: 150 },
    );
  });

  it('reads base-256 numbers (GNU tar writes them past the octal fields), positive and negative', async () => {
    const bytes = await pack([{ header: { name: 'big', uid: 1, gid: 1, mtime: new Date(0) }, content: Buffer.from('abc') }]);
    const header = bytes.subarray(0, 512);
    // uid 2^40 and gid -2, in base 256; the checksum written again.
    header.fill(0, 108, 124);
    header[108] = 0x80;
    header[110] = 1;
    header.fill(0xff, 116, 124);
    header[123] = 0xfe;
    writeChecksum(header);
    const entries = await withParser(bytes);
    expect(entries[0]).toMatchObject({ name: 'big', uid: 2 ** 40, size: 3 });
    expect(entries[0]!.gid).toBeLessThan(0);
    expect(entries).toEqual(await withTarStream(bytes));
  });

  it('reads a ustar prefix before the name, and a file named with a trailing slash as a directory', async () => {
    const bytes = await pack([
      { header: { name: 'file' }, content: Buffer.from('x') },
      { header: { name: 'old' }, content: Buffer.alloc(0) },
    ]);
    bytes.write('dir/sub\0', 345, 'latin1');
    writeChecksum(bytes.subarray(0, 512));
    const second = bytes.subarray(1024, 1536);
    second.write('old/\0', 0, 'latin1');
    writeChecksum(second);
    const entries = await withParser(bytes);
    expect(entries.map((e) => [e.name, e.type])).toEqual([
      ['dir/sub/file', 'file'],
      ['old/', 'directory'],
    ]);
    // tar-stream means to read it so too, but takes the type before it looks at the name.
    expect(entries).toEqual((await withTarStream(bytes)).map((e) => (e.name === 'old/' ? { ...e, type: 'directory' } : e)));
  });

  it('applies a global PAX header to the entries that have a PAX header of their own', async () => {
    const local = await pack([{ header: { name: 'f', pax: { 'SCHILY.xattr.user.a': '1' } }, content: Buffer.from('x') }]);
    const record = (key: string, value: string) => {
      const body = ` ${key}=${value}\n`;
      let length = body.length + 2;
      if (String(length).length + body.length !== length) length++;
      return `${length}${body}`;
    };
    const data = Buffer.alloc(512);
    data.write(record('SCHILY.xattr.user.global', 'g') + record('SCHILY.xattr.user.a', 'overridden'), 'latin1');
    const size = data.indexOf(0);
    const global = Buffer.from(local.subarray(0, 512));
    global.fill(0, 0, 100);
    global.write('global', 0, 'latin1');
    global[156] = 'g'.charCodeAt(0);
    global.write(size.toString(8).padStart(11, '0') + ' ', 124, 'latin1');
    writeChecksum(global);
    const bytes = Buffer.concat([global, data, local]);
    const entries = await withParser(bytes);
    expect(entries.map((e) => [e.name, e.pax])).toEqual([['f', { path: 'f', 'SCHILY.xattr.user.global': 'g', 'SCHILY.xattr.user.a': '1' }]]);
    expect(entries).toEqual(await withTarStream(bytes));
  });

  it('keeps every byte held while it waits, even one, and checks the end after the wait', async () => {
    const bytes = await pack([1, 2].map((i) => ({ header: { name: `f${i}` }, content: Buffer.from(`content ${i}`) })));
    // The first entry's content ends at 521 (its header, then 9 bytes), where the handler waits: the
    // first chunk holds one byte more.
    for (const whole of [true, false]) {
      const tarBytes = whole ? bytes : bytes.subarray(0, 1024 + 300);
      const { parser, events, release } = waitingAtFirst();
      expect(parser.write(tarBytes.subarray(0, 522))).toBe(false);
      release();
      await new Promise((r) => setImmediate(r));
      expect(parser.write(tarBytes.subarray(522))).toBe(true);
      parser.end();
      expect(events).toEqual(whole ? ['f1', 'drain', 'f2', 'finish'] : ['f1', 'drain', expect.stringMatching(/^the tar ends in the middle of an entry/)]);
    }
  });

  it('holds the rest of a chunk while the handler waits, and finishes only after it', async () => {
    const bytes = await pack([1, 2, 3].map((i) => ({ header: { name: `f${i}` }, content: Buffer.from(`content ${i}`) })));
    const { parser, events, release } = waitingAtFirst();
    expect(parser.write(bytes)).toBe(false);
    parser.end();
    expect(events).toEqual(['f1']);
    release();
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['f1', 'f2', 'f3', 'finish']);
  });

  it('keeps, behind what it holds, a chunk written while it waits', async () => {
    const bytes = await pack([1, 2, 3].map((i) => ({ header: { name: `f${i}` }, content: Buffer.from(`content ${i}`) })));
    const { parser, events, release } = waitingAtFirst();
    expect(parser.write(bytes.subarray(0, 1500))).toBe(false);
    expect(parser.write(bytes.subarray(1500))).toBe(false);
    expect(events).toEqual(['f1']);
    release();
    await new Promise((r) => setImmediate(r));
    parser.end();
    expect(events).toEqual(['f1', 'f2', 'f3', 'drain', 'finish']);
  });

  it('reports a tar cut short when it ended while the handler waited', async () => {
    const bytes = await pack([1, 2].map((i) => ({ header: { name: `f${i}` }, content: Buffer.from(`content ${i}`) })));
    const { parser, events, release } = waitingAtFirst();
    expect(parser.write(bytes.subarray(0, 1024 + 600))).toBe(false);
    parser.end();
    release();
    await new Promise((r) => setImmediate(r));
    expect(events).toEqual(['f1', 'f2', expect.stringMatching(/^the tar ends in the middle of an entry/)]);
  });

  it('names what is wrong: a bad checksum, an unknown format, a truncated tar, an invalid size', async () => {
    const good = await pack([{ header: { name: 'a' }, content: Buffer.from('hello') }]);
    const badSum = Buffer.from(good);
    badSum[0] = 0x62;
    await expect(withParser(badSum)).rejects.toThrow(new TarFormatError('a tar header is corrupt (its checksum does not match)'));
    const noMagic = Buffer.from(good);
    noMagic.write('xxxxx', 257, 'latin1');
    writeChecksum(noMagic);
    await expect(withParser(noMagic)).rejects.toThrow(/^a tar header is in no tar format$/);
    await expect(withParser(good.subarray(0, 512 + 3))).rejects.toThrow(/^the tar ends in the middle of an entry/);
    await expect(withParser(good.subarray(0, 300))).rejects.toThrow(/^the tar ends in the middle of an entry/);
    const badSize = Buffer.from(good);
    badSize.write('zzzzzzzzzzz', 124, 'latin1');
    writeChecksum(badSize);
    await expect(withParser(badSize)).rejects.toThrow(/^a tar header declares an invalid size$/);
  });

  it('refuses a PAX or GNU long-name header past the limit before reading it', async () => {
    const bytes = await pack([{ header: { name: 'x'.repeat(200) }, content: Buffer.from('x') }]);
    const header = bytes.subarray(0, 512);
    expect(String.fromCharCode(header[156]!)).toBe('x');
    header.write((LONG_HEADER_LIMIT + 1).toString(8).padStart(11, '0') + ' ', 124, 'latin1');
    writeChecksum(header);
    const error = await withParser(bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SizeLimitError);
    expect((error as Error).message).toBe(`a PAX or GNU long-name header of the test tar is larger than the ${LONG_HEADER_LIMIT}-byte limit`);
  });

  it('stops at a handler that throws and reports its error once', async () => {
    const bytes = await pack([1, 2].map((i) => ({ header: { name: `f${i}` }, content: Buffer.from('x') })));
    const errors: Error[] = [];
    const names: string[] = [];
    const parser = new TarParser(
      {
        entry: (h) => {
          names.push(h.name);
          throw new Error('refused');
        },
        data: () => undefined,
        end: () => undefined,
      },
      { drain: () => undefined, finish: () => errors.push(new Error('finished')), error: (e) => errors.push(e) },
      'the test tar',
    );
    expect(parser.write(bytes)).toBe(false);
    expect(parser.write(bytes)).toBe(false);
    parser.end();
    expect(names).toEqual(['f1']);
    expect(errors.map((e) => e.message)).toEqual(['refused']);
  });
});

/**
 * A parser whose handler waits at the end of the first entry until `release` is called, and which
 * records, in order, each entry's name, `drain`, `finish` and error messages.
 */
function waitingAtFirst(): { parser: TarParser; events: string[]; release: () => void } {
  const events: string[] = [];
  let entries = 0;
  let released: () => void = () => undefined;
  const parser = new TarParser(
    {
      entry: (h) => events.push(h.name),
      data: () => undefined,
      end: () => (++entries === 1 ? new Promise<void>((r) => (released = r)) : undefined),
    },
    { drain: () => events.push('drain'), finish: () => events.push('finish'), error: (e) => events.push(e.message) },
    'the test tar',
  );
  return { parser, events, release: () => released() };
}

/** Writes a header block's checksum after a change to it. */
function writeChecksum(block: Buffer): void {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += block[i]!;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
}
