import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/cli/cli-main.js';
import type { DriftReport } from '../../src/drift/drift-report.js';

// AIDE as the oracle of `manifest --dir` + `drift`: a copy of a debootstrapped Debian 12 tree gets
// the changes an intruder or an admin makes; AIDE, configured to check the attributes our
// manifests record, and drift must name the same paths and the same aspects. Needs root, aide,
// getfattr, setcap and debootstrap (scripts/test-tools.sh installs them); uses no Docker engine.

const REPO = join(import.meta.dirname, '../..');
let work: string;
let root: string;

/** AIDE's attribute names (its JSON report's `details`) in our aspects, mapped by hand. */
const AIDE_ASPECTS: Record<string, string> = {
  perm: 'mode',
  uid: 'uid',
  gid: 'gid',
  size: 'size',
  modify_time: 'mtime',
  link_count: 'nlink',
  sha256: 'content',
  // Capabilities and POSIX ACLs are extended attributes (security.capability,
  // system.posix_acl_access), which our manifests keep among the others.
  xattrs: 'xattrs',
  capabilities: 'xattrs',
  acl: 'xattrs',
  file_type: 'type',
  link_name: 'link',
};

/** AIDE's config: the attributes our manifests record (mode, owner, size, mtime, links, content, xattrs). */
function aideConfig(): string {
  return [
    `database_in=file:${work}/aide.db`,
    `database_out=file:${work}/aide.db.new`,
    'gzip_dbout=no',
    'report_format=json',
    'report_url=stdout',
    'Manifest = p+u+g+s+m+n+l+ftype+sha256+xattrs+caps+acl',
    `${root} Manifest`,
    '',
  ].join('\n');
}

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: work, env: {}, engine: () => { throw new Error('no engine here'); } };
}

async function manifest(name: string): Promise<void> {
  const run = io();
  expect(await runCli(['manifest', '--dir', root, '--output', name], run), run.err.join('')).toBe(0);
  expect(run.err.join('')).toBe('');
}

/** `path aspect` lines of AIDE's report, paths relative to the tree. */
function aideFindings(report: { added?: Record<string, string>; removed?: Record<string, string>; details?: Record<string, Record<string, unknown>> }): string[] {
  const lines: string[] = [];
  const rel = (abs: string) => (abs === root ? '/' : abs.slice(root.length));
  for (const abs of Object.keys(report.added ?? {})) lines.push(`${rel(abs)} added`);
  for (const abs of Object.keys(report.removed ?? {})) lines.push(`${rel(abs)} removed`);
  for (const [abs, attributes] of Object.entries(report.details ?? {})) {
    for (const name of Object.keys(attributes)) {
      const aspect = AIDE_ASPECTS[name];
      if (aspect === undefined) throw new Error(`AIDE attribute ${name} (at ${abs}) has no aspect of ours mapped to it`);
      // A directory's size is the file system's business (how it stores names); our model leaves it out.
      if (aspect === 'size' && isDirectory(abs)) continue;
      lines.push(`${rel(abs)} ${aspect}`);
    }
  }
  return [...new Set(lines)].sort();
}

function isDirectory(abs: string): boolean {
  return spawnSync('test', ['-d', abs]).status === 0;
}

beforeAll(() => {
  const base = execFileSync('bash', [join(REPO, 'scripts/debian-rootfs.sh')], { encoding: 'utf8' }).trim();
  work = mkdtempSync(join(tmpdir(), 'drift-aide-'));
  root = join(work, 'root');
  execFileSync('cp', ['-a', base, root]);
  // A host key to replace later (debootstrap's minimal system has no SSH server).
  mkdirSync(join(root, 'etc/ssh'), { recursive: true });
  writeFileSync(join(root, 'etc/ssh/ssh_host_ed25519_key'), 'OLD KEY\n', { mode: 0o600 });
  writeFileSync(join(work, 'aide.conf'), aideConfig());
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('drift of a Debian tree, checked against AIDE', () => {
  it('reports the same paths and aspects as aide --check', async () => {
    await manifest('baseline.json');
    execFileSync('aide', ['--init', '--config', join(work, 'aide.conf')], { stdio: 'ignore' });
    renameSync(join(work, 'aide.db.new'), join(work, 'aide.db'));

    // A package installed (its files added), simulated: no mirror is needed for the test.
    mkdirSync(join(root, 'usr/share/doc/netcat-tiny'), { recursive: true });
    writeFileSync(join(root, 'usr/share/doc/netcat-tiny/copyright'), 'Public domain\n');
    writeFileSync(join(root, 'usr/bin/nc.tiny'), '#!/bin/sh\nexec cat\n', { mode: 0o755 });
    // A new user with a password.
    appendFileSync(join(root, 'etc/passwd'), 'mallory:x:1001:1001::/home/mallory:/bin/bash\n');
    appendFileSync(join(root, 'etc/shadow'), 'mallory:$y$j9T$abc$def:20000:0:99999:7:::\n');
    // A setuid bit, a capability, an ACL.
    chmodSync(join(root, 'usr/bin/date'), 0o4755);
    execFileSync('setcap', ['cap_setuid+ep', join(root, 'usr/bin/tar')]);
    execFileSync('setfacl', ['-m', 'u:1001:r', join(root, 'etc/hostname')]);
    // A crontab file.
    mkdirSync(join(root, 'etc/cron.d'), { recursive: true });
    writeFileSync(join(root, 'etc/cron.d/backdoor'), '* * * * * root /usr/bin/nc.tiny\n');
    // A replaced host key: a new file moved over the old one.
    writeFileSync(join(root, 'etc/ssh/new_key'), 'NEW KEY\n', { mode: 0o600 });
    renameSync(join(root, 'etc/ssh/new_key'), join(root, 'etc/ssh/ssh_host_ed25519_key'));
    // An edited config whose mtime is put back.
    const config = join(root, 'etc/adduser.conf');
    writeFileSync(join(work, 'reference'), '');
    execFileSync('touch', ['-r', config, join(work, 'reference')]);
    writeFileSync(config, readFileSync(config, 'utf8').replace('DSHELL=/bin/bash', 'DSHELL=/bin/sh  '));
    execFileSync('touch', ['-r', join(work, 'reference'), config]);

    await manifest('snapshot.json');
    const aide = spawnSync('aide', ['--check', '--config', join(work, 'aide.conf')], { encoding: 'utf8', maxBuffer: 64 << 20 });
    // AIDE's exit status is a bit mask: 1 added, 2 removed, 4 changed; above 7 is an error.
    expect(aide.status, aide.stderr).toBeGreaterThan(0);
    expect(aide.status, aide.stderr).toBeLessThan(8);
    const expected = aideFindings(JSON.parse(aide.stdout));

    const drift = io();
    expect(await runCli(['drift', '--baseline', 'baseline.json', '--snapshot', 'snapshot.json', '--no-default-rules', '--report', 'report.json', '--quiet'], drift)).toBe(1);
    const report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8')) as DriftReport;
    const found = [...new Set(report.changes.flatMap((c) => (c.kind === 'modified' ? c.aspects.map((a) => `${c.path} ${a}`) : [`${c.path} ${c.kind}`])))].sort();

    expect(found).toEqual(expected);
    // Facts written by hand, so the two tools cannot agree on missing something.
    expect(expected).toEqual(
      expect.arrayContaining([
        '/etc/adduser.conf content',
        '/etc/cron.d/backdoor added',
        '/etc/hostname xattrs',
        '/etc/passwd content',
        '/etc/shadow content',
        '/etc/ssh/ssh_host_ed25519_key content',
        '/usr/bin/date mode',
        '/usr/bin/nc.tiny added',
        '/usr/bin/tar xattrs',
        '/usr/share/doc/netcat-tiny added',
        '/usr/share/doc/netcat-tiny/copyright added',
      ]),
    );
    expect(found).not.toContain('/etc/adduser.conf mtime');
    // Nothing that could be read is left unverifiable.
    expect(report.unverifiable).toEqual([]);
  });
});
