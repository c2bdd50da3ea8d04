import type { FileEntry } from '../tree/file-entry.js';

/**
 * Why a change matters to the security of a machine. Attribute classes (`setuid` … `world-writable`)
 * come from the snapshot's entry; the others from the path. Sources: Debian's stock AIDE
 * configuration (aide-common's `/etc/aide/aide.conf.d`: crontabs, cron directories, systemd units,
 * sudoers, PAM, `/etc/security`, the account databases, `/etc/ssh`, `ld.so.preload`, kernel modules
 * and `modprobe.d`) and the file-integrity and permission items of the CIS Debian and Ubuntu
 * benchmarks (setuid/setgid executables, world-writable files, sshd and sudo configuration,
 * authorized_keys).
 */
export const SECURITY_CLASSES = [
  'setuid',
  'setgid',
  'capabilities',
  'world-writable',
  'accounts',
  'sudoers',
  'pam',
  'sshd',
  'authorized-keys',
  'ld-preload',
  'cron',
  'systemd',
  'kernel-module',
] as const;
export type SecurityClass = (typeof SECURITY_CLASSES)[number];

/** A path class: the paths it covers as the docs list them, and the test for them. */
interface PathClass {
  cls: SecurityClass;
  /** The paths in glob form, for the docs and `--help` (the test below is what runs). */
  globs: readonly string[];
  test: (path: string) => boolean;
}

/** `path` is `dir` or lies below it. */
function under(path: string, dir: string): boolean {
  return path === dir || (path.startsWith(dir) && path.charCodeAt(dir.length) === 47);
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Kernel modules as files: `*.ko` and the compressed forms kmod loads (`.ko.xz`, `.ko.zst`, `.ko.gz`). */
const MODULE_NAME = /\.ko(?:\.(?:xz|zst|gz))?$/;
/** `/etc/crontab`, `/etc/cron.d`, `/etc/cron.daily`, `/etc/cron.allow`, …, and what lies below them. */
const ETC_CRON = /^\/etc\/cron[^/]*(?:\/|$)/;

/**
 * Security-relevant paths. A directory listed covers itself (its mode and owner matter: a
 * world-writable `/etc/sudoers.d` is as bad as a new file in it) and everything below it.
 */
export const SECURITY_PATHS: readonly PathClass[] = [
  { cls: 'accounts', globs: ['/etc/passwd', '/etc/shadow', '/etc/group', '/etc/gshadow'], test: (p) => p === '/etc/passwd' || p === '/etc/shadow' || p === '/etc/group' || p === '/etc/gshadow' },
  { cls: 'sudoers', globs: ['/etc/sudoers', '/etc/sudoers.d/**'], test: (p) => p === '/etc/sudoers' || under(p, '/etc/sudoers.d') },
  { cls: 'pam', globs: ['/etc/pam.conf', '/etc/pam.d/**', '/etc/security/**'], test: (p) => p === '/etc/pam.conf' || under(p, '/etc/pam.d') || under(p, '/etc/security') },
  { cls: 'sshd', globs: ['/etc/ssh/sshd_config', '/etc/ssh/sshd_config.d/**'], test: (p) => p === '/etc/ssh/sshd_config' || under(p, '/etc/ssh/sshd_config.d') },
  { cls: 'authorized-keys', globs: ['**/authorized_keys', '**/authorized_keys2'], test: (p) => nameOf(p) === 'authorized_keys' || nameOf(p) === 'authorized_keys2' },
  { cls: 'ld-preload', globs: ['/etc/ld.so.preload'], test: (p) => p === '/etc/ld.so.preload' },
  { cls: 'cron', globs: ['/etc/cron*', '/etc/cron*/**', '/var/spool/cron/**'], test: (p) => ETC_CRON.test(p) || under(p, '/var/spool/cron') },
  {
    cls: 'systemd',
    globs: ['/etc/systemd/**', '/lib/systemd/system/**', '/usr/lib/systemd/system/**'],
    test: (p) => under(p, '/etc/systemd') || under(p, '/lib/systemd/system') || under(p, '/usr/lib/systemd/system'),
  },
  {
    cls: 'kernel-module',
    globs: ['/lib/modules/**', '/usr/lib/modules/**', '**/*.ko', '**/*.ko.{xz,zst,gz}', '/etc/modules', '/etc/modules-load.d/**', '/etc/modprobe.d/**', '/lib/modprobe.d/**', '/usr/lib/modprobe.d/**'],
    test: (p) =>
      under(p, '/lib/modules') ||
      under(p, '/usr/lib/modules') ||
      MODULE_NAME.test(p) ||
      p === '/etc/modules' ||
      under(p, '/etc/modules-load.d') ||
      under(p, '/etc/modprobe.d') ||
      under(p, '/lib/modprobe.d') ||
      under(p, '/usr/lib/modprobe.d'),
  },
];

/** The path classes of a path, in SECURITY_PATHS order. */
export function pathClasses(path: string): SecurityClass[] {
  const out: SecurityClass[] = [];
  for (const c of SECURITY_PATHS) if (c.test(path)) out.push(c.cls);
  return out;
}

const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;
const S_IWOTH = 0o002;

/**
 * The attribute classes of an entry. Setuid and setgid count on regular files only: on a directory
 * setgid only passes the group on to new files (`/var/mail`, `/var/log/journal`), and setuid means
 * nothing on Linux. World-writable counts on regular files and on directories without the sticky
 * bit (CIS: "no world writable files"; sticky world-writable directories like `/tmp` and `/var/tmp`
 * are how they should be); symlinks are always 0777, and devices, sockets and FIFOs (`/dev/null`,
 * `/dev/log`) are world-writable by design. File capabilities are a non-empty
 * `security.capability` extended attribute.
 */
export function attributeClasses(entry: FileEntry): SecurityClass[] {
  const out: SecurityClass[] = [];
  const mode = entry.mode;
  const file = entry.type === 'file' || entry.type === 'hardlink';
  if (mode !== undefined) {
    if (file && (mode & S_ISUID) !== 0) out.push('setuid');
    if (file && (mode & S_ISGID) !== 0) out.push('setgid');
  }
  const capability = entry.xattrs?.['security.capability'];
  if (capability !== undefined && capability !== '') out.push('capabilities');
  if (mode !== undefined && (mode & S_IWOTH) !== 0 && (file || (entry.type === 'dir' && (mode & S_ISVTX) === 0))) out.push('world-writable');
  return out;
}

/**
 * The security classes of a change: those of its path, and for an added or modified entry those of
 * its attributes in the snapshot (a removed setuid file threatens nothing). Undefined when none.
 */
export function securityOf(path: string, kind: 'added' | 'removed' | 'modified', snapshotEntry: FileEntry | undefined): SecurityClass[] | undefined {
  const classes = kind !== 'removed' && snapshotEntry !== undefined ? attributeClasses(snapshotEntry) : [];
  for (const cls of pathClasses(path)) if (!classes.includes(cls)) classes.push(cls);
  return classes.length > 0 ? classes : undefined;
}
