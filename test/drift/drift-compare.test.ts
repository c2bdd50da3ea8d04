import { rmSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { acceptRulesText } from '../../src/drift/accept-rules.js';
import { compareDrift } from '../../src/drift/drift-compare.js';
import { applyRulesText } from '../../src/drift/drift-rules.js';
import { buildRules, defaultRules } from '../../src/drift/rule-set.js';
import { walkDirectory } from '../../src/manifest/dir-walker.js';
import { readJsonManifest } from '../../src/manifest/json-manifest-reader.js';
import { writeJsonManifest } from '../../src/manifest/json-manifest-writer.js';
import { parseMtree } from '../../src/manifest/mtree-reader.js';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';
import { sortedEntries } from '../../src/tree/sorted-entries.js';
import { bsdtar } from '../manifest/bsdtar-tool.js';
import { makeFixtureTree } from '../manifest/fixture-tree.js';

const root = makeFixtureTree();
afterAll(() => rmSync(root, { recursive: true, force: true }));

const options = (extra: Partial<Parameters<typeof compareDrift>[2]> = {}) => ({ rules: defaultRules(), clone: false, baselineName: 'base', snapshotName: 'snap', ...extra });
const file = (path: string, extra: Partial<FileEntry> = {}): FileEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 3, digest: 'sha256:aa', mtime: { sec: 1, nsec: 0 }, ...extra });
const dir = (path: string, extra: Partial<FileEntry> = {}): FileEntry => ({ path, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: { sec: 1, nsec: 0 }, ...extra });
const tree = (...entries: FileEntry[]): FileTree => new Map(entries.map((e) => [e.path, e]));

async function jsonBaseline(t: FileTree): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeJsonManifest(sortedEntries(t), out);
  return Buffer.concat(chunks).toString('utf8');
}

describe('drift between manifests of real trees', () => {
  it('a JSON baseline and a bsdtar mtree snapshot of the same tree: no drift', async () => {
    const baseline = await readJsonManifest(await jsonBaseline(await walkDirectory(root)), 'base.json');
    for (const format of ['--format=mtree', '--format=mtree-classic']) {
      const snapshot = parseMtree(bsdtar(['-cf', '-', format, '--options=sha256', '-C', root, '.']), 'snap.mtree');
      const report = compareDrift(baseline, snapshot, options());
      expect(report.drift).toBe(false);
      expect(report.changes).toEqual([]);
    }
  });

  it('finds real drift: a changed file, a new file, a removed one', async () => {
    const baseline = await walkDirectory(root);
    writeFileSync(root + '/café', 'changed');
    writeFileSync(root + '/new file', 'n');
    rmSync(root + '/empty');
    try {
      const snapshot = parseMtree(bsdtar(['-cf', '-', '--format=mtree', '--options=sha256', '-C', root, '.']), 'snap.mtree');
      const report = compareDrift(baseline, snapshot, options());
      expect(report.drift).toBe(true);
      const notable = report.changes.filter((c) => !c.ignored).map((c) => [c.path, c.kind, c.aspects]);
      expect(notable).toEqual([
        ['/café', 'modified', ['content', 'size', 'mtime']],
        ['/empty', 'removed', []],
        ['/new file', 'added', []],
      ]);
      // The root's new mtime is directory noise: kept, marked, not drift.
      expect(report.changes.find((c) => c.path === '/')?.ignored?.rule).toBe('default: ignore /** mtime nlink type=dir');
    } finally {
      writeFileSync(root + '/café', 'é');
      writeFileSync(root + '/empty', '');
      rmSync(root + '/new file');
    }
  });
});

describe('drift rules', () => {
  const baseline = tree(dir('/'), dir('/var/log'), file('/var/log/syslog'), dir('/proc'), file('/etc/hosts'), dir('/tmp'));
  const snapshot = tree(
    dir('/'),
    dir('/var/log', { mtime: { sec: 9, nsec: 0 } }),
    file('/var/log/syslog', { digest: 'sha256:bb', size: 90 }),
    file('/var/log/syslog.1.gz'),
    dir('/proc'),
    file('/proc/1', { type: 'dir' }),
    file('/etc/hosts'),
    dir('/tmp'),
    file('/tmp/junk'),
  );

  it('suppresses volatile paths but keeps them visible and counted', () => {
    const report = compareDrift(baseline, snapshot, options());
    expect(report.drift).toBe(false);
    expect(report.counts).toMatchObject({ added: 0, removed: 0, modified: 0, ignored: 5 });
    expect(report.changes.map((c) => [c.path, c.ignored?.rule])).toEqual([
      ['/proc/1', 'default: ignore /proc'],
      ['/tmp/junk', 'default: ignore /tmp'],
      ['/var/log', 'default: ignore /** mtime nlink type=dir'],
      ['/var/log/syslog', 'default: ignore /var/log/** added removed content size mtime nlink'],
      ['/var/log/syslog.1.gz', 'default: ignore /var/log/** added removed content size mtime nlink'],
    ]);
  });

  it('still reports a log whose owner or mode changed', () => {
    const changed = new Map(snapshot);
    changed.set('/var/log/syslog', file('/var/log/syslog', { digest: 'sha256:bb', mode: 0o640 }));
    const report = compareDrift(baseline, changed, options());
    const log = report.changes.find((c) => c.path === '/var/log/syslog')!;
    expect(report.drift).toBe(true);
    expect(log.ignored).toBeUndefined();
    expect(log.ignoredAspects?.map((i) => i.aspect)).toEqual(['content']);
    expect(log.aspects).toEqual(['content', 'mode']);
  });

  it('reports everything without the default rules', () => {
    const report = compareDrift(baseline, snapshot, options({ rules: buildRules({ defaults: false, files: [], ignore: [] }) }));
    expect(report.counts).toMatchObject({ added: 3, modified: 2, ignored: 0 });
  });

  it('writes an --accept file that makes the same comparison clean', () => {
    const before = tree(file('/etc/a'), file('/etc/gone'), dir('/etc', { mtime: { sec: 1, nsec: 0 } }));
    const after = tree(file('/etc/a', { mode: 0o600, digest: 'sha256:zz' }), file('/etc/new file*'), dir('/etc', { mtime: { sec: 2, nsec: 0 } }));
    const report = compareDrift(before, after, options());
    expect(report.drift).toBe(true);
    const text = acceptRulesText(report);
    expect(text).toContain('accept /etc/a type=file sha256=zz mode=0600 uid=0 gid=0\n');
    expect(text).toContain('accept /etc/gone absent\n');
    expect(text).toContain('accept "/etc/new file*" type=file sha256=aa mode=0644 uid=0 gid=0\n');
    const accepted = applyRulesText(defaultRules(), text, 'accept.rules');
    expect(compareDrift(before, after, options({ rules: accepted })).drift).toBe(false);
    // A further change of an accepted file is drift again.
    const later = new Map(after);
    later.set('/etc/a', file('/etc/a', { mode: 0o600, digest: 'sha256:zz', uid: 5 }));
    expect(compareDrift(before, later, options({ rules: accepted })).drift).toBe(true);
  });

  it('summarises aspects known on one side only', () => {
    const report = compareDrift(tree(file('/a', { nlink: 1 }), file('/b', { nlink: 1 })), tree(file('/a'), file('/b')), options());
    expect(report.unverifiable).toEqual([{ aspect: 'nlink', count: 2, examples: ['/a', '/b'] }]);
    expect(report.drift).toBe(false);
  });
});

describe('identity files', () => {
  const template = tree(
    file('/etc/machine-id', { digest: 'sha256:m1' }),
    file('/etc/ssh/ssh_host_ed25519_key', { digest: 'sha256:k1' }),
    file('/etc/ssh/ssh_host_rsa_key', { digest: 'sha256:r1' }),
    file('/etc/hostname', { digest: 'sha256:h1' }),
    file('/etc/hosts', { digest: 'sha256:x' }),
  );

  it('with --clone, identity files the clone still shares are hazards', () => {
    const clone = new Map(template);
    clone.set('/etc/ssh/ssh_host_rsa_key', file('/etc/ssh/ssh_host_rsa_key', { digest: 'sha256:r2' }));
    const report = compareDrift(template, clone, options({ clone: true }));
    expect(report.hazards.map((h) => [h.path, h.what, h.verified])).toEqual([
      ['/etc/hostname', 'host name', true],
      ['/etc/machine-id', 'systemd machine ID', true],
      ['/etc/ssh/ssh_host_ed25519_key', 'SSH host key', true],
    ]);
    expect(report.counts.hazards).toBe(3);
    // Regenerated identity is what a clone should have: not notable there.
    expect(report.changes.find((c) => c.path === '/etc/ssh/ssh_host_rsa_key')?.notable).toBeUndefined();
  });

  it('without --clone, a changed SSH host key or machine ID is notable', () => {
    const later = new Map(template);
    later.set('/etc/machine-id', file('/etc/machine-id', { digest: 'sha256:m2' }));
    later.set('/etc/ssh/ssh_host_ed25519_key', file('/etc/ssh/ssh_host_ed25519_key', { digest: 'sha256:k2' }));
    later.set('/etc/hostname', file('/etc/hostname', { digest: 'sha256:h2' }));
    const report = compareDrift(template, later, options());
    expect(report.hazards).toEqual([]);
    expect(report.changes.map((c) => [c.path, c.notable])).toEqual([
      ['/etc/hostname', undefined],
      ['/etc/machine-id', 'systemd machine ID changed'],
      ['/etc/ssh/ssh_host_ed25519_key', 'SSH host key changed'],
    ]);
  });

  it('finds clone hazards in manifests of a real cloned tree', async () => {
    const baseline = await walkDirectory(root);
    const clone = parseMtree(bsdtar(['-cf', '-', '--format=mtree', '--options=sha256', '-C', root, '.']), 'clone.mtree');
    const report = compareDrift(baseline, clone, options({ clone: true }));
    expect(report.hazards.map((h) => h.path)).toEqual(['/etc/machine-id', '/etc/ssh/ssh_host_ed25519_key']);
  });
});
