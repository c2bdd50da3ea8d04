import { describe, expect, it } from 'vitest';
import { compareDrift } from '../../src/drift/drift-compare.js';
import { renderDriftText } from '../../src/drift/drift-text.js';
import { xattrChanges, xattrChangeText } from '../../src/drift/xattr-changes.js';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';
import { NO_XATTRS } from '../../src/tree/file-entry.js';

/** `setcap cap_setuid,cap_setgid=eip` then `getfattr -e hex` on Debian 12 (see test/tree/xattr-text.test.ts). */
const SETUID_SETGID = Buffer.from('01000002c0000000c00000000000000000000000', 'hex').toString('latin1');
/** `setcap cap_net_raw+ep`. */
const NET_RAW = Buffer.from('0100000200200000000000000000000000000000', 'hex').toString('latin1');

const file = (path: string, xattrs?: Record<string, string>): FileEntry => ({
  path,
  type: 'file',
  mode: 0o755,
  uid: 0,
  gid: 0,
  size: 4,
  digest: 'sha256:' + 'a'.repeat(64),
  ...(xattrs ? { xattrs } : {}),
});
const tree = (...entries: FileEntry[]): FileTree => new Map(entries.map((e) => [e.path, e]));

describe('xattrChanges', () => {
  it.each([
    ['a capability given to a file', { kind: 'modified', aspects: ['xattrs'], old: file('/p', NO_XATTRS), new: file('/p', { 'security.capability': SETUID_SETGID }) }, [{ name: 'security.capability', old: null, new: 'cap_setgid,cap_setuid=eip' }]],
    ['a capability changed', { kind: 'modified', aspects: ['xattrs'], old: file('/p', { 'security.capability': NET_RAW }), new: file('/p', { 'security.capability': SETUID_SETGID }) }, [{ name: 'security.capability', old: 'cap_net_raw=ep', new: 'cap_setgid,cap_setuid=eip' }]],
    ['a capability removed, a label kept', { kind: 'modified', aspects: ['xattrs'], old: file('/p', { 'security.capability': NET_RAW, 'user.x': 'y' }), new: file('/p', { 'user.x': 'y' }) }, [{ name: 'security.capability', old: 'cap_net_raw=ep', new: null }]],
    ['a new file with a capability', { kind: 'added', aspects: [], new: file('/p', { 'security.capability': NET_RAW }) }, [{ name: 'security.capability', old: null, new: 'cap_net_raw=ep' }]],
    ['a mode change only', { kind: 'modified', aspects: ['mode'], old: file('/p', { 'security.capability': NET_RAW }), new: file('/p', { 'security.capability': NET_RAW }) }, undefined],
    ['a removed file', { kind: 'removed', aspects: [], old: file('/p', { 'security.capability': NET_RAW }) }, undefined],
  ] as const)('%s', (_name, change, expected) => {
    expect(xattrChanges(change as unknown as Parameters<typeof xattrChanges>[0])).toEqual(expected);
  });

  it('says the change in one line', () => {
    expect(xattrChangeText({ name: 'security.capability', old: null, new: 'cap_net_raw=ep' })).toBe('security.capability: none -> cap_net_raw=ep');
  });
});

describe('drift of a capability, as an administrator reads it', () => {
  it('names the capability in the report and the terminal output', () => {
    const baseline = tree(file('/usr/bin/perl', NO_XATTRS));
    const snapshot = tree(file('/usr/bin/perl', { 'security.capability': SETUID_SETGID }));
    const report = compareDrift(baseline, snapshot, { rules: [], clone: false, baselineName: 'base.json', snapshotName: 'snap.json' });
    expect(report.drift).toBe(true);
    expect(report.changes[0]).toMatchObject({ path: '/usr/bin/perl', aspects: ['xattrs'], security: ['capabilities'], xattrs: [{ name: 'security.capability', old: null, new: 'cap_setgid,cap_setuid=eip' }] });
    expect(renderDriftText(report)).toContain('/usr/bin/perl  xattrs (security.capability: none -> cap_setgid,cap_setuid=eip)');
  });
});
