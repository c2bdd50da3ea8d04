// What each mtree keyword means: the table of keywords (types, digest synonyms, flags left alone) and
// the parsers of their values, applied to an entry. mtree-keywords.ts reads the words of a line fast
// and hands here every keyword it does not read itself.
import type { EntryType, ExtraDigest, FileEntry, Timestamp, VerifyFlag } from '../tree/file-entry.js';
import { decodeMtreeToken } from './mtree-escape.js';
import { xattrFromBase64 } from './xattr-values.js';

/** Raised for a keyword value that cannot be read; the reader adds the file and line. */
export class KeywordError extends Error {
  override name = 'KeywordError';
}

/** mtree `type=` values and the model's names for them. */
const TYPES: Record<string, EntryType> = {
  block: 'block',
  char: 'char',
  dir: 'dir',
  fifo: 'fifo',
  file: 'file',
  link: 'symlink',
  socket: 'socket',
};

/** Digest keywords and their synonyms; `sha256` goes to `digest`, the rest to `digests`. */
const DIGESTS: Record<string, ExtraDigest | 'sha256'> = {
  md5: 'md5',
  md5digest: 'md5',
  sha1: 'sha1',
  sha1digest: 'sha1',
  sha256: 'sha256',
  sha256digest: 'sha256',
  sha384: 'sha384',
  sha384digest: 'sha384',
  sha512: 'sha512',
  sha512digest: 'sha512',
  rmd160: 'rmd160',
  rmd160digest: 'rmd160',
  ripemd160digest: 'rmd160',
  sha512256: 'sha512256',
  sha512256digest: 'sha512256',
  cksum: 'cksum',
};

/**
 * Keywords that describe one machine's disk rather than the file (inode numbers, the device the
 * file lies on, where to find its contents): read and dropped, as comparing them means nothing.
 */
const MACHINE_LOCAL = new Set(['inode', 'resdevice', 'contents']);

const VERIFY_FLAGS = new Set<string>(['ignore', 'optional', 'nochange']);

/** The mtree writer's spelling of a type. */
export const MTREE_TYPE: Record<EntryType, string> = {
  file: 'file',
  hardlink: 'file',
  dir: 'dir',
  symlink: 'link',
  char: 'char',
  block: 'block',
  fifo: 'fifo',
  socket: 'socket',
};

function unsigned(key: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new KeywordError(`${key}=${value}: expected a decimal number`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new KeywordError(`${key}=${value}: number too large`);
  return n;
}

const TIME = /^-?\d+(?:\.\d+)?$/;

/** Parses `S.N` where N counts nanoseconds (mtree(5): `.7` is 7 ns, not 0.7 s). */
export function parseMtreeTime(key: string, value: string): Timestamp {
  if (!TIME.test(value)) throw new KeywordError(`${key}=${value}: expected seconds.nanoseconds`);
  const dot = value.indexOf('.');
  const sec = Number(dot < 0 ? value : value.slice(0, dot));
  const nsec = dot < 0 ? 0 : Number(value.slice(dot + 1));
  if (!Number.isSafeInteger(sec) || nsec > 999_999_999) throw new KeywordError(`${key}=${value}: out of range`);
  return { sec, nsec };
}

function parseMode(value: string): number {
  // Any octal spelling: `644`, `0644`, `00644`; compared as a number afterwards.
  if (!/^[0-7]{1,7}$/.test(value)) throw new KeywordError(`mode=${value}: expected an octal number`);
  return parseInt(value, 8) & 0o7777;
}

function parseDevice(value: string, entry: FileEntry): void {
  // `format,major,minor` (bsdtar: `native,8,1`) or a packed number (Linux encoding).
  const parts = value.split(',');
  if (parts.length >= 3) {
    entry.devMajor = unsigned('device', parts[1]!);
    entry.devMinor = unsigned('device', parts[2]!);
    return;
  }
  const dev = unsigned('device', value);
  entry.devMajor = Math.floor(dev / 256) & 0xfff;
  entry.devMinor = (dev & 0xff) | ((Math.floor(dev / 4096) & 0xfff00) >>> 0);
}

function decoded(key: string, value: string): string {
  const text = decodeMtreeToken(value);
  if (text === null) throw new KeywordError(`${key}=${value}: malformed escape`);
  return text;
}

/** The state of one entry while its keywords are applied (`/set` defaults first, then its own). */
export interface EntryDraft {
  entry: FileEntry;
  time?: Timestamp;
  tarTime?: Timestamp;
}

/** Applies one keyword to the entry being built; throws KeywordError for a value it cannot read. */
export function applyKeyword(draft: EntryDraft, key: string, value: string | undefined): void {
  const entry = draft.entry;
  if (value === undefined) {
    if (VERIFY_FLAGS.has(key)) {
      entry.verify ??= [];
      if (!entry.verify.includes(key as VerifyFlag)) entry.verify.push(key as VerifyFlag);
      return;
    }
    if (MACHINE_LOCAL.has(key)) return;
    if (Object.hasOwn(TYPES, key) || Object.hasOwn(DIGESTS, key) || KNOWN_VALUED.has(key)) throw new KeywordError(`${key} needs a value (${key}=…)`);
    (entry.extraKeywords ??= {})[key] = '';
    return;
  }
  switch (key) {
    case 'type': {
      // Own keys only: a name such as `constructor` must not find Object's prototype.
      const type = Object.hasOwn(TYPES, value) ? TYPES[value] : undefined;
      if (!type) throw new KeywordError(`type=${value}: expected one of ${Object.keys(TYPES).join(', ')}`);
      entry.type = type;
      return;
    }
    case 'mode':
      entry.mode = parseMode(value);
      return;
    case 'uid':
      entry.uid = unsigned(key, value);
      return;
    case 'gid':
      entry.gid = unsigned(key, value);
      return;
    case 'uname':
      entry.uname = decoded(key, value);
      return;
    case 'gname':
      entry.gname = decoded(key, value);
      return;
    case 'size':
      entry.size = unsigned(key, value);
      return;
    case 'nlink':
      entry.nlink = unsigned(key, value);
      return;
    case 'time':
      draft.time = parseMtreeTime(key, value);
      return;
    case 'tar_time':
      draft.tarTime = parseMtreeTime(key, value);
      return;
    case 'link':
      entry.linkTarget = decoded(key, value);
      return;
    case 'flags':
      entry.flags = value;
      return;
    case 'device':
      parseDevice(value, entry);
      return;
  }
  const digest = Object.hasOwn(DIGESTS, key) ? DIGESTS[key] : undefined;
  if (digest !== undefined) {
    const hex = value.toLowerCase();
    if (digest === 'sha256') entry.digest = 'sha256:' + hex;
    else (entry.digests ??= {})[digest] = hex;
    return;
  }
  if (key.startsWith('xattr.') && key.length > 6) {
    // go-mtree writes values as base64; the model keeps their bytes as a binary string.
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw new KeywordError(`${key}: value is not base64`);
    (entry.xattrs ??= {})[key.slice(6)] = xattrFromBase64(value);
    return;
  }
  if (MACHINE_LOCAL.has(key)) return;
  (entry.extraKeywords ??= {})[key] = value;
}

const KNOWN_VALUED = new Set(['type', 'mode', 'uid', 'gid', 'uname', 'gname', 'size', 'nlink', 'time', 'tar_time', 'link', 'flags', 'device']);
