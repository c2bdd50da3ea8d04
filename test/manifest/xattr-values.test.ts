import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { readJsonManifest } from '../../src/manifest/json-manifest-reader.js';
import { writeJsonManifest } from '../../src/manifest/json-manifest-writer.js';
import { readMtree } from '../../src/manifest/mtree-reader.js';
import { formatMtreeEntry } from '../../src/manifest/mtree-writer.js';
import { NO_XATTRS } from '../../src/tree/file-entry.js';
import { xattrFromJson, xattrToJson } from '../../src/manifest/xattr-values.js';
import type { FileEntry } from '../../src/tree/file-entry.js';
import { compareEntries, compareTrees } from '../../src/tree/compare-trees.js';

// `setcap cap_net_raw+ep`'s security.capability: VFS_CAP_REVISION_2 | effective, permitted bit 13.
const CAP_NET_RAW = Buffer.from([1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).toString('latin1');
// An SELinux label as the kernel gives it: text and a terminating NUL.
const LABEL = 'system_u:object_r:bin_t:s0\0';

async function jsonText(entries: FileEntry[]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeJsonManifest(entries, out);
  return Buffer.concat(chunks).toString('utf8');
}

describe('xattr values in JSON', () => {
  test.each([
    ['printable UTF-8 stays text', Buffer.from('héllo', 'utf8').toString('latin1'), 'héllo'],
    ['a capability is base64', CAP_NET_RAW, { base64: 'AQAAAgAgAAAAAAAAAAAAAAAAAAA=' }],
    ['a NUL-terminated label is base64', LABEL, { base64: Buffer.from(LABEL, 'latin1').toString('base64') }],
    ['bytes that are not UTF-8 are base64', '\xff\xfe', { base64: '//4=' }],
    ['a newline makes text binary', 'a\nb', { base64: 'YQpi' }],
    ['empty stays text', '', ''],
  ])('%s', (_name, value, json) => {
    expect(xattrToJson(value)).toEqual(json);
    expect(xattrFromJson(json)).toBe(value);
  });

  test.each([[{ base64: '%%' }], [{ base64: 'YQ==', extra: 1 }], [42], [['YQ==']]])('refuses %j', (json) => {
    expect(xattrFromJson(json)).toBeUndefined();
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const value = Buffer.from(bytes).toString('latin1');
        expect(xattrFromJson(JSON.parse(JSON.stringify(xattrToJson(value))))).toBe(value);
      }),
    );
  });

  it('writes {} for read-and-none and reads it back as the shared NO_XATTRS', async () => {
    const text = await jsonText([
      { path: '/', type: 'dir', xattrs: NO_XATTRS },
      { path: '/perl', type: 'file', xattrs: { 'security.capability': CAP_NET_RAW, 'user.note': 'hi' } },
      { path: '/unknown', type: 'file' },
    ]);
    expect(text.split('\n').slice(1, 4)).toEqual([
      '{"path":"/","type":"dir","xattrs":{}}',
      '{"path":"/perl","type":"file","xattrs":{"security.capability":{"base64":"AQAAAgAgAAAAAAAAAAAAAAAAAAA="},"user.note":"hi"}}',
      '{"path":"/unknown","type":"file"}',
    ]);
    const tree = await readJsonManifest(text, 'm.json');
    expect(tree.get('/')!.xattrs).toBe(NO_XATTRS);
    expect(tree.get('/perl')!.xattrs).toEqual({ 'security.capability': CAP_NET_RAW, 'user.note': 'hi' });
    expect(tree.get('/unknown')!.xattrs).toBeUndefined();
  });
});

describe('xattr values in mtree', () => {
  it("writes go-mtree's xattr.<name>=<base64 of the bytes>, also without extensions", () => {
    const line = formatMtreeEntry({ path: '/perl', type: 'file', xattrs: { 'security.capability': CAP_NET_RAW } });
    expect(line).toBe('./perl type=file xattr.security.capability=AQAAAgAgAAAAAAAAAAAAAAAAAAA=');
  });

  it('reads base64 back into bytes, not UTF-8 text', async () => {
    const tree = await readMtree('#mtree\n./perl type=file xattr.security.capability=AQAAAgAgAAAAAAAAAAAAAAAAAAA= xattr.user.x=//4=\n', 'm.mtree');
    expect(tree.get('/perl')!.xattrs).toEqual({ 'security.capability': CAP_NET_RAW, 'user.x': '\xff\xfe' });
  });
});

describe('comparing xattrs read and none', () => {
  const file = (xattrs?: Record<string, string>): FileEntry => ({ path: '/f', type: 'file', mode: 0o755, ...(xattrs ? { xattrs } : {}) });

  test.each([
    ['none and none', NO_XATTRS, NO_XATTRS, [], []],
    ['none and a capability', NO_XATTRS, { 'security.capability': CAP_NET_RAW }, ['xattrs'], []],
    ['a capability and none', { 'security.capability': CAP_NET_RAW }, NO_XATTRS, ['xattrs'], []],
    ['unknown and a capability', undefined, { 'security.capability': CAP_NET_RAW }, [], ['xattrs']],
    ['unknown and none', undefined, NO_XATTRS, [], ['xattrs']],
    ['none and a separate {}', NO_XATTRS, {}, [], []],
  ])('%s', (_name, a, b, aspects, unverifiable) => {
    expect(compareEntries(file(a), file(b))).toEqual({ aspects, unverifiable });
  });

  it('reports nothing for two trees whose entries all hold NO_XATTRS', () => {
    const tree = new Map([['/f', file(NO_XATTRS)]]);
    expect(compareTrees(tree, new Map([['/f', file(NO_XATTRS)]]))).toEqual({ changes: [], unverifiable: [] });
  });
});
