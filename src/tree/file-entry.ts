/**
 * The one file-tree model that every source becomes: a layer of a saved image, the merged file
 * system of an image, and (later) mtree and JSON manifests or a directory on disk. Comparison
 * works on this model only, so it never needs to know where a tree came from.
 */

/** Kinds of file system entries, named as tar and mtree name them. */
export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo' | 'socket';

/** A point in time with nanosecond precision, kept as two numbers to avoid BigInt per entry. */
export interface Timestamp {
  /** Whole seconds since the Unix epoch. */
  sec: number;
  /** Nanoseconds past `sec`, 0 to 999,999,999. */
  nsec: number;
}

/**
 * One entry of a file tree. Fields other than `path` and `type` are optional because some
 * sources (manifests) may not record them; a field that is undefined is unknown, not empty.
 */
export interface FileEntry {
  /** Absolute, normalised path: `/` for the root, `/etc/passwd`, never a trailing slash. */
  path: string;
  type: EntryType;
  /** Permission bits including setuid, setgid and sticky (`0o7777` mask). */
  mode?: number;
  uid?: number;
  gid?: number;
  /** Content size in bytes (0 for anything but regular files). */
  size?: number;
  mtime?: Timestamp;
  /** Target of a symlink, or the absolute path a hard link points to. */
  linkTarget?: string;
  /** `sha256:<hex>` of the content of regular files (and of hard links, from their target). */
  digest?: string;
  /** Extended attributes by name; values as the source gives them (tar PAX: text). */
  xattrs?: Record<string, string>;
  /** Device numbers of char and block devices. */
  devMajor?: number;
  devMinor?: number;
}

/** A file tree: entries by their path. */
export type FileTree = Map<string, FileEntry>;

/**
 * Normalises a path from tar, mtree or a directory walk into the model's form. Returns null for
 * names that cannot be placed inside the tree (they climb above the root with `..`).
 */
export function normalisePath(raw: string): string | null {
  const parts: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return '/' + parts.join('/');
}

/** The parent directory of a normalised path (`/` for top-level entries and the root). */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}
