// The names that start mtree lines, tested on the line's bytes before (or instead of) making their text:
// the reader's fast paths for bsdtar's clean full paths, and for skipping lines outside a share.
import { normalisePath } from '../tree/file-entry.js';
import { hashInShare, hashStep, SHARE_HASH_START, type PathShare } from './path-share.js';

/**
 * Whether a name is in bsdtar's full-path form and already clean: `./` and more, no escapes, no
 * empty, `.` or `..` part, no trailing slash. Its path is then the name without the leading dot.
 */
export function cleanFullPath(bytes: Buffer, start: number, end: number): boolean {
  if (end - start <= 2 || bytes[start] !== 46 || bytes[start + 1] !== 47) return false;
  for (let i = start + 1; i < end; i++) {
    const c = bytes[i];
    if (c === 92) return false;
    if (c !== 47) continue;
    // A slash: what follows must be a name part other than `.` and `..`.
    const next = i + 1 < end ? bytes[i + 1] : 47;
    if (next === 47) return false;
    if (next === 46) {
      const after = i + 2 < end ? bytes[i + 2] : 47;
      if (after === 47) return false;
      if (after === 46 && (i + 3 >= end || bytes[i + 3] === 47)) return false;
    }
  }
  return true;
}

/** Whether the name that starts a line is a full path (holds a `/`), placed wherever it is read. */
export function fullPathName(bytes: Buffer, start: number, end: number): boolean {
  let i = start;
  while (i < end && (bytes[i] === 32 || bytes[i] === 9)) i++;
  if (i >= end || bytes[i] === 47 || bytes[i] === 35) return false;
  for (; i < end; i++) {
    const c = bytes[i];
    if (c === 47) return true;
    if (c === 32 || c === 9) return false;
  }
  return false;
}

/**
 * Whether the name that starts a line lies in the share, read in one pass over its bytes without
 * making its text: true or false for a name in bsdtar's clean full-path form (`./a/b`: no empty,
 * `.` or `..` part, escaped or not), ASCII, whose escapes are all `\ooo`;
 * undefined for any other name, whose line is then read whole.
 */
export function nameInShare(share: PathShare, bytes: Buffer, start: number, end: number): boolean | undefined {
  let i = start;
  while (i < end && (bytes[i] === 32 || bytes[i] === 9)) i++;
  if (end - i <= 2 || bytes[i] !== 46 || bytes[i + 1] !== 47) return undefined;
  let hash = SHARE_HASH_START;
  // The part of the path being read: its length, and how many of its characters are dots.
  let part = 1;
  let dots = 0;
  for (i++; i < end; i++) {
    let c = bytes[i]!;
    if (c === 32 || c === 9) break;
    if (c === 47) {
      if (part === 0 || (dots === part && part <= 2)) return undefined;
      part = 0;
      dots = 0;
    } else {
      if (c === 92) {
        if (i + 3 >= end) return undefined;
        const a = bytes[i + 1]! - 48;
        const b = bytes[i + 2]! - 48;
        const d = bytes[i + 3]! - 48;
        if (!(a >= 0 && a <= 1 && b >= 0 && b <= 7 && d >= 0 && d <= 7)) return undefined;
        // An escaped `/` is an error: the share the name falls in reads the line and reports it.
        c = a * 64 + b * 8 + d;
        i += 3;
      } else if (c >= 128) {
        return undefined;
      }
      part++;
      if (c === 46) dots++;
    }
    hash = hashStep(hash, c);
  }
  if (part === 0 || (dots === part && part <= 2)) return undefined;
  return hashInShare(share, hash);
}

/**
 * `normalisePath` with a shortcut for the names bsdtar writes (`./etc/x`, already clean), which
 * are most names of big manifests.
 */
export function fastNormalise(name: string): string | null {
  if (name.startsWith('./') && name.length > 2 && !name.endsWith('/') && !name.includes('//') && !name.includes('/./') && !name.includes('/../') && !name.endsWith('/.') && !name.endsWith('/..')) {
    return name.slice(1);
  }
  return normalisePath(name);
}

/** The number of `/` in `text`. */
export function countSlashes(text: string): number {
  let count = 0;
  for (let i = text.indexOf('/'); i >= 0; i = text.indexOf('/', i + 1)) count++;
  return count;
}
