import { EXTRA_DIGESTS, type FileEntry } from './file-entry.js';

/** What the digests of two entries say about their content. */
export type ContentVerdict = 'same' | 'different' | 'unverifiable' | 'unknown';

/** The entry's SHA-256 as bare hex, or undefined. */
function sha256Of(entry: FileEntry): string | undefined {
  const digest = entry.digest;
  if (digest === undefined) return undefined;
  return digest.startsWith('sha256:') ? digest.slice(7) : digest;
}

/** Whether an entry records any digest of its content. */
export function hasDigest(entry: FileEntry): boolean {
  if (entry.digest !== undefined) return true;
  if (entry.digests === undefined) return false;
  for (const algorithm of EXTRA_DIGESTS) if (entry.digests[algorithm] !== undefined) return true;
  return false;
}

/**
 * Compares content by every algorithm both entries have: `different` if any of them differs,
 * `same` if at least one is shared and all shared ones agree, `unverifiable` when digests exist
 * but none in common (or on one side only), `unknown` when neither side has any.
 */
export function compareContent(a: FileEntry, b: FileEntry): ContentVerdict {
  // Images and most manifests carry SHA-256 only: decide that case without looking further.
  if (a.digests === undefined && b.digests === undefined && a.digest !== undefined && b.digest !== undefined) {
    if (a.digest === b.digest) return 'same';
  }
  const shaA = sha256Of(a);
  const shaB = sha256Of(b);
  if (a.digests === undefined && b.digests === undefined) {
    if (shaA === undefined && shaB === undefined) return 'unknown';
    if (shaA === undefined || shaB === undefined) return 'unverifiable';
    return shaA === shaB ? 'same' : 'different';
  }
  let shared = 0;
  if (shaA !== undefined && shaB !== undefined) {
    if (shaA !== shaB) return 'different';
    shared++;
  }
  for (const algorithm of EXTRA_DIGESTS) {
    const x = a.digests?.[algorithm];
    const y = b.digests?.[algorithm];
    if (x === undefined || y === undefined) continue;
    if (x !== y) return 'different';
    shared++;
  }
  if (shared > 0) return 'same';
  return hasDigest(a) || hasDigest(b) ? 'unverifiable' : 'unknown';
}
