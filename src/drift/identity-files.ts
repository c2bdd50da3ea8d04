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
