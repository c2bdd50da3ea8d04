import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { readLayer } from '../../src/image/layer-reader.js';
import { describeXattr } from '../../src/tree/xattr-text.js';

const fixture = (name: string) => createReadStream(new URL(`../fixtures/xattrs/${name}`, import.meta.url));
/** Hex of each value, one char per byte as the model keeps them. */
const hex = (xattrs: Record<string, string> | undefined) =>
  xattrs && Object.fromEntries(Object.entries(xattrs).map(([k, v]) => [k, Buffer.from(v, 'latin1').toString('hex')]));

/** What `getfattr -d -m - -e hex` printed for the files the fixtures were made from (see their README). */
const CAPABILITY = '01000002c0000000c00000000000000000000000';
const NOTE = '68c3a96c6c6f';
const ACL_ACCESS = '0200000001000600ffffffff02000600e803000004000400ffffffff080004003200000010000600ffffffff20000400ffffffff';
const ACL_DEFAULT = '0200000001000700ffffffff020007002100000004000500ffffffff10000700ffffffff20000000ffffffff';

async function layerOf(entries: { header: Partial<tar.Header> & { name: string }; content?: string }[]) {
  const pack = tar.pack();
  for (const { header, content } of entries) pack.entry(header, content ?? '');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return readLayer(Readable.from([Buffer.concat(chunks)]));
}

describe('extended attributes of tar layers, byte for byte', () => {
  it('reads the raw values GNU tar writes in SCHILY.xattr records', async () => {
    const { tree } = await readLayer(fixture('gnu-xattrs.tar'));
    expect(hex(tree.get('/ping')?.xattrs)).toEqual({ 'security.capability': CAPABILITY, 'user.note': NOTE });
    expect(hex(tree.get('/acl')?.xattrs)).toEqual({ 'system.posix_acl_access': ACL_ACCESS });
    expect(hex(tree.get('/d')?.xattrs)).toEqual({ 'system.posix_acl_default': ACL_DEFAULT });
    const ping = tree.get('/ping')!.xattrs!;
    expect(describeXattr('security.capability', ping['security.capability']!)).toBe('cap_setgid,cap_setuid=eip');
    expect(describeXattr('user.note', ping['user.note']!)).toBe('héllo');
    expect(describeXattr('system.posix_acl_access', tree.get('/acl')!.xattrs!['system.posix_acl_access']!)).toBe(
      'user::rw-,user:1000:rw-,group::r--,group:50:r--,mask::rw-,other::r--',
    );
  });

  it('reads bsdtar, which writes each attribute twice (LIBARCHIVE base64 and SCHILY raw), as the same values', async () => {
    const { tree } = await readLayer(fixture('bsdtar-xattrs.tar'));
    expect(hex(tree.get('/ping')?.xattrs)).toEqual({ 'security.capability': CAPABILITY, 'user.note': NOTE });
    // bsdtar writes ACLs as SCHILY.acl.* text, not as attributes.
    expect(tree.get('/acl')?.xattrs).toBeUndefined();
  });

  it('reads LIBARCHIVE.xattr records alone (URL-encoded names, base64 values), SCHILY ones winning', async () => {
    const { tree } = await layerOf([
      { header: { name: 'a', pax: { 'LIBARCHIVE.xattr.user.a%3Db%25': Buffer.from([0xff, 0x00, 0x41]).toString('base64') } } },
      { header: { name: 'b', pax: { 'LIBARCHIVE.xattr.user.x': Buffer.from('from libarchive').toString('base64'), 'SCHILY.xattr.user.x': 'from schily' } } },
      { header: { name: 'c', pax: { 'LIBARCHIVE.xattr.user.%zz': 'AA==' } } },
    ]);
    expect(hex(tree.get('/a')?.xattrs)).toEqual({ 'user.a=b%': 'ff0041' });
    expect(tree.get('/b')?.xattrs).toEqual({ 'user.x': 'from schily' });
    // A name that is no valid URL encoding is left out rather than guessed.
    expect(tree.get('/c')?.xattrs).toBeUndefined();
  });

  it('keeps other PAX records UTF-8: a long non-ASCII path and link target', async () => {
    const name = 'dïr/' + 'ü'.repeat(80) + '.txt';
    const { tree } = await layerOf([
      { header: { name, mtime: new Date(0) }, content: 'x' },
      { header: { name: 'l', type: 'symlink', linkname: 'ö'.repeat(120) } },
      { header: { name: 'n', pax: { 'SCHILY.xattr.user.ü': 'wört' } } },
    ]);
    expect(tree.get('/' + name)?.type).toBe('file');
    expect(tree.get('/l')?.linkTarget).toBe('ö'.repeat(120));
    // tar-stream writes values as UTF-8; the model keeps those bytes, one char each.
    expect(tree.get('/n')?.xattrs).toEqual({ 'user.ü': Buffer.from('wört').toString('latin1') });
  });
});
