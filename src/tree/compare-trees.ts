import type { FileEntry, FileTree } from './file-entry.js';

/** The aspects in which two entries at the same path can differ. */
export const ASPECTS = ['type', 'content', 'size', 'mode', 'uid', 'gid', 'link', 'xattrs', 'mtime'] as const;
export type Aspect = (typeof ASPECTS)[number];

/**
 * One difference between two trees. "old" is always the first tree passed to `compareTrees`
 * (image A, the baseline), "new" the second (image B, the snapshot).
 */
export interface TreeChange {
  path: string;
  kind: 'added' | 'removed' | 'modified';
  /** Aspects that differ; empty for added and removed entries. */
  aspects: Aspect[];
  /** Aspects known on one side only, so they could not be compared. */
  unverifiable?: Aspect[];
  old?: FileEntry;
  new?: FileEntry;
}

/** What `compareTrees` looks at. */
export interface CompareOptions {
  /** Aspects that are not compared at all (for example `mtime` for the content verdict). */
  ignore?: ReadonlySet<Aspect>;
}

/** The result of comparing two trees. */
export interface TreeComparison {
  /** Differences, sorted by path. */
  changes: TreeChange[];
  /** Entries equal in every aspect both sides record, but with aspects only one side records. */
  unverifiable: { path: string; aspects: Aspect[] }[];
}

/**
 * Compares two trees entry by entry. Pure: it reads both trees and allocates only the result.
 */
export function compareTrees(oldTree: FileTree, newTree: FileTree, options: CompareOptions = {}): TreeComparison {
  const ignore = options.ignore ?? new Set<Aspect>();
  const changes: TreeChange[] = [];
  const unverifiableOnly: TreeComparison['unverifiable'] = [];
  for (const [path, oldEntry] of oldTree) {
    const newEntry = newTree.get(path);
    if (!newEntry) {
      changes.push({ path, kind: 'removed', aspects: [], old: oldEntry });
      continue;
    }
    const { aspects, unverifiable } = compareEntries(oldEntry, newEntry, ignore);
    if (aspects.length > 0) {
      const change: TreeChange = { path, kind: 'modified', aspects, old: oldEntry, new: newEntry };
      if (unverifiable.length > 0) change.unverifiable = unverifiable;
      changes.push(change);
    } else if (unverifiable.length > 0) {
      unverifiableOnly.push({ path, aspects: unverifiable });
    }
  }
  for (const [path, newEntry] of newTree) {
    if (!oldTree.has(path)) changes.push({ path, kind: 'added', aspects: [], new: newEntry });
  }
  changes.sort((a, b) => byPath(a.path, b.path));
  unverifiableOnly.sort((a, b) => byPath(a.path, b.path));
  return { changes, unverifiable: unverifiableOnly };
}

function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The aspects in which two entries differ, and those that only one side records. */
export function compareEntries(
  a: FileEntry,
  b: FileEntry,
  ignore: ReadonlySet<Aspect> = new Set(),
): { aspects: Aspect[]; unverifiable: Aspect[] } {
  const aspects: Aspect[] = [];
  const unverifiable: Aspect[] = [];
  const check = <T>(aspect: Aspect, x: T | undefined, y: T | undefined, equal: (p: T, q: T) => boolean = Object.is) => {
    if (ignore.has(aspect)) return;
    if (x === undefined && y === undefined) return;
    if (x === undefined || y === undefined) unverifiable.push(aspect);
    else if (!equal(x, y)) aspects.push(aspect);
  };
  check('type', a.type, b.type);
  check('content', a.digest, b.digest);
  check('size', a.size, b.size);
  check('mode', a.mode, b.mode);
  check('uid', a.uid, b.uid);
  check('gid', a.gid, b.gid);
  check('link', a.linkTarget, b.linkTarget);
  check('xattrs', a.xattrs, b.xattrs, xattrsEqual);
  check('mtime', a.mtime, b.mtime, (x, y) => x.sec === y.sec && x.nsec === y.nsec);
  if (a.type !== b.type) {
    // A changed type says it all: the content and size of a file and a directory are not comparable.
    const comparable = (x: Aspect) => x !== 'content' && x !== 'size';
    return { aspects: aspects.filter(comparable), unverifiable: unverifiable.filter(comparable) };
  }
  return { aspects, unverifiable };
}

function xattrsEqual(x: Record<string, string>, y: Record<string, string>): boolean {
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(y, k) && x[k] === y[k]);
}
