import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { ManifestFormatError } from '../../src/manifest/manifest-error.js';
import { parseMtree, readMtree } from '../../src/manifest/mtree-reader.js';
import { normalisePath } from '../../src/tree/file-entry.js';
import { bsdtar } from './bsdtar-tool.js';

const FIXTURES = new URL('../fixtures/mtree/', import.meta.url).pathname;
const fixture = (name: string) => readFileSync(FIXTURES + name, 'utf8');
const one = (text: string, path: string) => parseMtree(text, 'test.mtree').get(path);

describe('mtree syntax', () => {
  test.each([
    ['a full path', '#mtree\n./etc/passwd type=file mode=644 uid=0 gid=0 size=5\n', '/etc/passwd', { type: 'file', mode: 0o644, uid: 0, gid: 0, size: 5 }],
    ['the root', '. type=dir mode=755\n', '/', { type: 'dir', mode: 0o755 }],
    ['a space and # escaped', './a\\040file\\0431.txt type=file\n', '/a file#1.txt', { type: 'file' }],
    ['UTF-8 bytes escaped', './caf\\303\\251 type=file\n', '/café', { type: 'file' }],
    ['C escapes', './tab\\there\\sx type=file\n', '/tab\there x', { type: 'file' }],
    ['time with nanoseconds, not a fraction', './f time=1704164645.7\n', '/f', { mtime: { sec: 1704164645, nsec: 7 } }],
    ['time of whole seconds', './f time=12\n', '/f', { mtime: { sec: 12, nsec: 0 } }],
    ['go-mtree tar_time: seconds only', './f tar_time=12.000000000\n', '/f', { mtime: { sec: 12, nsec: 0 }, mtimeSecondsOnly: true }],
    ['time wins over tar_time', './f tar_time=12.0 time=12.5\n', '/f', { mtime: { sec: 12, nsec: 5 } }],
    ['mode 0644', './f mode=0644\n', '/f', { mode: 0o644 }],
    ['mode 00644', './f mode=00644\n', '/f', { mode: 0o644 }],
    ['setuid mode', './f mode=4755\n', '/f', { mode: 0o4755 }],
    ['a symlink', './l type=link link=a\\040b\n', '/l', { type: 'symlink', linkTarget: 'a b' }],
    ['a char device', './null type=char device=native,1,3\n', '/null', { type: 'char', devMajor: 1, devMinor: 3 }],
    ['fifo, socket, block', './p type=fifo\n', '/p', { type: 'fifo' }],
    ['sha256 synonym', './f sha256=ABCD\n', '/f', { digest: 'sha256:abcd' }],
    ['sha256digest', './f sha256digest=abcd\n', '/f', { digest: 'sha256:abcd' }],
    ['ripemd160digest synonym', './f ripemd160digest=aa rmd160=aa\n', '/f', { digests: { rmd160: 'aa' } }],
    ['md5 and sha512', './f md5digest=11 sha512=22\n', '/f', { digests: { md5: '11', sha512: '22' } }],
    ['sha512256digest (casync)', './f sha512256digest=33\n', '/f', { digests: { sha512256: '33' } }],
    ['go-mtree xattrs in base64', './f xattr.user.note=aGVsbG8=\n', '/f', { xattrs: { 'user.note': 'hello' } }],
    ['owner names', './f uname=root gname=wheel\n', '/f', { uname: 'root', gname: 'wheel' }],
    ['nlink and flags', './f nlink=2 flags=uchg\n', '/f', { nlink: 2, flags: 'uchg' }],
    ['behaviour keywords', './f optional nochange\n', '/f', { verify: ['optional', 'nochange'] }],
    ['unknown keywords kept', '#mtree\n./f colour=blue frobnicate\n', '/f', { extraKeywords: { colour: 'blue', frobnicate: '' } }],
    ['machine-local keywords dropped', './f inode=5 resdevice=native,8,1 contents=x\n', '/f', { path: '/f', type: 'file' }],
    ['a trailing comment', './f type=file # note\n', '/f', { type: 'file' }],
    ['CRLF line ends', './f type=dir\r\n', '/f', { type: 'dir' }],
    ['continued lines', './f \\\n  type=dir \\\n  mode=700\n', '/f', { type: 'dir', mode: 0o700 }],
    ['a duplicate merges, later wins', './f mode=600 uid=1\n./f mode=644\n', '/f', { mode: 0o644, uid: 1 }],
    ['no type means file', './f mode=600\n', '/f', { type: 'file' }],
    ['bsdtar\'s default keywords', './d/f gname=root uname=root time=1795737047.828410194 mode=644 gid=0 uid=0 type=file size=3\n', '/d/f', { path: '/d/f', type: 'file', uname: 'root', gname: 'root', mtime: { sec: 1795737047, nsec: 828410194 }, mode: 0o644, uid: 0, gid: 0, size: 3 }],
    ['escaped owner names', './f uname=ro\\040ot gname=caf\\303\\251\n', '/f', { uname: 'ro ot', gname: 'café' }],
    ['owner names beyond ASCII, unescaped', './f uname=José gname=日本\n', '/f', { uname: 'José', gname: '日本' }],
    ['a link target as it is', './l type=link link=../a/b.txt\n', '/l', { type: 'symlink', linkTarget: '../a/b.txt' }],
    ['a link target beyond ASCII', './l type=link link=café\n', '/l', { linkTarget: 'café' }],
    ['an upper-case sha256digest', './f sha256digest=ABCDEF01\n', '/f', { digest: 'sha256:abcdef01' }],
    ['a sha256digest beyond ASCII, lower-cased as text', './f sha256digest=ÄB\n', '/f', { digest: 'sha256:äb' }],
    ['an empty sha256digest', './f sha256digest=\n', '/f', { digest: 'sha256:' }],
    ['a 16-digit uid', './f uid=1000000000000000\n', '/f', { uid: 1e15 }],
    ['seconds beyond 15 digits', './f time=1234567890123456.5\n', '/f', { mtime: { sec: 1234567890123456, nsec: 5 } }],
    ['a negative time', './f time=-5.25\n', '/f', { mtime: { sec: -5, nsec: 25 } }],
    ['mode of seven digits', './f mode=0000644\n', '/f', { mode: 0o644 }],
    ['types by their mtree names', './b type=block\n./c type=char\n./s type=socket\n', '/s', { type: 'socket' }],
    ['CRLF after a continued line', './f \\\r\n  type=dir\r\n', '/f', { type: 'dir' }],
    ['tabs between words', './f\ttype=dir\t\tmode=700\n', '/f', { type: 'dir', mode: 0o700 }],
    ['a line without a newline at the end', './a type=file\n./f type=dir', '/f', { type: 'dir' }],
    ['a name that is not clean', './a//b/./c type=dir\n', '/a/b/c', { type: 'dir' }],
    ['a keyword with = in its value', '#mtree\n./f colour=a=b\n', '/f', { extraKeywords: { colour: 'a=b' } }],
  ])('%s', (_name, text, path, expected) => {
    expect(one(text, path)).toMatchObject(expected);
  });

  it('applies /set defaults, which entries override, and /unset', () => {
    const tree = parseMtree(
      ['#mtree', '/set type=file uid=1000 mode=0664', '. type=dir', '    a size=1', '    b mode=0600', '/unset uid', '    c', '/unset all', '    d', '..'].join('\n'),
      'set.mtree',
    );
    expect(tree.get('/a')).toMatchObject({ type: 'file', uid: 1000, mode: 0o664 });
    expect(tree.get('/b')).toMatchObject({ mode: 0o600 });
    expect(tree.get('/c')!.uid).toBeUndefined();
    expect(tree.get('/d')!.mode).toBeUndefined();
  });

  it('nests relative names in directories, and leaves them with ..', () => {
    const text = ['. type=dir', 'etc type=dir', 'ssh type=dir', 'key type=file', '..', 'passwd type=file', '..', 'top type=file', '..'].join('\n');
    expect([...parseMtree(text, 'n.mtree').keys()]).toEqual(['/', '/etc', '/etc/ssh', '/etc/ssh/key', '/etc/passwd', '/top']);
  });

  it('reads a stream split anywhere, even inside a multi-byte character', async () => {
    const text = '#mtree\n./caf\u00e9\\040x type=file size=3\n./b type=dir\n';
    const bytes = Buffer.from(text, 'utf8');
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    const tree = await readMtree(Readable.from(chunks), 's.mtree');
    expect([...tree.keys()]).toEqual(['/café x', '/b']);
  });

  it('reads the same tree from a stream cut anywhere', async () => {
    // Every kind of line: /set, continuations (across CRLF too), escapes, UTF-8, nesting, comments.
    const text = [
      '#mtree',
      '/set type=file uid=0 gid=0 mode=0644',
      '. type=dir mode=0755',
      'caf\\303\\251\\040x size=3 \\',
      '    time=1.000000002 sha256digest=AB',
      'd\u00e9j\u00e0 type=dir uname=root',
      '    inner type=link link=../a\\040b # trailing',
      '..',
      '/unset uid',
      './full/path/日本 type=file size=7\r',
      '\t./x\ttime=5.5 uid=7 gname=wheel  ',
      '',
    ].join('\n');
    const whole = parseMtree(text, 's.mtree');
    expect(whole.size).toBe(6);
    const bytes = Buffer.from(text, 'utf8');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: bytes.length }), { maxLength: 10 }), async (cuts) => {
        const at = [...new Set([0, ...cuts, bytes.length])].sort((a, b) => a - b);
        const chunks = at.slice(1).map((end, i) => bytes.subarray(at[i], end)).filter((c) => c.length > 0);
        expect(await readMtree(Readable.from(chunks), 's.mtree')).toEqual(whole);
      }),
    );
  });

  it('names the right line when it is in a later chunk and continued', async () => {
    const good = Array.from({ length: 5000 }, (_, i) => `./f${i} type=file size=${i}`);
    const text = [...good, './bad type=file \\', '  mode=9', ...good].join('\n');
    const bytes = Buffer.from(text, 'utf8');
    const chunks = Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, i) => bytes.subarray(i * 1000, (i + 1) * 1000));
    const error = await readMtree(Readable.from(chunks), 'big.mtree').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestFormatError);
    expect((error as Error).message).toBe('big.mtree:5001: ./bad: mode=9: expected an octal number');
  });

  it('hands one time and one owner name to the entries that share them', () => {
    const tree = parseMtree('./a time=5.1 uname=root\n./b time=5.1 uname=root\n./c time=5.2 uname=root\n', 'share.mtree');
    // Entries are read-only after reading, so sharing equal values saves a million copies.
    expect(tree.get('/b')!.mtime).toBe(tree.get('/a')!.mtime);
    expect(tree.get('/c')!.mtime).toEqual({ sec: 5, nsec: 2 });
    expect(tree.get('/c')!.uname).toBe('root');
  });

  test.each([
    ['a mode that is not octal', './f mode=0699\n', 1, 'mode=0699'],
    ['an unknown type', '#mtree\n./f type=door\n', 2, 'type=door'],
    ['an escaped slash', './a\\057b type=file\n', 1, 'escaped /'],
    ['a bad escape', './a\\9 type=file\n', 1, 'malformed escape'],
    ['.. with nothing entered', '#mtree\n\n..\n', 3, '`..`'],
    ['an unknown command', '/frob x\n', 1, 'unknown command'],
    ['a path climbing out', './../etc type=file\n', 1, 'climbs above'],
    ['a bad time', './f time=yesterday\n', 1, 'time=yesterday'],
    ['nanoseconds out of range', './f time=1.1000000000\n', 1, 'out of range'],
    ['a bad uid on a continued line', '#mtree\n./f type=file \\\n uid=-1\n', 2, 'uid=-1'],
    ['bad base64 in an xattr', './f xattr.user.a=%%\n', 1, 'base64'],
    ['a bad escape in an owner name', './f uname=a\\9\n', 1, 'uname=a\\9: malformed escape'],
    ['a mode of eight digits', './f mode=00000644\n', 1, 'mode=00000644'],
    ['an empty size', './f size=\n', 1, 'size=: expected a decimal number'],
    ['a type without a value', './f type\n', 1, 'type needs a value'],
    ['a uid beyond safe integers', './f uid=99999999999999999\n', 1, 'number too large'],
  ])('rejects %s with the file and line', (_name, text, line, words) => {
    let error: unknown;
    try {
      parseMtree(text, 'bad.mtree');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ManifestFormatError);
    expect((error as ManifestFormatError).line).toBe(line);
    expect((error as Error).message).toMatch(new RegExp(`^bad\\.mtree:${line}: `));
    expect((error as Error).message).toContain(words);
  });
});

describe('real mtree files (go-mtree test data)', () => {
  /** bsdtar's own reading of a file: the reference for paths. */
  const bsdtarPaths = (name: string) =>
    bsdtar(['-tf', FIXTURES + name])
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => normalisePath(l));

  test.each(['source.mtree', 'relative.mtree'])('%s: the same paths as bsdtar reads', (name) => {
    const tree = parseMtree(fixture(name), name);
    expect([...tree.keys()].sort()).toEqual([...new Set(bsdtarPaths(name))].sort());
  });

  it('source.mtree: /set defaults, continuations, nlink, flags and sha512 digests', () => {
    const tree = parseMtree(fixture('source.mtree'), 'source.mtree');
    expect(tree.get('/')).toMatchObject({ type: 'dir', mode: 0o775, nlink: 5, uid: 1000, mtime: { sec: 1457644509, nsec: 817998120 } });
    expect(tree.get('/.git/HEAD')).toMatchObject({ type: 'file', mode: 0o664, size: 23, nlink: 1, flags: 'none' });
    expect(tree.get('/.git/HEAD')!.digests!.sha512).toMatch(/^76b199f1/);
    expect(tree.get('/cmd/gomtree/main.go')).toMatchObject({ size: 552 });
  });

  it('relative.mtree: relative, full and duplicate paths', () => {
    const tree = parseMtree(fixture('relative.mtree'), 'relative.mtree');
    expect(tree.get('/lib/foo')).toMatchObject({ size: 12288, mtime: { sec: 1457644483, nsec: 833957552 } });
    expect(tree.get('/ayo')).toMatchObject({ type: 'file' });
    expect(tree.get('/lib/dir/sub/file.txt')).toMatchObject({ type: 'file' });
  });

  it('source.casync-mtree: a flat listing with owner names and sha512256 digests', () => {
    const tree = parseMtree(fixture('source.casync-mtree'), 'source.casync-mtree');
    expect(tree.size).toBe(800);
    // No `..` anywhere: top-level names stay at the top, not inside the last directory listed.
    expect(tree.get('/.gitignore')).toMatchObject({ type: 'file', size: 38, uname: 'vbatts' });
    expect(tree.has('/.git/.gitignore')).toBe(false);
    expect(tree.get('/.git/HEAD')!.digests!.sha512256).toBe('459551401449a0555a2c1a1ef57f17eab8b70afccd1ae2fb089e1fe216d92041');
    expect(tree.get('/testdata/dirwithbrokenlink/dir1/badlink')).toMatchObject({ type: 'symlink', linkTarget: 'badfile' });
  });
});

describe('mtree input that no tool writes', () => {
  it('takes no keyword value from Object.prototype', () => {
    expect(() => parseMtree('./f type=constructor\n', 'm')).toThrow(/m:1: .*type=constructor: expected one of/);
    expect(parseMtree('#mtree\n./f constructor=1 toString=2\n', 'm').get('/f')).toMatchObject({ extraKeywords: { constructor: '1', toString: '2' } });
    expect(parseMtree('#mtree\n./f constructor=1\n', 'm').get('/f')?.digests).toBeUndefined();
  });

  it('stops at a line longer than 1 MiB, from a stream without newlines', async () => {
    const chunks = Array.from({ length: 20 }, () => Buffer.alloc(64 * 1024, 0x61));
    const error = await readMtree(Readable.from(['. type=dir\n', ...chunks]), 'big.mtree').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestFormatError);
    expect((error as Error).message).toBe('big.mtree:2: line longer than 1 MiB (a manifest line is far shorter: is this a manifest?)');
  });

  it('stops at continued lines that join into more than 1 MiB, naming the first', () => {
    const piece = 'x'.repeat(60_000) + ' \\\n';
    expect(() => parseMtree('. type=dir\n./f \\\n' + piece.repeat(20) + 'type=file\n', 'cont.mtree')).toThrow(/^cont\.mtree:2: line longer than 1 MiB/);
  });

  it('reads a long line under the limit', () => {
    const name = 'n'.repeat(200_000);
    expect(parseMtree(`./${name} type=file\n`, 'm').get('/' + name)).toMatchObject({ type: 'file' });
  });
});
