import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { compareDrift } from '../../src/drift/drift-compare.js';
import { renderDriftText } from '../../src/drift/drift-text.js';
import { buildRules, defaultRules } from '../../src/drift/rule-set.js';
import { attributeClasses, pathClasses, type SecurityClass } from '../../src/drift/security-classes.js';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';

const file = (path: string, extra: Partial<FileEntry> = {}): FileEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: 3, digest: 'sha256:aa', mtime: { sec: 1, nsec: 0 }, ...extra });
const dir = (path: string, extra: Partial<FileEntry> = {}): FileEntry => ({ path, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: { sec: 1, nsec: 0 }, ...extra });
const tree = (...entries: FileEntry[]): FileTree => new Map(entries.map((e) => [e.path, e]));
const options = (rules = defaultRules()) => ({ rules, clone: false, baselineName: 'base', snapshotName: 'snap' });
/** A file capability as the kernel stores it (VFS_CAP_REVISION_2, cap_net_raw+ep), one character per byte. */
const CAPABILITY = Buffer.from('0000000201200000000000000000000000000000', 'hex').toString('latin1');

describe('security classes of paths', () => {
  test.each<[string, SecurityClass[]]>([
    ['/etc/passwd', ['accounts']],
    ['/etc/gshadow', ['accounts']],
    ['/etc/passwd-', []],
    ['/etc/sudoers', ['sudoers']],
    ['/etc/sudoers.d', ['sudoers']],
    ['/etc/sudoers.d/90-cloud-init-users', ['sudoers']],
    ['/etc/sudoersx', []],
    ['/etc/pam.d/common-auth', ['pam']],
    ['/etc/security/limits.conf', ['pam']],
    ['/etc/ssh/sshd_config', ['sshd']],
    ['/etc/ssh/sshd_config.d/50-cloud-init.conf', ['sshd']],
    ['/etc/ssh/ssh_config', []],
    ['/root/.ssh/authorized_keys', ['authorized-keys']],
    ['/home/ann/.ssh/authorized_keys2', ['authorized-keys']],
    ['/etc/ld.so.preload', ['ld-preload']],
    ['/etc/ld.so.cache', []],
    ['/etc/crontab', ['cron']],
    ['/etc/cron.d/e2scrub_all', ['cron']],
    ['/etc/cron.daily/apt-compat', ['cron']],
    ['/var/spool/cron/crontabs/root', ['cron']],
    ['/var/spool/cron/atjobs/a0001', ['cron']],
    ['/var/spool/postfix/maildrop/x', []],
    ['/etc/systemd/system/evil.service', ['systemd']],
    ['/etc/systemd/system/timers.target.wants/evil.timer', ['systemd']],
    ['/usr/lib/systemd/system/ssh.service', ['systemd']],
    ['/lib/systemd/system/cron.service', ['systemd']],
    ['/usr/lib/systemd/user/x.service', []],
    ['/lib/modules/6.1.0-18-amd64/kernel/fs/ext4/ext4.ko', ['kernel-module']],
    ['/usr/lib/modules/6.1.0-18-amd64/modules.dep', ['kernel-module']],
    ['/opt/driver/rootkit.ko', ['kernel-module']],
    ['/opt/driver/rootkit.ko.xz', ['kernel-module']],
    ['/opt/driver/notes.kode', []],
    ['/etc/modules', ['kernel-module']],
    ['/etc/modprobe.d/blacklist.conf', ['kernel-module']],
    ['/etc/hostname', []],
  ])('%s', (path, classes) => {
    expect(pathClasses(path)).toEqual(classes);
  });
});

describe('security classes of attributes', () => {
  test.each<[string, FileEntry, SecurityClass[]]>([
    ['a setuid root file', file('/x', { mode: 0o4755 }), ['setuid']],
    ['a setgid file', file('/x', { mode: 0o2755 }), ['setgid']],
    ['both', file('/x', { mode: 0o6755 }), ['setuid', 'setgid']],
    ['a setgid directory (group inheritance, /var/mail)', dir('/x', { mode: 0o2775 }), []],
    ['file capabilities', file('/x', { xattrs: { 'security.capability': CAPABILITY } }), ['capabilities']],
    ['an empty security.capability', file('/x', { xattrs: { 'security.capability': '' } }), []],
    ['other xattrs', file('/x', { xattrs: { 'user.note': 'x' } }), []],
    ['a world-writable file', file('/x', { mode: 0o666 }), ['world-writable']],
    ['a world-writable directory without the sticky bit', dir('/x', { mode: 0o777 }), ['world-writable']],
    ['a sticky world-writable directory (/tmp)', dir('/x', { mode: 0o1777 }), []],
    ['a symlink (always 0777)', { path: '/x', type: 'symlink', mode: 0o777, linkTarget: '/y' }, []],
    ['/dev/null (a device, 0666 by design)', { path: '/x', type: 'char', mode: 0o666 }, []],
    ['a group-writable file', file('/x', { mode: 0o664 }), []],
    ['a mode nobody recorded', file('/x', { mode: undefined }), []],
  ])('%s', (_name, entry, classes) => {
    expect(attributeClasses(entry)).toEqual(classes);
  });
});

/** A path the glob of a default rule matches, with `names` filling its wildcards. */
function pathFor(glob: string, names: string[]): string {
  let n = 0;
  const name = () => names[n++ % names.length]!;
  return glob
    .replace(/^\*\*\//, () => `/${name()}/`)
    .replace(/\/\*\*$/, () => `/${name()}/${name()}`)
    .replace(/\*/g, () => name());
}

const ATTRIBUTES: { cls: SecurityClass; entry: (path: string) => FileEntry }[] = [
  { cls: 'setuid', entry: (path) => file(path, { mode: 0o4755, digest: 'sha256:cc' }) },
  { cls: 'setgid', entry: (path) => file(path, { mode: 0o2755, digest: 'sha256:cc' }) },
  { cls: 'capabilities', entry: (path) => file(path, { xattrs: { 'security.capability': CAPABILITY }, digest: 'sha256:cc' }) },
  { cls: 'world-writable', entry: (path) => file(path, { mode: 0o666, digest: 'sha256:cc' }) },
  { cls: 'world-writable', entry: (path) => dir(path, { mode: 0o777, mtime: { sec: 9, nsec: 0 } }) },
];

describe('the default rules hide no security-relevant change', () => {
  const defaults = defaultRules();

  it('under every default rule, an entry with each security attribute, added or changed, is drift', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9._-]{0,7}$/).filter((s) => s !== '.' && s !== '..');
    fc.assert(
      fc.property(
        fc.constantFrom(...defaults),
        fc.array(name, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...ATTRIBUTES),
        fc.constantFrom('added', 'became', 'changed'),
        fc.boolean(),
        (rule, names, attribute, how, below) => {
          // Rules without WHAT cover a directory's subtree too: try paths below them as well.
          let path = pathFor(rule.glob, names);
          if (below && rule.kinds === undefined && rule.aspects === undefined) path += `/${names[0]}`;
          const now = attribute.entry(path);
          // `changed`: it had the attribute already and its content (or a directory's mode) changed now.
          const before = how === 'added' ? undefined : how === 'became' ? (now.type === 'dir' ? dir(path) : file(path)) : now.type === 'dir' ? dir(path, { mode: 0o757 }) : { ...now, digest: 'sha256:00' };
          const report = compareDrift(tree(...(before ? [before] : [])), tree(now), options(defaults));
          const change = report.changes.find((c) => c.path === path);
          expect(change, path).toBeDefined();
          expect(change!.ignored, `${path} ${rule.glob}`).toBeUndefined();
          expect(change!.security).toContain(attribute.cls);
          expect(report.drift).toBe(true);
          expect(report.counts.security).toBe(1);
        },
      ),
      { numRuns: 500 },
    );
  });

  test.each([
    ['a new root crontab running curl | sh', undefined, file('/var/spool/cron/crontabs/root', { mode: 0o600 }), 'cron'],
    ["an edited user's crontab", file('/var/spool/cron/crontabs/ann', { mode: 0o600 }), file('/var/spool/cron/crontabs/ann', { mode: 0o600, digest: 'sha256:ee', size: 90 }), 'cron'],
    ['a new setuid shell in /var/tmp', undefined, file('/var/tmp/.x/sh', { mode: 0o4755 }), 'setuid'],
    ['a new setuid shell in /var/cache', undefined, file('/var/cache/apt/sh', { mode: 0o4755 }), 'setuid'],
    ['a new world-writable directory in /var/log', undefined, dir('/var/log/drop', { mode: 0o777 }), 'world-writable'],
  ])('%s', (_name, before, after, cls) => {
    const report = compareDrift(tree(dir('/'), ...(before ? [before] : [])), tree(dir('/'), after), options());
    const change = report.changes.find((c) => c.path === after.path)!;
    expect(change.ignored).toBeUndefined();
    expect(change.ignoredAspects).toBeUndefined();
    expect(change.security).toEqual([cls]);
    expect(report.drift).toBe(true);
  });

  it('still lets the defaults hide what is no threat: plain logs and caches, a security directory’s time', () => {
    const before = tree(file('/var/log/syslog'), file('/var/cache/apt/pkgcache.bin'), dir('/etc/systemd/system'));
    const after = tree(file('/var/log/syslog', { digest: 'sha256:bb', size: 9 }), file('/var/cache/apt/pkgcache.bin', { digest: 'sha256:bb' }), dir('/etc/systemd/system', { mtime: { sec: 5, nsec: 0 } }), file('/var/log/new.log'));
    const report = compareDrift(before, after, options());
    expect(report.drift).toBe(false);
    expect(report.changes.find((c) => c.path === '/etc/systemd/system')).toMatchObject({ security: ['systemd'], ignored: { rule: 'default: ignore /** mtime nlink type=dir' } });
    // The defaults may hide a directory's time: not a suppression by the user's rules.
    expect(report.counts.securityIgnored).toBe(0);
    expect(renderDriftText(report)).not.toContain('your rules suppress');
  });
});

describe("the user's own rules may suppress security-relevant changes, and the report says so", () => {
  it('--ignore hides a setuid file, listed apart in the text', () => {
    const rules = buildRules({ defaults: true, files: [], ignore: ['/opt/**'] });
    const report = compareDrift(tree(dir('/')), tree(dir('/'), file('/opt/app/helper', { mode: 0o4755 })), options(rules));
    expect(report.drift).toBe(false);
    expect(report.counts).toMatchObject({ security: 0, securityIgnored: 1, ignored: 1 });
    const text = renderDriftText(report);
    expect(text).toContain('Security-relevant changes that your rules suppress or accept (1; default rules never do):');
    expect(text).toContain('  + /opt/app/helper  [security: setuid]  (by --ignore: ignore /opt/**)');
  });

  it('a rules file can drop a default and still not hide a crontab by it', () => {
    // Dropping `/var/spool/**` and writing it again under the user's name makes it the user's rule.
    const rules = buildRules({ defaults: true, files: [{ name: 'site.rules', text: 'drop /var/spool/**\nignore /var/spool/** added\n' }], ignore: [] });
    const report = compareDrift(tree(), tree(file('/var/spool/cron/crontabs/root')), options(rules));
    expect(report.changes[0]).toMatchObject({ security: ['cron'], ignored: { rule: 'site.rules:2: ignore /var/spool/** added' } });
  });
});
