/**
 * The one file-tree model that every source becomes: a layer of a saved image, the merged file
 * system of an image, mtree and JSON manifests, and a directory on disk. Comparison
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
  /**
   * Extended attributes by name. Values are binary strings, one char per byte (Node's `'latin1'`:
   * `Buffer.from(value, 'latin1')` gives the bytes back), from every source, so binary values such
   * as `security.capability` and POSIX ACLs survive; `describeXattr` (xattr-text.ts) makes them
   * readable. Undefined when the source does not say; tar layers always say, so for them undefined
   * means none (see `CompareOptions.absentXattrsAreNone`).
   */
  xattrs?: Record<string, string>;
  /** Device numbers of char and block devices (compared as the aspect `device`). */
  devMajor?: number;
  devMinor?: number;
  /** Number of hard links (mtree `nlink`, `lstat`); a directory's count includes its subdirectories. */
  nlink?: number;
  /**
   * Digests of the content by algorithms other than SHA-256 (which stays in `digest`), as lower-case
   * hex (decimal for `cksum`). Manifests carry whichever their writer chose; content is compared by
   * the algorithms both sides have.
   */
  digests?: Partial<Record<ExtraDigest, string>>;
  /** Owner and group names as the source recorded them; informative only, `uid` and `gid` are compared. */
  uname?: string;
  gname?: string;
  /** File flags (BSD `chflags`, Linux file attributes) as mtree spells them: comma-separated, `none` for none. */
  flags?: string;
  /**
   * True when the source keeps whole seconds only (go-mtree's `tar_time`): mtimes are then compared
   * to the second, so a truncated time does not look like a change.
   */
  mtimeSecondsOnly?: boolean;
  /** How a manifest asks for this entry to be checked (mtree's behaviour keywords). */
  verify?: VerifyFlag[];
  /** Keywords of a manifest that the model has no field for, kept as written but never compared. */
  extraKeywords?: Record<string, string>;
}

/** Content digests other than SHA-256, named as mtree names them (without the `digest` suffix). */
export const EXTRA_DIGESTS = ['md5', 'sha1', 'sha384', 'sha512', 'rmd160', 'sha512256', 'cksum'] as const;
export type ExtraDigest = (typeof EXTRA_DIGESTS)[number];

/**
 * mtree's behaviour keywords: `ignore` skips everything below a directory, `optional` lets the
 * entry be missing, `nochange` checks only that it exists.
 */
export type VerifyFlag = 'ignore' | 'optional' | 'nochange';

/**
 * The xattrs of an entry whose attributes were read and that has none. One frozen object shared by
 * every such entry: a tree of a million entries allocates no object for them, and two entries that
 * both hold it are equal by identity (compare-trees' fast path checks `a.xattrs !== b.xattrs`).
 * An entry whose attributes could not be read has `xattrs` undefined: unknown, not empty. Frozen,
 * so code that would add a name to it throws instead of giving every entry that name.
 */
export const NO_XATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;

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
