import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, test } from 'vitest';
import { erroredPath, GetfattrParser, readTreeXattrs, unescapeGetfattr } from '../../src/manifest/xattr-reader.js';

const root = mkdtempSync(join(tmpdir(), 'xattr-reader-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const setfattr = (name: string, value: string, path: string) => execFileSync('setfattr', ['-n', name, '-v', value, join(root, path)]);

describe('getfattr output', () => {
  test.each([
    ['plain', 'a b', 'a b'],
    ['a newline', 'nl\\012name', 'nl\nname'],
    ['a backslash', 'back\\134slash', 'back\\slash'],
    ['= in a name', 'user.a\\075b', 'user.a=b'],
    ['UTF-8 bytes', 'caf\xc3\xa9', 'café'],
    ['a backslash without digits', 'x\\y', 'x\\y'],
  ])('unescapes %s', (_name, raw, text) => {
    expect(unescapeGetfattr(Buffer.from(raw, 'latin1'))).toBe(text);
  });

  it('parses entries split across chunks at any byte', () => {
    const text = '# file: /t\nuser.root=0sMQ==\n\n# file: /t/d/x\nsecurity.capability=0sAQAAAgAgAAAAAAAAAAAAAAAAAAA=\nuser.empty=0s\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = new GetfattrParser();
      parser.push(Buffer.from(text.slice(0, cut)));
      parser.push(Buffer.from(text.slice(cut)));
      parser.end();
      expect(Object.fromEntries(parser.byPath)).toEqual({
        '/t': { 'user.root': '1' },
        '/t/d/x': { 'security.capability': '\x01\x00\x00\x02\x00\x20' + '\x00'.repeat(14), 'user.empty': '' },
      });
    }
  });

  test.each([
    ['getfattr: /t/noperm: Permission denied', '/t/noperm'],
    ['/t/a b: user.q: Permission denied', '/t/a b'],
    ['getfattr: Removing leading', undefined],
  ])('finds the path in %j', (line, path) => {
    expect(erroredPath(line)).toBe(path);
  });
});

describe('readTreeXattrs', () => {
  mkdirSync(join(root, 'd'));
  writeFileSync(join(root, 'd/plain'), '');
  writeFileSync(join(root, 'with space'), '');
  writeFileSync(join(root, 'bin'), '');
  symlinkSync('bin', join(root, 'link'));
  setfattr('user.note', 'hello', 'with space');
  setfattr('user.dir', '0x00ff', 'd');
  execFileSync('setcap', ['cap_net_raw+ep', join(root, 'bin')]);

  it('reads every attribute of the tree in one run, values as bytes, symlinks not followed', async () => {
    const found = await readTreeXattrs(root);
    expect(found.unreadable).toEqual(new Set());
    expect(Object.fromEntries(found.byPath)).toEqual({
      [join(root, 'with space')]: { 'user.note': 'hello' },
      [join(root, 'd')]: { 'user.dir': '\x00\xff' },
      // setcap's bytes: revision 2 with the effective flag, then the permitted set with bit 13 (cap_net_raw).
      [join(root, 'bin')]: { 'security.capability': '\x01\x00\x00\x02\x00\x20' + '\x00'.repeat(14) },
    });
  });

  it('says all are unreadable when getfattr cannot run', async () => {
    const found = await readTreeXattrs(root, { command: join(root, 'no-such-getfattr') });
    expect(found.unreadable).toBe('all');
    expect(found.problems[0]).toMatch(/getfattr could not run/);
  });
});
