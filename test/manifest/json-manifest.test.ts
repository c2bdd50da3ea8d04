import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { readJsonManifest } from '../../src/manifest/json-manifest-reader.js';
import { writeJsonManifest } from '../../src/manifest/json-manifest-writer.js';
import { ManifestFormatError } from '../../src/manifest/manifest-error.js';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';
import { arbitraryTree } from './manifest-arbitraries.js';

async function jsonText(entries: Iterable<FileEntry>): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeJsonManifest(entries, out, { generator: 'test' });
  return Buffer.concat(chunks).toString('utf8');
}

const HEADER = '{"schemaVersion":1,"kind":"repro-check-manifest"}';

describe('JSON manifest', () => {
  it('writes a header line, then one entry per line', async () => {
    const text = await jsonText([
      { path: '/', type: 'dir', mode: 0o755 },
      { path: '/f', type: 'file', size: 1, mtime: { sec: 5, nsec: 7 }, digest: 'sha256:ab', digests: { md5: 'cd' } },
    ]);
    expect(text.split('\n')).toEqual([
      '{"schemaVersion":1,"kind":"repro-check-manifest","generator":"test"}',
      '{"path":"/","type":"dir","mode":"0755"}',
      '{"path":"/f","type":"file","size":1,"mtime":"5.000000007","digests":{"sha256":"ab","md5":"cd"}}',
      '',
    ]);
  });

  it('round-trips every entry through writer and reader (hard links included)', async () => {
    const withHardLinks = arbitraryTree({ extensions: true }).map((tree) => {
      const out: FileTree = new Map(tree);
      if (!out.has('/hl')) out.set('/hl', { path: '/hl', type: 'hardlink', linkTarget: '/x', size: 3 });
      return out;
    });
    await fc.assert(
      fc.asyncProperty(withHardLinks, async (tree) => {
        expect(await readJsonManifest(await jsonText(tree.values()), 'prop.json')).toEqual(tree);
      }),
      { numRuns: 150 },
    );
  });

  it('reads a single JSON document too', async () => {
    const text = JSON.stringify({ schemaVersion: 1, entries: [{ path: '/', type: 'dir' }, { path: '/a', type: 'file', mode: '644' }] }, null, 2);
    const tree = await readJsonManifest(text, 'doc.json');
    expect(tree.get('/a')).toEqual({ path: '/a', type: 'file', mode: 0o644 });
  });

  test.each([
    ['seconds only', '"12"', { sec: 12, nsec: 0 }],
    ['nanoseconds', '"1704164645.000000007"', { sec: 1704164645, nsec: 7 }],
    ['before 1970', '"-5.123456789"', { sec: -5, nsec: 123456789 }],
    ['more than 15 digits of seconds', '"12345678901234567"', { sec: Number('12345678901234567'), nsec: 0 }],
  ])('reads an mtime of %s', async (_name, mtime, expected) => {
    const tree = await readJsonManifest(`${HEADER}\n{"path":"/f","type":"file","mtime":${mtime}}\n`, 't.json');
    expect(tree.get('/f')!.mtime).toEqual(expected);
  });

  test.each(['/.a', '/a/..b', '/a/...', '/a/b.'])('accepts the normalised path %s', async (path) => {
    expect((await readJsonManifest(`${HEADER}\n{"path":${JSON.stringify(path)},"type":"file"}\n`, 't.json')).has(path)).toBe(true);
  });

  test.each(['', 'a', '//a', '/a/', '/a//b', '/a/.', '/./a', '/a/..', '/../a'])('rejects the path %j', async (path) => {
    const error = await readJsonManifest(`${HEADER}\n{"path":${JSON.stringify(path)},"type":"file"}\n`, 't.json').catch((e: unknown) => e);
    expect((error as Error).message).toContain('is not absolute and normalised');
  });

  it('lower-cases digests, and hands one mtime to the entries that share it', async () => {
    const tree = await readJsonManifest(
      `${HEADER}\n{"path":"/a","type":"file","mtime":"5.000000001","digests":{"sha256":"ABcd","md5":"EF"}}\n{"path":"/b","type":"file","mtime":"5.000000001"}\n`,
      't.json',
    );
    expect(tree.get('/a')).toMatchObject({ digest: 'sha256:abcd', digests: { md5: 'ef' } });
    expect(tree.get('/b')!.mtime).toBe(tree.get('/a')!.mtime);
  });

  test.each([
    ['an unsupported schema version', '{"schemaVersion":2}\n', 1, 'schemaVersion 2'],
    ['another kind of JSON', '{"schemaVersion":1,"kind":"sbom"}\n', 1, 'not a repro-check manifest'],
    ['a bad line', `${HEADER}\n{"path":"/","type":"dir"}\n{"path":\n`, 3, 'not valid JSON'],
    ['a relative path', `${HEADER}\n{"path":"etc","type":"dir"}\n`, 2, 'not absolute'],
    ['an unknown type', `${HEADER}\n\n{"path":"/x","type":"door"}\n`, 3, 'type "door"'],
    ['a decimal mode', `${HEADER}\n{"path":"/x","type":"file","mode":420}\n`, 2, 'mode must be a string'],
    ['a fractional mtime', `${HEADER}\n{"path":"/x","type":"file","mtime":"5.7"}\n`, 2, 'nine digits'],
    ['an mtime with a plus sign', `${HEADER}\n{"path":"/x","type":"file","mtime":"+5"}\n`, 2, 'nine digits'],
    ['an mtime of a minus sign', `${HEADER}\n{"path":"/x","type":"file","mtime":"-"}\n`, 2, 'nine digits'],
    ['an mtime with a letter', `${HEADER}\n{"path":"/x","type":"file","mtime":"5.12345678x"}\n`, 2, 'nine digits'],
    ['an mtime with ten digits', `${HEADER}\n{"path":"/x","type":"file","mtime":"5.1234567890"}\n`, 2, 'nine digits'],
    ['a digest that is not text', `${HEADER}\n{"path":"/x","type":"file","digests":{"sha256":1}}\n`, 2, 'digests.sha256 must be a string'],
    ['an unknown digest', `${HEADER}\n{"path":"/x","type":"file","digests":{"crc":"1"}}\n`, 2, 'digests.crc'],
    ['a path twice', `${HEADER}\n{"path":"/x","type":"file"}\n{"path":"/x","type":"file"}\n`, 3, 'listed twice'],
    ['a broken document', '{\n  "schemaVersion": 1,\n  "entries": [\n    {"path": "/"\n  ]\n}\n', 5, 'not valid JSON'],
    ['an empty file', '\n\n', 0, 'empty'],
  ])('rejects %s with the file and line', async (_name, text, line, words) => {
    const error = await readJsonManifest(text, 'bad.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestFormatError);
    expect((error as ManifestFormatError).line).toBe(line);
    expect((error as Error).message).toMatch(line > 0 ? /^bad\.json:\d+: / : /^bad\.json: /);
    expect((error as Error).message).toContain(words);
  });
});

describe('JSON manifest limits', () => {
  it('reads a single-document manifest minified onto one line of many MiB', async () => {
    const entries = Array.from({ length: 30_000 }, (_, i) => ({ path: `/data/file-${i}-${'p'.repeat(40)}`, type: 'file', size: i }));
    const text = JSON.stringify({ schemaVersion: 1, entries });
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    expect((await readJsonManifest(text, 'min.json')).size).toBe(30_000);
  });

  it('names file and line of a line past its limit', async () => {
    const { eachByteLine } = await import('../../src/manifest/byte-lines.js');
    const { asManifestError } = await import('../../src/manifest/line-limit.js');
    const lines: string[] = [];
    const error = await eachByteLine(new PassThrough().end('short\n' + 'x'.repeat(5000)), (bytes, start, end) => lines.push(bytes.toString('utf8', start, end)), 4096).catch((e: unknown) => asManifestError(e, 'f.json'));
    expect(lines).toEqual(['short']);
    expect((error as Error).message).toBe('f.json:2: line longer than 0.00390625 MiB (a manifest line is far shorter: is this a manifest?)');
  });
});

describe('JSON manifest on one line', () => {
  it('rejects lines after a one-line document instead of mixing the forms', async () => {
    const error = await readJsonManifest('{"schemaVersion":1,"entries":[]}\n{"path":"/a","type":"file"}\n', 'two.json').catch((e: unknown) => e);
    expect((error as Error).message).toBe('two.json:2: text after a single-document manifest');
  });

  it('names the entry of a one-line document that is wrong', async () => {
    const error = await readJsonManifest('{"schemaVersion":1,"entries":[{"path":"/a","type":"file"},{"path":"b"}]}', 'bad.json').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^bad\.json:1: entries\[1\]: /);
  });
});
