import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { driftShare, shareJob, type DriftRuleSettings } from '../../src/check/drift-share.js';
import { mergeDriftReports } from '../../src/drift/drift-merge.js';
import { writeJsonManifest } from '../../src/manifest/json-manifest-writer.js';
import { writeMtree } from '../../src/manifest/mtree-writer.js';
import { inShare, splitShares, WHOLE } from '../../src/manifest/path-share.js';
import type { FileEntry } from '../../src/tree/file-entry.js';

const dir = mkdtempSync(join(tmpdir(), 'drift-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (path: string, extra: Partial<FileEntry> = {}): FileEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 3, digest: 'sha256:' + 'a'.repeat(64), mtime: { sec: 1, nsec: 0 }, ...extra });
const dir_ = (path: string, extra: Partial<FileEntry> = {}): FileEntry => ({ path, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: { sec: 1, nsec: 0 }, ...extra });

const NAME_FILES = ['/etc/hosts', '/etc/mailname', '/etc/postfix/main.cf', '/etc/salt/minion_id'];

/**
 * A baseline and a snapshot with something of every kind a drift report holds, spread over
 * enough paths that every share gets some: modified, added and removed files, changes under the
 * default rules, digests known on one side only (more than the five examples a summary keeps),
 * identity files shared by a clone, and a directory marked `ignore` whose children fall in other
 * shares than its own.
 */
function pair(): { baseline: FileEntry[]; snapshot: FileEntry[] } {
  const baseline: FileEntry[] = [dir_('/'), dir_('/etc'), dir_('/srv'), dir_('/var'), dir_('/var/log'), dir_('/srv/cache', { verify: ['ignore'] })];
  const snapshot: FileEntry[] = [dir_('/'), dir_('/etc'), dir_('/srv'), dir_('/var'), dir_('/var/log'), dir_('/srv/cache')];
  for (let i = 0; i < 60; i++) {
    baseline.push(file(`/srv/f${i}`));
    if (i % 7 === 0) continue;
    snapshot.push(file(`/srv/f${i}`, i % 5 === 0 ? { mode: 0o600 } : i % 3 === 0 ? { digest: 'sha256:' + 'b'.repeat(64) } : {}));
    if (i % 4 === 0) snapshot.push(file(`/srv/new${i}`));
    baseline.push(file(`/srv/cache/c${i}`, { size: i }));
    snapshot.push(file(`/srv/cache/c${i}`, { size: i + 1 }));
    baseline.push(file(`/var/log/l${i}`, { size: i }));
    snapshot.push(file(`/var/log/l${i}`, { size: i + 2 }));
    // Known on one side only: the baseline has no digest, the snapshot has one.
    baseline.push(file(`/srv/u${i}`, { digest: undefined }));
    snapshot.push(file(`/srv/u${i}`));
  }
  for (const path of ['/etc/machine-id', '/etc/ssh/ssh_host_ed25519_key', '/etc/ssh/ssh_host_rsa_key', ...NAME_FILES]) {
    baseline.push(file(path));
    snapshot.push(file(path));
  }
  // A clone renamed in /etc/hostname only: the files above that carry the name are hazards, which
  // only the share holding /etc/hostname can tell the others.
  baseline.push(file('/etc/hostname', { digest: 'sha256:' + 'c'.repeat(64) }));
  snapshot.push(file('/etc/hostname', { digest: 'sha256:' + 'd'.repeat(64) }));
  // Security-relevant changes under default rules.
  snapshot.push(file('/var/cache/apt/sh', { mode: 0o4755 }), file('/var/spool/cron/crontabs/root', { mode: 0o600 }));
  return { baseline, snapshot };
}

async function write(name: string, entries: FileEntry[], format: 'mtree' | 'json'): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await (format === 'mtree' ? writeMtree : writeJsonManifest)(entries, out);
  const path = join(dir, `${name}.${format}`);
  writeFileSync(path, Buffer.concat(chunks));
  return path;
}

describe('drift compared in shares of the paths', () => {
  for (const format of ['mtree', 'json'] as const) {
    for (const clone of [false, true]) {
      it(`gives the report of the whole comparison (${format}${clone ? ', clone' : ''})`, async () => {
        const { baseline, snapshot } = pair();
        const files = { baseline: { path: await write('base', baseline, format), name: 'base' }, snapshot: { path: await write('snap', snapshot, format), name: 'snap' } };
        const settings: DriftRuleSettings = { ignore: ['/srv/new4'], rules: [], defaultRules: true, clone };
        const whole = await driftShare(shareJob(files.baseline, files.snapshot, settings, WHOLE));
        // The comparison has every part the merge joins, so this test sees each of them.
        expect(whole.counts).toMatchObject({ added: expect.any(Number), removed: expect.any(Number), modified: expect.any(Number) });
        expect(whole.counts.ignored).toBeGreaterThan(100);
        expect(whole.changes.some((change) => change.ignored?.rule === 'baseline keyword ignore')).toBe(true);
        expect(whole.unverifiable[0]!.count).toBeGreaterThan(5);
        if (clone) expect(whole.hazards.map((h) => h.path).sort()).toEqual(['/etc/machine-id', '/etc/ssh/ssh_host_ed25519_key', '/etc/ssh/ssh_host_rsa_key', ...NAME_FILES].sort());
        expect(whole.counts.security).toBe(2);
        for (const count of [2, 3]) {
          const shares = splitShares(Array.from({ length: count }, (_, i) => i + 1));
          // Some host-name file lies in another share than /etc/hostname.
          const home = (path: string) => shares.findIndex((share) => inShare(share, path));
          expect(NAME_FILES.some((path) => home(path) !== home('/etc/hostname'))).toBe(true);
          const parts = await Promise.all(shares.map((share) => driftShare(shareJob(files.baseline, files.snapshot, settings, share))));
          // Each share has some of the changes, and none has them all.
          for (const part of parts) expect(part.changes.length).toBeLessThan(whole.changes.length);
          expect(mergeDriftReports(parts)).toEqual(whole);
        }
      });
    }
  }

  it('finds drift when only a later share has some', async () => {
    const settings: DriftRuleSettings = { ignore: [], rules: [], defaultRules: false, clone: false };
    const base = [dir_('/'), ...Array.from({ length: 20 }, (_, i) => file(`/f${i}`))];
    const snap = base.map((entry) => (entry.path === '/f7' ? { ...entry, mode: 0o600 } : entry));
    const files = [await write('db', base, 'mtree'), await write('ds', snap, 'mtree')];
    const parts = await Promise.all(splitShares([1, 1]).map((share) => driftShare(shareJob({ path: files[0]!, name: 'b' }, { path: files[1]!, name: 's' }, settings, share))));
    const drifting = parts.findIndex((part) => part.drift);
    expect(parts.filter((part) => part.drift)).toHaveLength(1);
    expect(mergeDriftReports(drifting === 1 ? parts : [...parts].reverse()).drift).toBe(true);
  });

  it('returns a single report as it is', async () => {
    const { baseline, snapshot } = pair();
    const job = shareJob({ path: await write('b1', baseline, 'mtree'), name: 'b' }, { path: await write('s1', snapshot, 'mtree'), name: 's' }, { ignore: [], rules: [], defaultRules: false, clone: false }, WHOLE);
    const report = await driftShare(job);
    expect(mergeDriftReports([report])).toBe(report);
  });
});
