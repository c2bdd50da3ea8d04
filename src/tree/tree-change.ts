import type { FileEntry } from './file-entry.js';

/**
 * The aspects in which two entries at the same path can differ. `device` is the major and minor
 * number of char and block devices. `nlink` and `flags` come from manifests and directory walks
 * (tar layers record neither, so image comparisons never see them).
 */
export const ASPECTS = ['type', 'content', 'size', 'mode', 'uid', 'gid', 'link', 'device', 'xattrs', 'mtime', 'nlink', 'flags'] as const;
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
  /** Set when ignore rules cover the whole change: it is kept, counted, and not drift. */
  ignored?: { rule: string };
  /** Aspects of a modified entry that rules suppress, each with the first rule that covers it. */
  ignoredAspects?: { aspect: Aspect; rule: string }[];
}
