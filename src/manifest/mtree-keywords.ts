import type { EntryType, ExtraDigest, FileEntry, Timestamp, VerifyFlag } from '../tree/file-entry.js';
import { decodeMtreeToken } from './mtree-escape.js';

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
interface Draft {
  entry: FileEntry;
  time?: Timestamp;
  tarTime?: Timestamp;
}

function apply(draft: Draft, key: string, value: string | undefined): void {
  const entry = draft.entry;
  if (value === undefined) {
    if (VERIFY_FLAGS.has(key)) {
      entry.verify ??= [];
      if (!entry.verify.includes(key as VerifyFlag)) entry.verify.push(key as VerifyFlag);
      return;
    }
    if (MACHINE_LOCAL.has(key)) return;
    if (key in TYPES || key in DIGESTS || KNOWN_VALUED.has(key)) throw new KeywordError(`${key} needs a value (${key}=…)`);
    (entry.extraKeywords ??= {})[key] = '';
    return;
  }
  switch (key) {
    case 'type': {
      const type = TYPES[value];
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
  const digest = DIGESTS[key];
  if (digest !== undefined) {
    const hex = value.toLowerCase();
    if (digest === 'sha256') entry.digest = 'sha256:' + hex;
    else (entry.digests ??= {})[digest] = hex;
    return;
  }
  if (key.startsWith('xattr.') && key.length > 6) {
    // go-mtree writes values as base64; the model keeps text, as tar PAX records give it.
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw new KeywordError(`${key}: value is not base64`);
    (entry.xattrs ??= {})[key.slice(6)] = Buffer.from(value, 'base64').toString('utf8');
    return;
  }
  if (MACHINE_LOCAL.has(key)) return;
  (entry.extraKeywords ??= {})[key] = value;
}

const KNOWN_VALUED = new Set(['type', 'mode', 'uid', 'gid', 'uname', 'gname', 'size', 'nlink', 'time', 'tar_time', 'link', 'flags', 'device']);

/** The decimal number in `text` from `from` to the end, or -1 when it is not one. */
function digitsAt(text: string, from: number, to: number = text.length): number {
  if (from >= to || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The keywords of nearly every line (`uid=0`, `size=…`, `time=S.N`, `sha256digest=…`), read
 * straight from the token without cutting it into key and value strings: a manifest of a million
 * entries would otherwise allocate several million short strings. Returns false to leave a
 * keyword (or a value this shortcut cannot read) to `apply`, which also reports errors.
 */
function applyCommon(draft: Draft, token: string, eq: number): boolean {
  const entry = draft.entry;
  if (eq === 3) {
    const n = digitsAt(token, 4);
    if (n < 0) return false;
    if (token.startsWith('uid')) entry.uid = n;
    else if (token.startsWith('gid')) entry.gid = n;
    else return false;
    return true;
  }
  if (eq === 4) {
    if (token.startsWith('size')) {
      const n = digitsAt(token, 5);
      if (n < 0) return false;
      entry.size = n;
      return true;
    }
    if (token.startsWith('mode')) {
      let n = 0;
      for (let i = 5; i < token.length; i++) {
        const d = token.charCodeAt(i) - 48;
        if (d < 0 || d > 7 || i > 11) return false;
        n = n * 8 + d;
      }
      if (token.length === 5) return false;
      entry.mode = n & 0o7777;
      return true;
    }
    if (token.startsWith('time')) {
      const dot = token.indexOf('.', 5);
      const sec = digitsAt(token, 5, dot < 0 ? token.length : dot);
      const nsec = dot < 0 ? 0 : digitsAt(token, dot + 1);
      if (sec < 0 || nsec < 0 || nsec > 999_999_999) return false;
      draft.time = { sec, nsec };
      return true;
    }
    if (token.startsWith('type')) {
      const type = TYPES[token.slice(5)];
      if (type === undefined) return false;
      entry.type = type;
      return true;
    }
    return false;
  }
  if (eq === 5 && token.startsWith('nlink')) {
    const n = digitsAt(token, 6);
    if (n < 0) return false;
    entry.nlink = n;
    return true;
  }
  if (eq === 12 && token.startsWith('sha256digest')) {
    const hex = token.slice(13);
    entry.digest = 'sha256:' + (LOWER_HEX.test(hex) ? hex : hex.toLowerCase());
    return true;
  }
  return false;
}

const LOWER_HEX = /^[0-9a-f]*$/;

/** One keyword as it appears on a line: `key=value`, or a bare `key` (value undefined). */
export type Keyword = readonly [key: string, value: string | undefined];

/** Splits `key=value` (the value may itself contain `=`, as base64 does). */
export function splitKeyword(token: string): Keyword {
  const eq = token.indexOf('=');
  return eq < 0 ? [token, undefined] : [token.slice(0, eq), token.slice(eq + 1)];
}

/**
 * Builds the entry at `path` from the `/set` defaults and the entry's own keywords (`tokens` from
 * index `first` on, `key=value` or bare `key`), which win. A missing `type` means a regular file,
 * as in libarchive. Throws KeywordError for bad values.
 */
export function entryFromKeywords(path: string, defaults: ReadonlyMap<string, string | undefined>, tokens: readonly string[], first: number): FileEntry {
  const draft: Draft = { entry: { path, type: 'file' } };
  if (defaults.size > 0) for (const [key, value] of defaults) apply(draft, key, value);
  for (let i = first; i < tokens.length; i++) {
    const token = tokens[i]!;
    const eq = token.indexOf('=');
    if (eq < 0) apply(draft, token, undefined);
    else if (!applyCommon(draft, token, eq)) apply(draft, token.slice(0, eq), token.slice(eq + 1));
  }
  const entry = draft.entry;
  if (draft.time) entry.mtime = draft.time;
  else if (draft.tarTime) {
    entry.mtime = draft.tarTime;
    entry.mtimeSecondsOnly = true;
  }
  // A link target only means something on a symlink; mtree has no hard-link type.
  if (entry.linkTarget !== undefined && entry.type !== 'symlink') delete entry.linkTarget;
  return entry;
}
