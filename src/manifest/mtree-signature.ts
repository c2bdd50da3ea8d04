/**
 * What tells an mtree manifest from any other text. libarchive's reader takes a file that starts
 * with the `#mtree` signature, or else one whose first lines parse as entries with keywords it
 * knows (`detect_form` in archive_read_support_format_mtree.c); go-mtree and casync write no
 * signature. The reader here asks the same of every line of an unsigned file: an entry line must
 * carry at least one known keyword, its own or a `/set` default, so `/etc/services` or a line of
 * prose is refused rather than read as a tree of files with no attributes.
 */
import type { LineTokens } from './mtree-tokens.js';

/** The first bytes of a signed mtree file (`#mtree`, as bsdtar writes `#mtree` or `#mtree v2.0`). */
const SIGNATURE = Buffer.from('#mtree', 'latin1');

/** Whether the first line of a file, `bytes[start, end)`, is the mtree signature. */
export function isSignature(bytes: Buffer, start: number, end: number): boolean {
  if (end - start < SIGNATURE.length) return false;
  for (let i = 0; i < SIGNATURE.length; i++) if (bytes[start + i] !== SIGNATURE[i]) return false;
  return true;
}

/** Keywords of mtree(5), go-mtree and casync, digests and their synonyms included. */
const KNOWN = new Set([
  'type', 'mode', 'uid', 'gid', 'uname', 'gname', 'size', 'nlink', 'time', 'tar_time', 'link', 'flags', 'device',
  'inode', 'resdevice', 'contents', 'cksum', 'md5', 'md5digest', 'sha1', 'sha1digest', 'sha256', 'sha256digest',
  'sha384', 'sha384digest', 'sha512', 'sha512digest', 'rmd160', 'rmd160digest', 'ripemd160digest', 'sha512256',
  'sha512256digest', 'ignore', 'optional', 'nochange',
]);

/** Whether `key` is a keyword mtree readers know (`xattr.NAME` included). */
export function knownKeyword(key: string): boolean {
  return KNOWN.has(key) || (key.startsWith('xattr.') && key.length > 6);
}

/** Whether the words of an entry line from `first` on hold a known keyword. */
export function lineHasKnownKeyword(tokens: LineTokens, first: number): boolean {
  for (let i = first; i < tokens.count; i++) {
    if (knownKeyword(tokens.text(tokens.starts[i]!, tokens.equals[i]!))) return true;
  }
  return false;
}

/** The problem reported for an entry line of an unsigned file without a known keyword. */
export const NOT_AN_ENTRY =
  'not an mtree entry: expected a name and at least one known keyword (type=, mode=, size=, sha256=, …), or the #mtree signature on line 1';
