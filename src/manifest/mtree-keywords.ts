import type { EntryType, FileEntry } from '../tree/file-entry.js';
import { SharedTimes } from '../tree/shared-times.js';
import { rangeIs, type LineTokens } from './mtree-tokens.js';
import { applyKeyword, type EntryDraft } from './mtree-values.js';

/** The decimal number in `bytes[from, to)`, or -1 when it is not one (or too long to be exact). */
function digitsAt(bytes: Buffer, from: number, to: number): number {
  if (from >= to || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Up to four bytes of a key or value as one number, to tell the common ones apart in one test. */
function packed(bytes: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 256 + bytes[i]!;
  return n;
}

function pack(word: string): number {
  return packed(Buffer.from(word, 'latin1'), 0, word.length);
}

// Keys and values compared as numbers; packing is one to one only among words of one length.
const KEY_UID = pack('uid');
const KEY_GID = pack('gid');
const KEY_SIZE = pack('size');
const KEY_MODE = pack('mode');
const KEY_TIME = pack('time');
const KEY_TYPE = pack('type');
const KEY_LINK = pack('link');
const TYPE_FILE = pack('file');
const TYPE_DIR = pack('dir');
const TYPE_LINK = pack('link');

/** Whether `bytes[from, end)` is ASCII without a backslash: text that needs no decoding. */
function plainAscii(bytes: Buffer, from: number, end: number): boolean {
  for (let i = from; i < end; i++) if (bytes[i]! >= 128 || bytes[i] === 92) return false;
  return true;
}

/** The type of the common `type=` values, undefined for the others (left to `applyKeyword`). */
function typeAt(bytes: Buffer, from: number, to: number): EntryType | undefined {
  if (to - from === 3) return packed(bytes, from, to) === TYPE_DIR ? 'dir' : undefined;
  if (to - from !== 4) return undefined;
  const value = packed(bytes, from, to);
  return value === TYPE_FILE ? 'file' : value === TYPE_LINK ? 'symlink' : undefined;
}

/** One keyword as it appears on a line: `key=value`, or a bare `key` (value undefined). */
export type Keyword = readonly [key: string, value: string | undefined];

/** Splits `key=value` (the value may itself contain `=`, as base64 does). */
export function splitKeyword(token: string): Keyword {
  const eq = token.indexOf('=');
  return eq < 0 ? [token, undefined] : [token.slice(0, eq), token.slice(eq + 1)];
}

/**
 * Builds entries from the words of mtree lines. One per reader: it keeps what entries can share
 * and the buffers it reuses, so that reading a million entries allocates little besides them.
 */
export class KeywordReader {
  private readonly draft: EntryDraft = { entry: { path: '', type: 'file' } };
  /** Times shared by the entries that have the same (see SharedTimes). */
  private readonly times = new SharedTimes();
  /**
   * The last owner and group names read, handed again while they repeat: bsdtar writes both on
   * every line, nearly always the same (root), and a million copies of them add up.
   */
  private lastUname = '';
  private lastGname = '';
  /** `sha256:` followed by the digest being read, to make the digest text in one flat string. */
  private digestBytes = Buffer.from('sha256:'.padEnd(128, ' '), 'latin1');

  /**
   * Builds the entry at `path` from the `/set` defaults and the entry's own keywords (words of
   * `tokens` from index `first` on, `key=value` or bare `key`), which win. A missing `type` means a
   * regular file, as in libarchive. Throws KeywordError for bad values.
   */
  entry(path: string, defaults: ReadonlyMap<string, string | undefined>, tokens: LineTokens, first: number): FileEntry {
    const draft = this.draft;
    draft.entry = { path, type: 'file' };
    draft.time = undefined;
    draft.tarTime = undefined;
    if (defaults.size > 0) for (const [key, value] of defaults) applyKeyword(draft, key, value);
    const bytes = tokens.bytes;
    for (let i = first; i < tokens.count; i++) {
      const start = tokens.starts[i]!;
      const end = tokens.ends[i]!;
      const eq = tokens.equals[i]!;
      if (eq === end) applyKeyword(draft, tokens.text(start, end), undefined);
      else if (!this.common(bytes, start, eq, end)) applyKeyword(draft, tokens.text(start, eq), tokens.text(eq + 1, end));
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

  /**
   * Whether `entry` would make a directory of the line, found without building it: its last
   * `type=`, or the `/set` default. A reader placing other readers' lines needs no more.
   */
  isDir(defaults: ReadonlyMap<string, string | undefined>, tokens: LineTokens, first: number): boolean {
    const bytes = tokens.bytes;
    for (let i = tokens.count - 1; i >= first; i--) {
      const start = tokens.starts[i]!;
      const eq = tokens.equals[i]!;
      if (eq - start === 4 && packed(bytes, start, eq) === KEY_TYPE) return typeAt(bytes, eq + 1, tokens.ends[i]!) === 'dir';
    }
    return defaults.get('type') === 'dir';
  }

  /**
   * The keywords of nearly every line (`uid=0`, `size=N`, `time=S.N`, `sha256digest=HEX`), read
   * straight from the bytes of `key=value` (`eq` is where the `=` is). Returns false to leave a
   * keyword, or a value this shortcut cannot read, to `applyKeyword`, which also reports errors.
   *
   * Profiling note: cutting every word into key and value strings and reading them with regular
   * expressions took 3.4 s of the 13.5 s that reading two 1M-entry manifests took (bench/drift-bench.ts),
   * besides the garbage collection those strings caused; from the bytes it is about 0.6 s.
   */
  private common(bytes: Buffer, start: number, eq: number, end: number): boolean {
    const entry = this.draft.entry;
    const keyLength = eq - start;
    const from = eq + 1;
    if (keyLength === 3) {
      const key = packed(bytes, start, eq);
      if (key !== KEY_UID && key !== KEY_GID) return false;
      const n = digitsAt(bytes, from, end);
      if (n < 0) return false;
      if (key === KEY_UID) entry.uid = n;
      else entry.gid = n;
      return true;
    }
    if (keyLength === 4) {
      const key = packed(bytes, start, eq);
      if (key === KEY_SIZE) {
        const n = digitsAt(bytes, from, end);
        if (n < 0) return false;
        entry.size = n;
        return true;
      }
      if (key === KEY_MODE) {
        if (from === end || end - from > 7) return false;
        let n = 0;
        for (let i = from; i < end; i++) {
          const d = bytes[i]! - 48;
          if (d < 0 || d > 7) return false;
          n = n * 8 + d;
        }
        entry.mode = n & 0o7777;
        return true;
      }
      if (key === KEY_TIME) {
        let dot = from;
        while (dot < end && bytes[dot] !== 46) dot++;
        const sec = digitsAt(bytes, from, dot);
        const nsec = dot === end ? 0 : digitsAt(bytes, dot + 1, end);
        if (sec < 0 || nsec < 0 || nsec > 999_999_999) return false;
        this.draft.time = this.times.of(sec, nsec);
        return true;
      }
      if (key === KEY_LINK) {
        // Targets without escapes are their own text; others are decoded by `applyKeyword`.
        if (!plainAscii(bytes, from, end)) return false;
        entry.linkTarget = bytes.toString('latin1', from, end);
        return true;
      }
      if (key === KEY_TYPE) {
        const type = typeAt(bytes, from, end);
        if (type === undefined) return false;
        entry.type = type;
        return true;
      }
      return false;
    }
    if (keyLength === 5) {
      if (rangeIs(bytes, start, eq, 'uname')) {
        const name = this.name(bytes, from, end, this.lastUname);
        if (name === undefined) return false;
        entry.uname = this.lastUname = name;
        return true;
      }
      if (rangeIs(bytes, start, eq, 'gname')) {
        const name = this.name(bytes, from, end, this.lastGname);
        if (name === undefined) return false;
        entry.gname = this.lastGname = name;
        return true;
      }
    }
    if (keyLength === 5 && rangeIs(bytes, start, eq, 'nlink')) {
      const n = digitsAt(bytes, from, end);
      if (n < 0) return false;
      entry.nlink = n;
      return true;
    }
    if (keyLength === 12 && rangeIs(bytes, start, eq, 'sha256digest')) {
      const digest = this.digest(bytes, from, end);
      if (digest === undefined) return false;
      entry.digest = digest;
      return true;
    }
    return false;
  }

  /**
   * An owner or group name without escapes: `last` again when the bytes spell it, else new text.
   * Undefined for names with escapes or beyond ASCII, which `applyKeyword` decodes.
   */
  private name(bytes: Buffer, from: number, end: number, last: string): string | undefined {
    if (end - from === last.length) {
      let same = true;
      for (let i = from; i < end && same; i++) same = bytes[i] === last.charCodeAt(i - from);
      if (same) return last;
    }
    return plainAscii(bytes, from, end) ? bytes.toString('latin1', from, end) : undefined;
  }

  /**
   * `sha256:` and the ASCII hex of `bytes[from, end)` in lower case, made as one flat string: a
   * concatenation would be a rope, which V8 flattens (copies) at its first comparison (profiling:
   * the comparison of 1M entries spent most of its 1.2 s in `sameEntry` on that). Copied by a
   * loop, which profiled faster than `Buffer.copy` (a view per call) and a regular expression.
   * Undefined for bytes beyond ASCII, whose lower case `applyKeyword` works out.
   */
  private digest(bytes: Buffer, from: number, end: number): string | undefined {
    const length = 7 + end - from;
    if (length > this.digestBytes.length) {
      const grown = Buffer.allocUnsafe(length * 2);
      this.digestBytes.copy(grown, 0, 0, 7);
      this.digestBytes = grown;
    }
    const out = this.digestBytes;
    for (let i = from, o = 7; i < end; i++, o++) {
      const c = bytes[i]!;
      if (c >= 128) return undefined;
      out[o] = c >= 65 && c <= 90 ? c + 32 : c;
    }
    return out.toString('latin1', 0, length);
  }


}
