import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, test } from 'vitest';
import { ManifestFormatError } from '../../src/manifest/manifest-error.js';
import { readManifestFile } from '../../src/manifest/read-manifest.js';

const dir = mkdtempSync(join(tmpdir(), 'refusal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Whether bsdtar (libarchive) reads the file as an archive: its own opinion, asked by hand. */
function bsdtarReads(path: string): boolean {
  try {
    execFileSync('bsdtar', ['-tf', path], { stdio: ['ignore', 'pipe', 'pipe'] });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('bsdtar is not installed: apt-get install libarchive-tools', { cause: error });
    return false;
  }
}

async function failure(path: string): Promise<ManifestFormatError> {
  const error = await readManifestFile(path, path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ManifestFormatError);
  return error as ManifestFormatError;
}

/** The first line of a text that is neither blank nor a comment, 1-based: where an entry would start. */
function firstContentLine(text: string): number {
  return text.split('\n').findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#')) + 1;
}

describe('text that is no manifest is refused, naming file and line', () => {
  it('a one-line junk file (bsdtar: "Unrecognized archive format")', async () => {
    const path = write('junk.txt', 'not a manifest\n');
    expect(bsdtarReads(path)).toBe(false);
    const error = await failure(path);
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/junk\.txt:1: not an mtree entry: expected a name and at least one known keyword/);
  });

  it('/etc/services (bsdtar refuses it too)', async () => {
    expect(bsdtarReads('/etc/services')).toBe(false);
    const error = await failure('/etc/services');
    expect(error.line).toBe(firstContentLine(readFileSync('/etc/services', 'utf8')));
    expect(error.message).toContain('or the #mtree signature on line 1');
  });

  test.each([
    ['a line without keywords after good ones', 'a type=file\nb mode=0644\nc\n', 3],
    ['a line of unknown keywords', './a type=file\n./b colour=blue\n', 2],
    ['a signature not on line 1', '# made by hand\n#mtree\n./a nonsense\n', 3],
  ])('an unsigned file with %s', async (_name, text, line) => {
    expect((await failure(write('unsigned.mtree', text))).line).toBe(line);
  });

  test.each([
    ['JSON of another kind with schemaVersion 1 (a build report)', '{"schemaVersion":1,"tool":{"name":"repro-check"},"reproducible":true}\n', 1, 'expected the manifest header'],
    ['JSON lines without a header', '{"path":"/","type":"dir"}\n', 1, 'schemaVersion undefined'],
    // Not starting with `{`, it is taken for mtree, and refused as such.
    ['a JSON array', '[1, 2]\n', 1, 'not an mtree entry'],
  ])('%s', async (_name, text, line, words) => {
    const error = await failure(write('other.json', text));
    expect(error.line).toBe(line);
    expect(error.message).toContain(words);
  });
});

describe('what is a manifest is still read', () => {
  test.each([
    // bsdtar refuses keywords it does not know; the reader keeps them (docs/manifest.md).
    ['signed, any keywords', '#mtree\n./a colour=blue\n', ['/a'], false],
    ['unsigned, every line with a known keyword', 'a type=file\nb type=file mode=0644\n', ['/a', '/b'], true],
    ['unsigned, names whose keywords come from /set', '/set type=file uid=0\na\nb\n', ['/a', '/b'], true],
  ])('%s', async (_name, text, paths, bsdtarToo) => {
    const path = write('ok.mtree', text);
    const tree = await readManifestFile(path, 'ok.mtree');
    expect([...tree.keys()].sort()).toEqual(paths);
    expect(bsdtarReads(path)).toBe(bsdtarToo);
  });

  it('the go-mtree and casync fixtures (no signature) and the JSON single document without "kind"', async () => {
    const fixtures = new URL('../fixtures/mtree/', import.meta.url).pathname;
    for (const [name, count] of [['source.mtree', 45], ['relative.mtree', 6], ['source.casync-mtree', 800]] as const) {
      expect((await readManifestFile(fixtures + name, name)).size).toBe(count);
    }
    const doc = write('doc.json', JSON.stringify({ schemaVersion: 1, entries: [{ path: '/', type: 'dir' }] }, null, 2));
    expect([...(await readManifestFile(doc, 'doc.json')).keys()]).toEqual(['/']);
  });
});
