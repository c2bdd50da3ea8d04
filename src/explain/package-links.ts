/**
 * Links the changes of one layer to the packages whose version moved in it: the package files
 * themselves (dpkg's status, a lockfile, an installed package.json or METADATA), dpkg's per-package
 * files (`/var/lib/dpkg/info/<pkg>.*`), the files those lists name (`.list`, `.md5sums`, a
 * dist-info `RECORD`, when their content was read), and the files inside a moved package's own
 * directory (`node_modules/<name>/`, `<name>.dist-info/`). Other files stay unlinked.
 */
import type { PackageChange } from './evidence.js';
import { comparePackageFiles, packageFileKind } from './package-versions.js';

/** One change as the linker sees it: where it is, and both versions' text when they were read. */
export interface PackageItem {
  /** Index of the change (passed back as the key of the result). */
  index: number;
  layer: number;
  path: string;
  /** The text of A's and B's version, when the file was read. */
  text?: [string, string];
}

/** Why one change is put down to moved packages. */
export interface PackageLink {
  changes: PackageChange[];
  /** What links the file to them, in words. */
  note: string;
}

/** Whether the linker wants a file's text: package files, dpkg's lists of moved packages' files, dist-info records. */
export function wantsPackageText(path: string): boolean {
  return packageFileKind(path) !== undefined || /^\/var\/lib\/dpkg\/info\/[^/]+\.(?:list|md5sums)$/.test(path) || /\.dist-info\/RECORD$/.test(path);
}

const DPKG_INFO = /^\/var\/lib\/dpkg\/info\/([^/:]+)(?::[^/.]+)?\.([^/.]+)$/;

/** The links of every change that can be linked, by change index. */
export function linkPackages(items: readonly PackageItem[]): Map<number, PackageLink> {
  const links = new Map<number, PackageLink>();
  const byLayer = new Map<number, PackageItem[]>();
  for (const item of items) {
    const list = byLayer.get(item.layer);
    if (list) list.push(item);
    else byLayer.set(item.layer, [item]);
  }
  for (const layerItems of byLayer.values()) linkLayer(layerItems, links);
  return links;
}

function linkLayer(items: readonly PackageItem[], links: Map<number, PackageLink>): void {
  /** dpkg package name (architecture left out) → its change. */
  const dpkg = new Map<string, PackageChange>();
  /** Directory (with trailing slash) that belongs to one package → its change and the file that said so. */
  const dirs = new Map<string, { change: PackageChange; source: string }>();
  /** Exact path named by a file list → its change and the list. */
  const listed = new Map<string, { change: PackageChange; source: string }>();
  /** dist-info directory → its change and the site directory RECORD paths are relative to. */
  const distInfo = new Map<string, { change: PackageChange; site: string }>();

  for (const item of items) {
    if (!item.text) continue;
    const kind = packageFileKind(item.path);
    if (!kind) continue;
    const changes = comparePackageFiles(item.path, item.text[0], item.text[1]);
    if (changes.length === 0) continue;
    links.set(item.index, { changes, note: `versions read from ${item.path} in both images` });
    const dir = item.path.slice(0, item.path.lastIndexOf('/') + 1);
    for (const change of changes) {
      if (kind === 'dpkg-status') dpkg.set(change.name.replace(/:.*$/, ''), change);
      else if (kind === 'npm-lock') dirs.set(`${dir.replace(/node_modules\/$/, '')}node_modules/${change.name}/`, { change, source: item.path });
      else if (kind === 'npm-package') dirs.set(dir, { change, source: item.path });
      else if (kind === 'python-metadata') {
        dirs.set(dir, { change, source: item.path });
        distInfo.set(dir, { change, site: dir.slice(0, dir.slice(0, -1).lastIndexOf('/') + 1) });
      }
    }
  }

  // dpkg's own files of a moved package, and the files its lists name.
  for (const item of items) {
    const info = DPKG_INFO.exec(item.path);
    const change = info ? dpkg.get(info[1]!) : undefined;
    if (!info || !change) continue;
    if (!links.has(item.index)) links.set(item.index, { changes: [change], note: `dpkg's ${info[2]} file of ${change.name}, whose version moved in /var/lib/dpkg/status` });
    for (const text of item.text ?? []) {
      for (const path of listedPaths(info[2]!, text)) listed.set(path, { change, source: item.path });
    }
  }
  for (const item of items) {
    const record = /^(.*\.dist-info\/)RECORD$/.exec(item.path);
    const owner = record ? distInfo.get(record[1]!) : undefined;
    if (!owner) continue;
    for (const text of item.text ?? []) {
      for (const line of text.split('\n')) {
        const rel = line.split(',')[0]?.trim();
        if (rel && !rel.startsWith('/')) listed.set(normalise(owner.site + rel), { change: owner.change, source: item.path });
      }
    }
  }

  for (const item of items) {
    if (links.has(item.index)) continue;
    const exact = listed.get(item.path);
    if (exact) {
      links.set(item.index, { changes: [exact.change], note: `listed in ${exact.source} as a file of ${exact.change.name}` });
      continue;
    }
    for (let at = item.path.lastIndexOf('/'); at > 0; at = item.path.lastIndexOf('/', at - 1)) {
      const owner = dirs.get(item.path.slice(0, at + 1));
      if (owner) {
        links.set(item.index, { changes: [owner.change], note: `lies in the directory of ${owner.change.name} (versions from ${owner.source})` });
        break;
      }
    }
  }
}

/** Paths a dpkg `.list` (absolute paths) or `.md5sums` (`<md5>  <relative path>`) names. */
function listedPaths(ext: string, text: string): string[] {
  const paths: string[] = [];
  for (const line of text.split('\n')) {
    if (ext === 'list' && line.startsWith('/')) paths.push(line.trimEnd());
    else if (ext === 'md5sums') {
      const match = /^[0-9a-f]{32}\s+(.+)$/.exec(line.trimEnd());
      if (match) paths.push('/' + match[1]!.replace(/^\/+/, ''));
    }
  }
  return paths;
}

/** Resolves `..` segments (RECORD names scripts as `../../bin/x`). */
function normalise(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return '/' + out.join('/');
}
