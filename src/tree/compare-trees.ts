import { compareContent } from './content-digests.js';
import { NO_XATTRS, type FileEntry, type FileTree } from './file-entry.js';
import { InStepLookup } from './in-step-lookup.js';
import { markIgnored, uncoveredAspects, verifyRules, type IgnoreRule } from './ignore-rules.js';
import type { Aspect, TreeChange } from './tree-change.js';

export { ASPECTS, type Aspect, type TreeChange } from './tree-change.js';

/** What `compareTrees` looks at. */
export interface CompareOptions {
  /** Aspects that are not compared at all (for example `mtime` for the content verdict). */
  ignore?: ReadonlySet<Aspect>;
  /**
   * Rules that suppress changes by path (drift's defaults, `--ignore`, rules files). Matching
   * changes stay in `changes`, marked `ignored`; unverifiable aspects they cover are left out.
   * The old tree's mtree behaviour keywords (`ignore`, `optional`, `nochange`) are applied too.
   */
  rules?: readonly IgnoreRule[];
  /**
   * Old entries with behaviour keywords that are not in `oldTree`: when a manifest is compared in
   * shares of its paths (see src/manifest/path-share.ts), those of the other shares.
   */
  verifyElsewhere?: readonly FileEntry[];
  /**
   * Both trees come from sources that always state an entry's extended attributes (tar layers: a
   * PAX header lists them all, and no `SCHILY.xattr.*` record means none), so an entry without
   * `xattrs` has none, and attributes on one side only are an `xattrs` difference. Otherwise
   * (manifests, which may leave them out) that is unverifiable.
   */
  absentXattrsAreNone?: boolean;
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
  const ignore = options.ignore ?? NOTHING;
  const absentXattrs = options.absentXattrsAreNone === true ? NO_XATTRS : undefined;
  const changes: TreeChange[] = [];
  const unverifiableOnly: TreeComparison['unverifiable'] = [];
  const withVerify: FileEntry[] = [];
  const lookup = new InStepLookup(oldTree, newTree);
  // forEach rather than for-of: no entry array per element, which counts at a million entries.
  oldTree.forEach((oldEntry, path) => {
    if (oldEntry.verify !== undefined) withVerify.push(oldEntry);
    const newEntry = lookup.get(path);
    if (!newEntry) {
      changes.push({ path, kind: 'removed', aspects: [], old: oldEntry });
      return;
    }
    // Most entries of two snapshots are equal: tell those apart without allocating anything.
    if (ignore.size === 0 && sameEntry(oldEntry, newEntry)) return;
    const { aspects, unverifiable } = compareEntries(oldEntry, newEntry, ignore, absentXattrs);
    if (aspects.length > 0) {
      const change: TreeChange = { path, kind: 'modified', aspects, old: oldEntry, new: newEntry };
      if (unverifiable.length > 0) change.unverifiable = unverifiable;
      changes.push(change);
    } else if (unverifiable.length > 0) {
      unverifiableOnly.push({ path, aspects: unverifiable });
    }
  });
  lookup.eachAdded((newEntry, path) => changes.push({ path, kind: 'added', aspects: [], new: newEntry }));
  changes.sort((a, b) => byPath(a.path, b.path));
  unverifiableOnly.sort((a, b) => byPath(a.path, b.path));
  if (options.verifyElsewhere) withVerify.push(...options.verifyElsewhere);
  const rules = [...verifyRules(withVerify), ...(options.rules ?? [])];
  if (rules.length === 0) return { changes, unverifiable: unverifiableOnly };
  for (const change of changes) markIgnored(change, rules);
  const unverifiable: TreeComparison['unverifiable'] = [];
  for (const item of unverifiableOnly) {
    const aspects = uncoveredAspects(item.aspects, rules, item.path, oldTree.get(item.path), newTree.get(item.path));
    if (aspects.length > 0) unverifiable.push({ path: item.path, aspects });
  }
  return { changes, unverifiable };
}

function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The aspects in which two entries differ, and those that only one side records. `absentXattrs`
 * stands for the attributes of an entry without `xattrs`: undefined (unknown) by default,
 * `NO_XATTRS` for trees whose sources always state them (`CompareOptions.absentXattrsAreNone`).
 */
export function compareEntries(
  a: FileEntry,
  b: FileEntry,
  ignore: ReadonlySet<Aspect> = NOTHING,
  absentXattrs?: Readonly<Record<string, string>>,
): { aspects: Aspect[]; unverifiable: Aspect[] } {
  // No closures: this runs once per differing path, and big manifests have many.
  const result = { aspects: [] as Aspect[], unverifiable: [] as Aspect[] };
  const ignoring = ignore.size > 0;
  check(result, ignoring && ignore.has('type'), 'type', a.type, b.type);
  if (!ignoring || !ignore.has('content')) {
    const content = compareContent(a, b);
    if (content === 'different') result.aspects.push('content');
    else if (content === 'unverifiable') result.unverifiable.push('content');
  }
  // Only a regular file's size is its own: for directories and links it is the file system's
  // business (block size, name length), and tar writes 0 where go-mtree writes the stat size.
  if (sized(a) && sized(b)) check(result, ignoring && ignore.has('size'), 'size', a.size, b.size);
  check(result, ignoring && ignore.has('mode'), 'mode', a.mode, b.mode);
  check(result, ignoring && ignore.has('uid'), 'uid', a.uid, b.uid);
  check(result, ignoring && ignore.has('gid'), 'gid', a.gid, b.gid);
  check(result, ignoring && ignore.has('link'), 'link', a.linkTarget, b.linkTarget);
  // Device numbers belong to devices only (a manifest may write them for other types); a device
  // turned into a file is a `type` difference already.
  if (isDevice(a) && isDevice(b) && !(ignoring && ignore.has('device'))) {
    if (a.devMajor !== undefined && b.devMajor !== undefined) {
      if (a.devMajor !== b.devMajor || a.devMinor !== b.devMinor) result.aspects.push('device');
    } else if (a.devMajor !== undefined || b.devMajor !== undefined) {
      result.unverifiable.push('device');
    }
  }
  // A shared empty object stands for "none" where absent attributes are known to be none: no allocation.
  const xa = a.xattrs ?? absentXattrs;
  const xb = b.xattrs ?? absentXattrs;
  if (xa !== undefined && xb !== undefined) {
    if (!(ignoring && ignore.has('xattrs')) && !xattrsEqual(xa, xb)) result.aspects.push('xattrs');
  } else {
    check(result, ignoring && ignore.has('xattrs'), 'xattrs', xa, xb);
  }
  if (a.mtime !== undefined && b.mtime !== undefined) {
    const seconds = a.mtimeSecondsOnly === true || b.mtimeSecondsOnly === true;
    const equal = a.mtime.sec === b.mtime.sec && (seconds || a.mtime.nsec === b.mtime.nsec);
    if (!equal && !(ignoring && ignore.has('mtime'))) result.aspects.push('mtime');
  } else {
    check(result, ignoring && ignore.has('mtime'), 'mtime', a.mtime, b.mtime);
  }
  check(result, ignoring && ignore.has('nlink'), 'nlink', a.nlink, b.nlink);
  check(result, ignoring && ignore.has('flags'), 'flags', a.flags, b.flags);
  if (a.type !== b.type) {
    // A changed type says it all: the content and size of a file and a directory are not comparable.
    const comparable = (x: Aspect) => x !== 'content' && x !== 'size';
    return { aspects: result.aspects.filter(comparable), unverifiable: result.unverifiable.filter(comparable) };
  }
  return result;
}

const NOTHING: ReadonlySet<Aspect> = new Set();

/**
 * True when `compareEntries` would find neither a difference nor an unverifiable aspect; false
 * when it might (then the full comparison decides). Allocates nothing. `compareTrees` reports
 * nothing for such a pair (when it ignores no aspect), so both may be left out of the trees.
 */
export function sameEntry(a: FileEntry, b: FileEntry): boolean {
  if (a.type !== b.type || a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid || a.linkTarget !== b.linkTarget) return false;
  // The same xattrs object on both sides (none known, or the shared NO_XATTRS) is equal.
  if (a.nlink !== b.nlink || a.flags !== b.flags || a.xattrs !== b.xattrs) return false;
  if (isDevice(a) && (a.devMajor !== b.devMajor || a.devMinor !== b.devMinor)) return false;
  if (sized(a) && a.size !== b.size) return false;
  if (a.mtime !== b.mtime) {
    if (a.mtime === undefined || b.mtime === undefined || a.mtime.sec !== b.mtime.sec || a.mtime.nsec !== b.mtime.nsec) return false;
  }
  if (a.digests !== undefined || b.digests !== undefined) return false;
  return a.digest === b.digest;
}

/** Compares one scalar aspect: equal, different, or known on one side only. */
function check(
  result: { aspects: Aspect[]; unverifiable: Aspect[] },
  skip: boolean,
  aspect: Aspect,
  x: string | number | object | undefined,
  y: string | number | object | undefined,
): void {
  if (skip || (x === undefined && y === undefined)) return;
  if (x === undefined || y === undefined) result.unverifiable.push(aspect);
  else if (x !== y) result.aspects.push(aspect);
}

function isDevice(entry: FileEntry): boolean {
  return entry.type === 'char' || entry.type === 'block';
}

function sized(entry: FileEntry): boolean {
  return entry.type === 'file' || entry.type === 'hardlink';
}

function xattrsEqual(x: Readonly<Record<string, string>>, y: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(y, k) && x[k] === y[k]);
}
