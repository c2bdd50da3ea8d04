import { Minimatch } from 'minimatch';
import { compareContent } from '../tree/content-digests.js';
import type { FileTree } from '../tree/file-entry.js';

/**
 * Files that make a machine itself, which clones of one template must not share (virt-sysprep
 * resets most of them; it keeps the host name by default). Source: the drift section of the
 * field notes. `notable`: a change of it on the same machine deserves a look (a new SSH host key
 * is what a man-in-the-middle looks like to clients; a new machine ID breaks journald and DHCP
 * leases).
 */
export const IDENTITY_FILES: readonly { glob: string; what: string; notable?: boolean }[] = [
  { glob: '/etc/machine-id', what: 'systemd machine ID', notable: true },
  { glob: '/var/lib/dbus/machine-id', what: 'D-Bus machine ID', notable: true },
  { glob: '/etc/ssh/ssh_host_*', what: 'SSH host key', notable: true },
  { glob: '/etc/hostname', what: 'host name' },
  { glob: '/var/lib/systemd/random-seed', what: 'random seed' },
  { glob: '/var/lib/urandom/random-seed', what: 'random seed' },
  { glob: '/var/lib/random-seed', what: 'random seed' },
  { glob: '/var/lib/cloud/data/instance-id', what: 'cloud-init instance ID' },
  { glob: '/var/lib/cloud/instances/*/obj.pkl', what: 'cloud-init instance data' },
  { glob: '/etc/udev/rules.d/70-persistent-net.rules', what: 'persistent network names (MAC addresses)' },
  { glob: '/etc/NetworkManager/system-connections/*', what: 'NetworkManager connection (MAC address, UUID)' },
];

/**
 * Files that commonly carry the host name, which a clone renamed in /etc/hostname must change too
 * (Debian's installer and debconf write it into the hosts file, the mail name, Exim's and Postfix's
 * configuration; Salt keeps it as the minion ID; cloud-init records the name it set).
 */
export const HOSTNAME_FILES: readonly { path: string; what: string }[] = [
  { path: '/etc/hosts', what: 'hosts file' },
  { path: '/etc/mailname', what: 'mail name' },
  { path: '/etc/exim4/update-exim4.conf.conf', what: 'Exim configuration' },
  { path: '/etc/postfix/main.cf', what: 'Postfix configuration' },
  { path: '/etc/salt/minion_id', what: 'Salt minion ID' },
  { path: '/var/lib/cloud/data/set-hostname', what: 'cloud-init host name' },
  { path: '/var/lib/cloud/data/previous-hostname', what: 'cloud-init previous host name' },
];

const HOSTNAME_FILE = new Map(HOSTNAME_FILES.map((f) => [f.path, f.what]));

/** Whether a clone check must see `path` on both sides (an identity file or one carrying the host name). */
export function cloneKeeps(path: string): boolean {
  return HOSTNAME_FILE.has(path) || identityOf(path) !== undefined;
}

/** A file a clone shares with its template although it must be its own. */
export interface Hazard {
  path: string;
  /** What the file is (`SSH host key`). */
  what: string;
  /** Why it is a hazard, in a sentence. */
  message: string;
  /** True when digests prove the content equal; false when no common digest could tell. */
  verified: boolean;
}

const matchers = IDENTITY_FILES.map((identity) => ({
  ...identity,
  matcher: new Minimatch(identity.glob, { dot: true }),
  prefix: identity.glob.slice(0, identity.glob.lastIndexOf('/', identity.glob.search(/[*?[]|$/)) + 1),
}));

/** What identity file a path is, if any. */
export function identityOf(path: string): { what: string; notable: boolean } | undefined {
  for (const m of matchers) {
    if (path.startsWith(m.prefix) && m.matcher.match(path)) return { what: m.what, notable: m.notable === true };
  }
  return undefined;
}

/**
 * Identity files that the snapshot (a clone) has unchanged from the baseline (its template).
 * Entries whose content cannot be compared are listed unverified, so the doubt stays visible.
 */
export function cloneHazards(baseline: FileTree, snapshot: FileTree): Hazard[] {
  const hazards: Hazard[] = [];
  for (const [path, entry] of snapshot) {
    if (entry.type !== 'file') continue;
    const identity = identityOf(path);
    if (!identity) continue;
    const base = baseline.get(path);
    if (!base || base.type !== 'file') continue;
    const verdict = compareContent(base, entry);
    if (verdict === 'different') continue;
    const verified = verdict === 'same';
    hazards.push({
      path,
      what: identity.what,
      verified,
      message: verified
        ? `${identity.what} is identical to the baseline's: clones of one machine must each have their own`
        : `${identity.what} could not be compared (no digest in common); if it is the baseline's, clones collide`,
    });
  }
  return hazards.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The host names of both sides and the text of the snapshot's host-name files, when the trees
 * are directories that could be read (manifests carry digests only).
 */
export interface HostnameTexts {
  baseline?: string;
  snapshot?: string;
  /** The snapshot's HOSTNAME_FILES that exist as regular files, by path. */
  files: ReadonlyMap<string, string>;
}

/** The name in an /etc/hostname text: its first word, in lower case (host names ignore case). */
export function hostnameIn(text: string): string | undefined {
  const word = text.trim().split(/\s+/)[0];
  return word ? word.toLowerCase() : undefined;
}

/** Whether `text` holds `name` as a host name or its first label (`tmpl`, `tmpl.example.org`). */
function names(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9-])${escaped}($|[^A-Za-z0-9-])`, 'i').test(text);
}

/**
 * Files of a clone that still carry its template's host name after /etc/hostname changed. With
 * `texts` (directories), each file is searched for the template's name; with manifests, a file
 * unchanged from the template is the hazard (verified when digests prove it unchanged).
 * `changed` is undefined when this tree does not hold /etc/hostname on both sides.
 */
export function hostnameHazards(baseline: FileTree, snapshot: FileTree, texts?: HostnameTexts): { changed: boolean | undefined; hazards: Hazard[] } {
  const hazards: Hazard[] = [];
  if (texts !== undefined) {
    const old = texts.baseline === undefined ? undefined : hostnameIn(texts.baseline);
    const now = texts.snapshot === undefined ? undefined : hostnameIn(texts.snapshot);
    if (old === undefined || now === undefined) return { changed: undefined, hazards };
    if (old === now) return { changed: false, hazards };
    for (const [path, text] of [...texts.files].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (!names(text, old)) continue;
      const what = HOSTNAME_FILE.get(path) ?? 'host-name file';
      hazards.push({ path, what, verified: true, message: `${what} still names the template's host name "${old}" (this clone is "${now}")` });
    }
    return { changed: true, hazards };
  }
  const base = baseline.get('/etc/hostname');
  const snap = snapshot.get('/etc/hostname');
  const verdict = base?.type === 'file' && snap?.type === 'file' ? compareContent(base, snap) : undefined;
  const changed = verdict === 'different' ? true : verdict === 'same' ? false : undefined;
  for (const { path, what } of HOSTNAME_FILES) {
    const entry = snapshot.get(path);
    const old = baseline.get(path);
    if (entry?.type !== 'file' || old?.type !== 'file') continue;
    const content = compareContent(old, entry);
    if (content === 'different') continue;
    const verified = content === 'same';
    hazards.push({
      path,
      what,
      verified,
      message: verified
        ? `${what} is unchanged from the template although /etc/hostname changed: it most likely still names the template`
        : `${what} could not be compared (no digest in common); if it is the template's, it still names the template`,
    });
  }
  return { changed, hazards };
}
