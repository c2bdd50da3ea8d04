/**
 * Finds differences a later layer only carried: a step that rewrites a file (`RUN chmod u+x`,
 * `chown -R`, `adduser` rewriting `/etc/shadow`) stores the whole file in its own layer, so a
 * difference that began in an earlier layer shows there again. The cause and the fix belong to
 * the layer where it began.
 */
import type { Aspect } from '../tree/compare-trees.js';
import type { FileEntry } from '../tree/file-entry.js';

/** A change as the carrier search sees it. */
export interface CarriedItem {
  path: string;
  layer: number;
  kind: 'added' | 'removed' | 'modified';
  aspects: readonly Aspect[];
  old?: Pick<FileEntry, 'mode' | 'uid' | 'gid' | 'mtime' | 'digest' | 'linkTarget' | 'xattrs'>;
  new?: Pick<FileEntry, 'mode' | 'uid' | 'gid' | 'mtime' | 'digest' | 'linkTarget' | 'xattrs'>;
}

/** Where a carried change's difference began. */
export interface Carried {
  /** Index (in the list passed) of the earlier change at the same path that differs the same way. */
  from: number;
  /** The aspects carried. */
  aspects: Aspect[];
  /** `mtime` when the later step wrote the file at its own time (the rest of the difference is carried); else absent. */
  ownMtime?: true;
}

/**
 * Decides, for content derived from an earlier version (not byte-equal), whether the later
 * change's content difference follows from the earlier one's; given both changes' indexes.
 */
export type DerivedContent = (earlier: number, later: number) => boolean;

/**
 * For every modified change whose every differing aspect (but perhaps its own mtime) differs the
 * same way in the nearest earlier layer's change of the same path, that earlier change. "The same way": the same mode bits
 * differ, the same owners, mtimes and link targets on each side, the same bytes on each side (or
 * content `derived` says follows from the earlier difference). Chains resolve to where it began.
 */
export function findCarried(items: readonly CarriedItem[], derived?: DerivedContent): Map<number, Carried> {
  const byPath = new Map<string, number[]>();
  for (const [index, item] of items.entries()) {
    const list = byPath.get(item.path);
    if (list) list.push(index);
    else byPath.set(item.path, [index]);
  }
  const carried = new Map<number, Carried>();
  for (const indexes of byPath.values()) {
    if (indexes.length < 2) continue;
    const ordered = [...indexes].sort((x, y) => items[x]!.layer - items[y]!.layer);
    for (let k = 1; k < ordered.length; k++) {
      const later = ordered[k]!;
      const earlier = ordered[k - 1]!;
      const a = items[earlier]!;
      const b = items[later]!;
      if (a.layer === b.layer || a.kind !== 'modified' || b.kind !== 'modified' || b.aspects.length === 0) continue;
      const same = b.aspects.filter((aspect) => sameDifference(aspect, a, b, () => derived?.(earlier, later) === true));
      // A step that rewrites a file stamps it with its own time: an mtime of its own does not stop
      // the rest of the difference from being carried, as long as something else is.
      const ownMtime = b.aspects.includes('mtime') && !same.includes('mtime');
      const rest = b.aspects.filter((aspect) => aspect !== 'mtime');
      if (same.length !== b.aspects.length && !(ownMtime && rest.length > 0 && same.length === rest.length)) continue;
      const origin = carried.get(earlier)?.from ?? earlier;
      carried.set(later, ownMtime ? { from: origin, aspects: same, ownMtime: true } : { from: origin, aspects: same });
    }
  }
  return carried;
}

function sameDifference(aspect: Aspect, a: CarriedItem, b: CarriedItem, derived: () => boolean): boolean {
  if (!a.aspects.includes(aspect) && !(aspect === 'size' && a.aspects.includes('content'))) return false;
  switch (aspect) {
    case 'mode':
      // The later step may set other bits (chmod u+x) on both sides alike; the bits that differ are the same.
      return a.old?.mode !== undefined && a.new?.mode !== undefined && b.old?.mode !== undefined && b.new?.mode !== undefined && (a.old.mode ^ a.new.mode) === (b.old.mode ^ b.new.mode);
    case 'uid':
      return a.old?.uid === b.old?.uid && a.new?.uid === b.new?.uid;
    case 'gid':
      return a.old?.gid === b.old?.gid && a.new?.gid === b.new?.gid;
    case 'mtime':
      return sameTime(a.old?.mtime, b.old?.mtime) && sameTime(a.new?.mtime, b.new?.mtime);
    case 'link':
      return a.old?.linkTarget === b.old?.linkTarget && a.new?.linkTarget === b.new?.linkTarget;
    case 'content':
    case 'size':
      return (a.old?.digest !== undefined && a.old.digest === b.old?.digest && a.new?.digest === b.new?.digest) || derived();
    case 'xattrs':
      return JSON.stringify(a.old?.xattrs) === JSON.stringify(b.old?.xattrs) && JSON.stringify(a.new?.xattrs) === JSON.stringify(b.new?.xattrs);
    default:
      return false;
  }
}

function sameTime(x: FileEntry['mtime'], y: FileEntry['mtime']): boolean {
  return x !== undefined && y !== undefined && x.sec === y.sec && x.nsec === y.nsec;
}
