import { createHash } from 'node:crypto';
import { describe, expect, it, test } from 'vitest';
import { parsePin, pinDifferences } from '../../src/drift/accept-pins.js';
import { acceptRulesText } from '../../src/drift/accept-rules.js';
import { compareDrift } from '../../src/drift/drift-compare.js';
import { applyRulesText, RulesFormatError } from '../../src/drift/drift-rules.js';
import { renderDriftText } from '../../src/drift/drift-text.js';
import { buildRules, defaultRules } from '../../src/drift/rule-set.js';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';

const sha = (text: string) => 'sha256:' + createHash('sha256').update(text).digest('hex');
const file = (path: string, content: string, extra: Partial<FileEntry> = {}): FileEntry => ({
  path,
  type: 'file',
  mode: 0o644,
  uid: 0,
  gid: 0,
  size: content.length,
  digest: sha(content),
  mtime: { sec: 1, nsec: 0 },
  ...extra,
});
const tree = (...entries: FileEntry[]): FileTree => new Map(entries.map((e) => [e.path, e]));
const options = (rules = defaultRules()) => ({ rules, clone: false, baselineName: 'golden.mtree', snapshotName: 'vm.mtree' });

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\n';
const WITH_ANN = PASSWD + 'ann:x:1000:1000::/home/ann:/bin/bash\n';
const WITH_TOOR = WITH_ANN + 'toor:x:0:0::/root:/bin/sh\n';

const baseline = tree(
  file('/etc/passwd', PASSWD),
  file('/etc/ssh/sshd_config', 'PermitRootLogin no\n'),
  file('/etc/ssh/ssh_host_ed25519_key', 'key one', { mode: 0o600 }),
  file('/etc/motd', 'hello\n'),
  file('/var/log/app.log', 'a', { mode: 0o640 }),
);
/** The drift an administrator reviewed and accepts: a new user, a changed motd, a removed file, a log made readable. */
const reviewed = tree(
  file('/etc/passwd', WITH_ANN),
  file('/etc/ssh/sshd_config', 'PermitRootLogin no\n'),
  file('/etc/ssh/ssh_host_ed25519_key', 'key one', { mode: 0o600 }),
  file('/var/log/app.log', 'ab', { mode: 0o644 }),
  file('/opt/tool', 'binary', { mode: 0o755, xattrs: { 'user.origin': 'vendor \u00ff' } }),
);

function accepted(): ReturnType<typeof buildRules> {
  const text = acceptRulesText(compareDrift(baseline, reviewed, options()));
  return buildRules({ defaults: true, files: [{ name: 'accept.rules', text }], ignore: [] });
}

describe('--accept pins the values it saw', () => {
  it('writes one accept line per change, with the values by hand', () => {
    const text = acceptRulesText(compareDrift(baseline, reviewed, options()));
    expect(text.split('\n').filter((line) => !line.startsWith('#'))).toEqual([
      `accept /etc/motd absent`,
      `accept /etc/passwd type=file sha256=${sha(WITH_ANN).slice(7)} mode=0644 uid=0 gid=0`,
      // The log's content is a default rule's business; its mode was drift, and the line pins the whole entry.
      `accept /opt/tool type=file sha256=${sha('binary').slice(7)} mode=0755 uid=0 gid=0 xattr.user.origin=${Buffer.from('vendor \u00ff', 'latin1').toString('base64')}`,
      `accept /var/log/app.log type=file sha256=${sha('ab').slice(7)} mode=0644 uid=0 gid=0`,
      '',
    ]);
  });

  it('makes the reviewed snapshot clean', () => {
    const report = compareDrift(baseline, reviewed, options(accepted()));
    expect(report.drift).toBe(false);
    expect(report.changes.find((c) => c.path === '/etc/passwd')?.ignored?.rule).toMatch(/^accept\.rules:4: accept \/etc\/passwd /);
  });

  test.each([
    ['a second user with uid 0 in /etc/passwd', '/etc/passwd', file('/etc/passwd', WITH_TOOR), 'content (accepted: other digest)'],
    ['/etc/passwd made world-writable', '/etc/passwd', file('/etc/passwd', WITH_ANN, { mode: 0o666 }), 'mode 0666 (accepted: 0644)'],
    ['the accepted tool made setuid', '/opt/tool', file('/opt/tool', 'binary', { mode: 0o4755, xattrs: { 'user.origin': 'vendor \u00ff' } }), 'mode 4755 (accepted: 0755)'],
    ['the accepted tool given other xattrs', '/opt/tool', file('/opt/tool', 'binary', { mode: 0o755, xattrs: { 'user.origin': 'vendor' } }), 'xattrs (accepted: other values)'],
    ['the removed file back', '/etc/motd', file('/etc/motd', 'hello again\n'), 'present (accepted: absent)'],
    ['the accepted log owned by another user', '/var/log/app.log', file('/var/log/app.log', 'abc', { uid: 33 }), 'uid 33 (accepted: 0)'],
  ])('%s is drift again', (_name, path, entry, differs) => {
    const later = new Map(reviewed);
    later.set(path, entry);
    const report = compareDrift(baseline, later, options(accepted()));
    expect(report.drift).toBe(true);
    const change = report.changes.find((c) => c.path === path)!;
    expect(change.ignored).toBeUndefined();
    expect(change.acceptDiffers?.[0]?.differs).toContain(differs);
    expect(renderDriftText(report)).toContain(`not as accepted by accept.rules:`);
  });

  test.each([
    ['a changed sshd_config', '/etc/ssh/sshd_config', file('/etc/ssh/sshd_config', 'PermitRootLogin yes\n')],
    ['a replaced host key', '/etc/ssh/ssh_host_ed25519_key', file('/etc/ssh/ssh_host_ed25519_key', 'key two', { mode: 0o600 })],
  ])('%s, never accepted, is drift', (_name, path, entry) => {
    const later = new Map(reviewed);
    later.set(path, entry);
    const report = compareDrift(baseline, later, options(accepted()));
    expect(report.changes.find((c) => c.path === path)?.ignored).toBeUndefined();
    expect(report.drift).toBe(true);
  });

  it('leaves to the default rules what they cover: the accepted log may grow', () => {
    const later = new Map(reviewed);
    later.set('/var/log/app.log', file('/var/log/app.log', 'abcdef', { mtime: { sec: 7, nsec: 0 } }));
    expect(compareDrift(baseline, later, options(accepted())).drift).toBe(false);
  });

  it('does not accept a value the line did not pin (a manifest that now records xattrs)', () => {
    const pin = parsePin('/etc/passwd', ['type=file', `sha256=${sha(WITH_ANN).slice(7)}`, 'mode=0644']);
    expect(typeof pin).not.toBe('string');
    if (typeof pin === 'string') return;
    expect(pinDifferences(pin, file('/etc/passwd', WITH_ANN))).toEqual(['uid 0 (not pinned)', 'gid 0 (not pinned)']);
    expect(pinDifferences(pin, file('/etc/passwd', WITH_ANN, { uid: undefined, gid: undefined }))).toEqual([]);
  });
});

describe('accept lines in rules files', () => {
  test.each([
    ['no values', 'accept /etc/x', 'accept needs the accepted values'],
    ['no type', 'accept /etc/x mode=0644', 'accept needs type='],
    ['a relative path', 'accept etc/x absent', 'PATH etc/x must be absolute and normalised'],
    ['an unnormalised path', 'accept /etc/../x absent', 'PATH /etc/../x must be absolute and normalised'],
    ['an unknown key', 'accept /etc/x type=file colour=blue', '"colour" is not a pinned value'],
    ['a bad mode', 'accept /etc/x type=file mode=9', 'mode=9 is not octal'],
    ['a bad digest', 'accept /etc/x type=file sha256=XYZ', 'sha256=XYZ is not a digest'],
    ['absent with values', 'accept /etc/x absent mode=0644', '"absent" is not KEY=VALUE'],
  ])('refuses %s, naming file and line', (_name, line, words) => {
    expect(() => applyRulesText([], `# first\n${line}\n`, 'a.rules')).toThrow(RulesFormatError);
    expect(() => applyRulesText([], `# first\n${line}\n`, 'a.rules')).toThrow(`a.rules:2: ${words}`);
  });

  it('reads back paths and links with spaces, and binary xattrs', () => {
    const entry: FileEntry = { path: '/srv/my files/#1', type: 'symlink', mode: 0o777, uid: 0, gid: 0, linkTarget: '../a "b"', xattrs: { 'user.x y': '\u0000\u00ff' } };
    const report = compareDrift(tree(), tree(entry), options([]));
    const rules = applyRulesText([], acceptRulesText(report), 'a.rules');
    expect(rules).toHaveLength(1);
    expect(rules[0]!.pin).toEqual({ entry: { path: '/srv/my files/#1', type: 'symlink', mode: 0o777, uid: 0, gid: 0, linkTarget: '../a "b"', xattrs: { 'user.x y': '\u0000\u00ff' } } });
    expect(compareDrift(tree(), tree(entry), options(rules)).drift).toBe(false);
  });

  it('refuses an accept file of the old form, which accepted any later value', () => {
    const old = ['# Accepts the drift of vm.mtree against golden.mtree.', '# Written by repro-check drift --accept; review, then pass it with --rules.', 'ignore /etc/passwd content size mtime'].join('\n');
    expect(() => applyRulesText([], old, 'old.rules')).toThrow(/^old\.rules:2: an accept file of an older repro-check: .*write it again with drift --accept/);
  });
});
