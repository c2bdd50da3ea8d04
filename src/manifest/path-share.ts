import type { FileEntry, FileTree } from '../tree/file-entry.js';
import type { LineArena } from './line-arena.js';

/**
 * A share of all paths: those whose 32-bit hash lies in [from, to). The part of a manifest pair
 * that one thread reads and compares (see src/check/drift-check.ts). Shares cut from one hash
 * space (`splitShares`) are disjoint and cover every path, whatever file or format it comes from,
 * so the shares of two manifests pair up.
 */
export interface PathShare {
  from: number;
  to: number;
}

/** The number of hash values. */
const HASH_SPACE = 2 ** 32;

/** The whole of every manifest: what a reader given no share reads. */
export const WHOLE: PathShare = { from: 0, to: HASH_SPACE };

/** The part of all paths a share holds, from 0 to 1. */
export function shareFraction(share: PathShare): number {
  return (share.to - share.from) / HASH_SPACE;
}

/** Whether a share holds every path. */
export function isWhole(share: PathShare): boolean {
  return share.from === 0 && share.to === HASH_SPACE;
}

/** Cuts all paths into shares of about the given weights, in order (the last one ends the space). */
export function splitShares(weights: readonly number[]): PathShare[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let from = 0;
  let sum = 0;
  return weights.map((weight, i) => {
    sum += weight;
    const to = i === weights.length - 1 ? HASH_SPACE : Math.round((sum / total) * HASH_SPACE);
    const share = { from, to };
    from = to;
    return share;
  });
}

/**
 * Decides, for each entry a reader is about to add to its tree as a new path, whether to leave it
 * out (see src/drift/equal-sieve.ts: entries equal to the baseline's). May throw to stop the read.
 */
export interface EntrySieve {
  drops(entry: FileEntry): boolean;
  /**
   * Asked about an entry line before it is parsed (JSON): true when the line is, byte for byte,
   * one the sieve knows to be equal, and is then left out unparsed.
   */
  sameLine?(bytes: Buffer, start: number, end: number, context?: string): boolean;
}

/** How a reader reads a manifest: which share of the paths, and what else it keeps or leaves out. */
export interface ShareReading {
  share: PathShare;
  /** Keep other shares' entries with behaviour keywords (see ManifestShare); default true. */
  verifyElsewhere?: boolean;
  /** Asked about every new path of the share before it goes into the tree. */
  sieve?: EntrySieve;
  /** Keeps the line of every entry that goes into the tree, in order (see LineArena). */
  lines?: LineArena;
}

/** Reading the whole manifest, keeping everything. */
export const READ_WHOLE: ShareReading = { share: WHOLE };

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
  const h = hash >>> 0;
  return h >= share.from && h < share.to;
}

/**
 * Whether `path` (or the part `path[start, end)` of a text) lies in `share`. FNV-1a over the
 * UTF-16 code units: cheap, and spreads even paths that differ in their last character.
 */
export function inShare(share: PathShare, path: string, start = 0, end = path.length): boolean {
  if (isWhole(share)) return true;
  let hash = SHARE_HASH_START;
  for (let i = start; i < end; i++) hash = hashStep(hash, path.charCodeAt(i));
  return hashInShare(share, hash);
}

/**
 * `inShare` for a path held as the bytes `bytes[start, end)`, without making the string. Undefined
 * when the bytes are not all ASCII: their code units are then not the bytes, and the caller makes
 * the text and asks `inShare`.
 */
export function asciiInShare(share: PathShare, bytes: Buffer, start: number, end: number): boolean | undefined {
  if (isWhole(share)) return true;
  let hash = SHARE_HASH_START;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c >= 128) return undefined;
    hash = hashStep(hash, c);
  }
  return hashInShare(share, hash);
}
