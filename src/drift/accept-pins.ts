/**
 * What `drift --accept` writes and `--rules` reads back: per path, the values that were accepted.
 * A line of a rules file:
 *
 *     accept PATH absent
 *     accept PATH type=file sha256=HEX mode=0644 uid=0 gid=0 [link=…] [flags=…] [xattrs=none | xattr.NAME=BASE64…]
 *
 * The change at PATH is accepted only while the snapshot's entry still has every value recorded
 * (or is still absent); a later change of any of them is drift again. An aspect that the snapshot
 * records but the line does not pin is not accepted either: an accept never widens to values it
 * did not see. Times and link counts are not pinned (they follow from the rest, or are noise).
 */
import type { Aspect } from '../tree/compare-trees.js';
import { compareContent, hasDigest } from '../tree/content-digests.js';
import { EXTRA_DIGESTS, type EntryType, type ExtraDigest, type FileEntry } from '../tree/file-entry.js';

/** The accepted state of one path: gone, or an entry whose defined fields are the pinned values. */
export type AcceptPin = { absent: true } | { absent?: false; entry: FileEntry };

const ENTRY_TYPES = new Set<string>(['file', 'dir', 'symlink', 'hardlink', 'char', 'block', 'fifo', 'socket']);
const DIGEST_KEYS = new Set<string>(['sha256', ...EXTRA_DIGESTS]);

/** A word of a rules line: JSON-quoted when it holds what would split or end the line. */
export function ruleWord(word: string): string {
  return /[\s"#\\]/.test(word) || word === '' ? JSON.stringify(word) : word;
}

/** The words after `accept PATH` that record `entry` (undefined: the path is gone). */
export function pinWords(entry: FileEntry | undefined): string[] {
  if (entry === undefined) return ['absent'];
  const out = [`type=${entry.type}`];
  if (entry.digest !== undefined) out.push(`sha256=${entry.digest.replace(/^sha256:/, '')}`);
  for (const algorithm of EXTRA_DIGESTS) {
    const value = entry.digests?.[algorithm];
    if (value !== undefined) out.push(`${algorithm}=${value}`);
  }
  // Without a digest the size is all that tells contents apart.
  if ((entry.type === 'file' || entry.type === 'hardlink') && !hasDigest(entry) && entry.size !== undefined) out.push(`size=${entry.size}`);
  if (entry.mode !== undefined) out.push(`mode=${entry.mode.toString(8).padStart(4, '0')}`);
  if (entry.uid !== undefined) out.push(`uid=${entry.uid}`);
  if (entry.gid !== undefined) out.push(`gid=${entry.gid}`);
  if (entry.linkTarget !== undefined) out.push(`link=${entry.linkTarget}`);
  if (entry.flags !== undefined) out.push(`flags=${entry.flags}`);
  if (entry.xattrs !== undefined) {
    const names = Object.keys(entry.xattrs).sort();
    if (names.length === 0) out.push('xattrs=none');
    // Values are binary strings (one character per byte); names are text.
    for (const name of names) out.push(`xattr.${encodeURIComponent(name)}=${Buffer.from(entry.xattrs[name]!, 'latin1').toString('base64')}`);
  }
  return out.map(ruleWord);
}

/** Reads the words after `accept PATH`; a string is the problem. */
export function parsePin(path: string, words: readonly string[]): AcceptPin | string {
  if (words.length === 1 && words[0] === 'absent') return { absent: true };
  if (words.length === 0) return 'accept needs the accepted values (type=… …) or absent';
  const entry: FileEntry = { path, type: 'file' };
  let typed = false;
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) return `"${word}" is not KEY=VALUE (or the single word absent)`;
    const key = word.slice(0, eq);
    const value = word.slice(eq + 1);
    const number = () => (/^\d{1,15}$/.test(value) ? Number(value) : undefined);
    if (key === 'type') {
      if (!ENTRY_TYPES.has(value)) return `type=${value} is not a type`;
      entry.type = value as EntryType;
      typed = true;
    } else if (DIGEST_KEYS.has(key)) {
      if (!/^[0-9a-z]+$/.test(value)) return `${key}=${value} is not a digest (lower-case hex, decimal for cksum)`;
      if (key === 'sha256') entry.digest = `sha256:${value}`;
      else (entry.digests ??= {})[key as ExtraDigest] = value;
    } else if (key === 'mode') {
      if (!/^[0-7]{1,6}$/.test(value)) return `mode=${value} is not octal`;
      entry.mode = parseInt(value, 8) & 0o7777;
    } else if (key === 'uid' || key === 'gid' || key === 'size') {
      const n = number();
      if (n === undefined) return `${key}=${value} is not a number`;
      entry[key] = n;
    } else if (key === 'link') {
      entry.linkTarget = value;
    } else if (key === 'flags') {
      entry.flags = value;
    } else if (key === 'xattrs' && value === 'none') {
      entry.xattrs ??= {};
    } else if (key.startsWith('xattr.')) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return `${key}: value is not base64`;
      let name: string;
      try {
        name = decodeURIComponent(key.slice(6));
      } catch {
        return `${key}: malformed name`;
      }
      (entry.xattrs ??= {})[name] = Buffer.from(value, 'base64').toString('latin1');
    } else {
      return `"${key}" is not a pinned value (type, sha256 and other digests, size, mode, uid, gid, link, flags, xattrs=none, xattr.NAME)`;
    }
  }
  if (!typed) return 'accept needs type=…';
  return { entry };
}

/**
 * How the snapshot's entry at a path differs from what a pin accepted, as short phrases; empty
 * when the pin holds. `suppressed`: aspects other rules already cover (a log file's content), which
 * the pin leaves to them.
 */
export function pinDifferences(pin: AcceptPin, entry: FileEntry | undefined, suppressed: ReadonlySet<Aspect> = new Set()): string[] {
  if (pin.absent === true) return entry === undefined ? [] : ['present (accepted: absent)'];
  if (entry === undefined) return ['absent (accepted: present)'];
  const want = pin.entry;
  const out: string[] = [];
  const field = (aspect: Aspect, accepted: unknown, now: unknown, show: (v: unknown) => string = String) => {
    if (suppressed.has(aspect) || now === undefined || accepted === now) return;
    out.push(accepted === undefined ? `${aspect} ${show(now)} (not pinned)` : `${aspect} ${show(now)} (accepted: ${show(accepted)})`);
  };
  if (want.type !== entry.type && !suppressed.has('type')) out.push(`type ${entry.type} (accepted: ${want.type})`);
  if ((entry.type === 'file' || entry.type === 'hardlink') && want.type === entry.type) {
    if (hasDigest(entry)) {
      const verdict = compareContent(want, entry);
      if (verdict !== 'same' && !suppressed.has('content')) out.push(verdict === 'different' ? 'content (accepted: other digest)' : 'content (no digest in common with the accepted one)');
    } else {
      field('size', want.size, entry.size);
    }
  }
  const octal = (v: unknown) => (v as number).toString(8).padStart(4, '0');
  field('mode', want.mode, entry.mode, octal);
  field('uid', want.uid, entry.uid);
  field('gid', want.gid, entry.gid);
  field('link', want.linkTarget, entry.linkTarget, (v) => JSON.stringify(v));
  field('flags', want.flags, entry.flags);
  if (entry.xattrs !== undefined && !suppressed.has('xattrs') && !sameXattrs(want.xattrs, entry.xattrs)) {
    out.push(want.xattrs === undefined ? 'xattrs (not pinned)' : 'xattrs (accepted: other values)');
  }
  return out;
}

function sameXattrs(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  if (a === undefined) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
