/**
 * Reads package databases and lockfiles (dpkg's status, npm's package-lock.json and installed
 * package.json files, Python's dist-info METADATA, Go's go.sum) and says which packages resolved
 * to another version between two versions of the same file.
 */
import type { PackageChange } from './evidence.js';

/** The kinds of package file read here. */
export type PackageFileKind = 'dpkg-status' | 'npm-lock' | 'npm-package' | 'python-metadata' | 'go-sum';

/** The kind of package file a path is, or undefined. */
export function packageFileKind(path: string): PackageFileKind | undefined {
  if (path === '/var/lib/dpkg/status') return 'dpkg-status';
  if (/\/(?:package-lock|npm-shrinkwrap)\.json$|\/node_modules\/\.package-lock\.json$/.test(path)) return 'npm-lock';
  if (/\/node_modules\/(?:@[^/]+\/)?[^/@.][^/]*\/package\.json$/.test(path)) return 'npm-package';
  if (/\.dist-info\/METADATA$/.test(path)) return 'python-metadata';
  if (/\/go\.sum$/.test(path)) return 'go-sum';
  return undefined;
}

/** Package name → version (a set of versions joined by `, ` for go.sum), or undefined when unreadable. */
export function readPackageVersions(kind: PackageFileKind, text: string): Map<string, string> | undefined {
  try {
    switch (kind) {
      case 'dpkg-status':
        return readDpkgStatus(text);
      case 'npm-lock':
        return readNpmLock(text);
      case 'npm-package': {
        const json = JSON.parse(text) as { name?: unknown; version?: unknown };
        return typeof json.name === 'string' && typeof json.version === 'string' ? new Map([[json.name, json.version]]) : undefined;
      }
      case 'python-metadata':
        return readMetadata(text);
      case 'go-sum':
        return readGoSum(text);
    }
  } catch {
    return undefined;
  }
}

/** The packages that differ between two versions of one package file; empty when none does or either is unreadable. */
export function comparePackageFiles(path: string, a: string, b: string): PackageChange[] {
  const kind = packageFileKind(path);
  if (!kind) return [];
  const va = readPackageVersions(kind, a);
  const vb = readPackageVersions(kind, b);
  if (!va || !vb) return [];
  const changes: PackageChange[] = [];
  for (const [name, version] of va) {
    const other = vb.get(name) ?? null;
    if (other === version) continue;
    // Plain versions name the move; when only the integrity moved (a re-published version), the full text shows it.
    const [pa, pb] = [plainVersion(version), plainVersion(other)];
    changes.push(pa !== pb ? { name, a: pa, b: pb, source: path } : { name, a: version, b: other, source: path });
  }
  for (const [name, version] of vb) if (!va.has(name)) changes.push({ name, a: null, b: plainVersion(version), source: path });
  return changes;
}

/** dpkg's status file: stanzas of `Field: value` lines separated by blank lines. `name:arch` for other architectures' copies. */
function readDpkgStatus(text: string): Map<string, string> {
  const versions = new Map<string, string>();
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'm').exec(stanza)?.[1]?.trim();
    const pkg = field('Package');
    const version = field('Version');
    if (!pkg || !version) continue;
    // Only installed packages count: a purged or half-removed one has no files to differ.
    const status = field('Status');
    if (status !== undefined && !/\binstalled$/.test(status)) continue;
    const key = versions.has(pkg) ? `${pkg}:${field('Architecture') ?? '?'}` : pkg;
    versions.set(key, version);
  }
  return versions;
}

/**
 * npm's lockfile: v2 and v3 list `packages` by install path (`node_modules/a/node_modules/b`),
 * v1 nests `dependencies`. The root package (key `""`) is left out. A package's version counts
 * with its resolved URL and integrity, so a re-published version shows as well.
 */
function readNpmLock(text: string): Map<string, string> | undefined {
  const json = JSON.parse(text) as { packages?: Record<string, LockEntry>; dependencies?: Record<string, LockEntry> };
  const versions = new Map<string, string>();
  if (json.packages && typeof json.packages === 'object') {
    for (const [key, entry] of Object.entries(json.packages)) {
      if (key === '' || typeof entry?.version !== 'string') continue;
      versions.set(key.replace(/^node_modules\//, ''), lockVersion(entry));
    }
    return versions;
  }
  if (json.dependencies && typeof json.dependencies === 'object') {
    const walk = (deps: Record<string, LockEntry>, prefix: string) => {
      for (const [name, entry] of Object.entries(deps)) {
        if (typeof entry?.version !== 'string') continue;
        versions.set(prefix + name, lockVersion(entry));
        if (entry.dependencies) walk(entry.dependencies, `${prefix}${name}/node_modules/`);
      }
    };
    walk(json.dependencies, '');
    return versions;
  }
  return undefined;
}

interface LockEntry {
  version?: string;
  integrity?: string;
  dependencies?: Record<string, LockEntry>;
}

/** A lock entry's version; when only the integrity differs, the version alone would hide it, so it is appended, shortened. */
function lockVersion(entry: LockEntry): string {
  return entry.integrity ? `${entry.version} (${entry.integrity.slice(0, 15)}…)` : entry.version!;
}

/** A dist-info METADATA file: RFC 822 headers `Name:` and `Version:` before the first blank line. */
function readMetadata(text: string): Map<string, string> | undefined {
  const head = text.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const name = /^Name:[ \t]*(.+)$/m.exec(head)?.[1]?.trim();
  const version = /^Version:[ \t]*(.+)$/m.exec(head)?.[1]?.trim();
  return name && version ? new Map([[name, version]]) : undefined;
}

/** go.sum: `module version[/go.mod] h1:hash` lines; each module's versions, sorted. */
function readGoSum(text: string): Map<string, string> {
  const byModule = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const [module, version] = line.trim().split(/\s+/);
    if (!module || !version) continue;
    const set = byModule.get(module) ?? new Set<string>();
    set.add(version.replace(/\/go\.mod$/, ''));
    byModule.set(module, set);
  }
  return new Map([...byModule].map(([module, set]) => [module, [...set].sort().join(', ')]));
}

/** The version part of a lock entry's text, without the integrity note (`1.3.1 (sha512-…)` → `1.3.1`). */
export function plainVersion(version: string | null): string | null {
  return version === null ? null : version.replace(/ \(.*\)$/, '');
}
