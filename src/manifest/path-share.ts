import type { FileEntry, FileTree } from '../tree/file-entry.js';

/**
 * One of `count` disjoint shares of all paths, chosen by a hash of the path: the part of a manifest
 * pair that one thread reads and compares (see src/drift/parallel-drift.ts). Every path lands in
 * exactly one share, whatever file or format it comes from, so the shares of two manifests pair up.
 */
export interface PathShare {
  /** This share, 0 to count - 1. */
  index: number;
  count: number;
}

/** The whole of every manifest: what a reader given no share reads. */
export const WHOLE: PathShare = { index: 0, count: 1 };

/**
 * A manifest read for one share: its entries in the share, and the entries outside it that carry
 * mtree behaviour keywords. Those are rules for other paths (`ignore` covers everything below a
 * directory, which may lie in any share), so every share needs them all, of a baseline (only the
 * baseline's keywords apply; a reader asked not to keep them skips looking for them).
 */
export interface ManifestShare {
  tree: FileTree;
  verifyElsewhere: FileEntry[];
  /** Entry lines of the whole manifest, in every share: none at all means it is no manifest. */
  listed: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

/** The hash `inShare` starts from; `hashStep` adds one code unit, `hashInShare` places the result. */
export const SHARE_HASH_START = FNV_OFFSET;

export function hashStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

export function hashInShare(share: PathShare, hash: number): boolean {
  return (hash >>> 0) % share.count === share.index;
}

/**
 * Whether `path` (or the part `path[start, end)` of a text) lies in `share`. FNV-1a over the
 * UTF-16 code units: cheap, and spreads even paths that differ in their last character.
 */
export function inShare(share: PathShare, path: string, start = 0, end = path.length): boolean {
  if (share.count === 1) return true;
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ path.charCodeAt(i), FNV_PRIME);
  return (hash >>> 0) % share.count === share.index;
}

/**
 * `inShare` for a path held as the bytes `bytes[start, end)`, without making the string. Undefined
 * when the bytes are not all ASCII: their code units are then not the bytes, and the caller makes
 * the text and asks `inShare`.
 */
export function asciiInShare(share: PathShare, bytes: Buffer, start: number, end: number): boolean | undefined {
  if (share.count === 1) return true;
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 128) return undefined;
    hash = Math.imul(hash ^ c, FNV_PRIME);
  }
  return (hash >>> 0) % share.count === share.index;
}
