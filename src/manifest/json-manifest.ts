/**
 * repro-check's own manifest format, schema version 1 (docs/manifest.md has the user's view).
 *
 * JSON Lines: the first line is a header object, every further line one entry object, so a writer
 * streams and a reader handles a million entries without holding one huge document, and an error
 * names its line. A single JSON document `{"schemaVersion": 1, …header, "entries": [ … ]}` is read
 * too, for hand-written baselines.
 *
 * Header: `{"schemaVersion": 1, "kind": "repro-check-manifest", "generator": "repro-check 0.1.0",
 * "source": {"type": "dir", "ref": "/mnt/vm"}}` (`generator` and `source` optional).
 *
 * Entry (only `path` and `type` required; a missing field is unknown, not empty):
 * - `path`: absolute, normalised (`/`, `/etc/passwd`);
 * - `type`: `file`, `dir`, `symlink`, `hardlink`, `char`, `block`, `fifo`, `socket`;
 * - `mode`: octal string of the permission bits (`"0644"`); `uid`, `gid`, `nlink`, `size`: numbers;
 * - `uname`, `gname`, `flags`: strings;
 * - `mtime`: `"seconds.nnnnnnnnn"`, always nine digits of nanoseconds; `mtimeSecondsOnly`: true
 *   when the source kept whole seconds only;
 * - `link`: symlink target, or the path a hard link points to;
 * - `digests`: `{"sha256": hex, "sha512": hex, …}` by mtree's algorithm names;
 * - `xattrs`: `{name: value}`, a value as text when its bytes are printable UTF-8, else
 *   `{"base64": "…"}` (src/manifest/xattr-values.ts); `{}` when read and there are none; `device`: `[major, minor]`; `verify`: `["optional"]` etc.;
 *   `extra`: keywords kept from an mtree source.
 */
import { EXTRA_DIGESTS, type EntryType, type FileEntry, type Timestamp, type VerifyFlag } from '../tree/file-entry.js';
import { NO_XATTRS } from '../tree/file-entry.js';
import { xattrFromJson, xattrToJson, type JsonXattrValue } from './xattr-values.js';

/** The schema version this code writes and reads. */
export const MANIFEST_SCHEMA_VERSION = 1;
/** The header's `kind`, which tells the file from other JSON. */
export const MANIFEST_KIND = 'repro-check-manifest';

/** The first line of a JSON manifest. */
export interface ManifestHeader {
  schemaVersion: 1;
  kind: typeof MANIFEST_KIND;
  /** The program that wrote it, `repro-check 0.1.0`. */
  generator?: string;
  /** What the manifest describes: an image reference, an archive, a directory. */
  source?: { type: 'image' | 'archive' | 'dir' | 'manifest'; ref: string };
}

/** One entry line of a JSON manifest; fields as the file comment describes. */
export interface JsonManifestEntry {
  path: string;
  type: EntryType;
  mode?: string;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  size?: number;
  mtime?: string;
  mtimeSecondsOnly?: boolean;
  link?: string;
  nlink?: number;
  flags?: string;
  digests?: Record<string, string>;
  xattrs?: Record<string, JsonXattrValue>;
  device?: [number, number];
  verify?: VerifyFlag[];
  extra?: Record<string, string>;
}

const ENTRY_TYPES = new Set<string>(['file', 'dir', 'symlink', 'hardlink', 'char', 'block', 'fifo', 'socket']);
const VERIFY = new Set<string>(['ignore', 'optional', 'nochange']);
const DIGEST_NAMES = new Set<string>(['sha256', ...EXTRA_DIGESTS]);

/** Converts a model entry into its JSON form. */
export function toJsonEntry(entry: FileEntry): JsonManifestEntry {
  const json: JsonManifestEntry = { path: entry.path, type: entry.type };
  if (entry.mode !== undefined) json.mode = entry.mode.toString(8).padStart(4, '0');
  if (entry.uid !== undefined) json.uid = entry.uid;
  if (entry.gid !== undefined) json.gid = entry.gid;
  if (entry.uname !== undefined) json.uname = entry.uname;
  if (entry.gname !== undefined) json.gname = entry.gname;
  if (entry.size !== undefined) json.size = entry.size;
  if (entry.mtime !== undefined) json.mtime = `${entry.mtime.sec}.${String(entry.mtime.nsec).padStart(9, '0')}`;
  if (entry.mtimeSecondsOnly) json.mtimeSecondsOnly = true;
  if (entry.linkTarget !== undefined) json.link = entry.linkTarget;
  if (entry.nlink !== undefined) json.nlink = entry.nlink;
  if (entry.flags !== undefined) json.flags = entry.flags;
  if (entry.digest !== undefined || entry.digests !== undefined) {
    const digests: Record<string, string> = {};
    if (entry.digest !== undefined) digests.sha256 = entry.digest.replace(/^sha256:/, '');
    for (const algorithm of EXTRA_DIGESTS) {
      const value = entry.digests?.[algorithm];
      if (value !== undefined) digests[algorithm] = value;
    }
    json.digests = digests;
  }
  if (entry.xattrs !== undefined) {
    const xattrs: Record<string, JsonXattrValue> = {};
    for (const name of Object.keys(entry.xattrs)) xattrs[name] = xattrToJson(entry.xattrs[name]!);
    json.xattrs = xattrs;
  }
  if (entry.devMajor !== undefined || entry.devMinor !== undefined) json.device = [entry.devMajor ?? 0, entry.devMinor ?? 0];
  if (entry.verify !== undefined) json.verify = [...entry.verify];
  if (entry.extraKeywords !== undefined) json.extra = { ...entry.extraKeywords };
  return json;
}

/** Raised by `fromJsonEntry` for a field that does not fit the schema; the reader adds the line. */
export class JsonEntryError extends Error {
  override name = 'JsonEntryError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new JsonEntryError(`${field} must be a whole number ≥ 0`);
  return value;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new JsonEntryError(`${field} must be a string`);
  return value;
}

function textRecord(value: unknown, field: string): Record<string, string> {
  if (!isRecord(value)) throw new JsonEntryError(`${field} must be an object of strings`);
  const out: Record<string, string> = {};
  // Object.keys, not Object.entries: the same keys in the same order, without a pair for each.
  for (const key of Object.keys(value)) out[key] = text(value[key], `${field}.${key}`);
  return out;
}

/** The model's xattrs of JSON's `xattrs`: binary strings; `{}` becomes the shared `NO_XATTRS`. */
function xattrRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) throw new JsonEntryError('xattrs must be an object');
  const keys = Object.keys(value);
  if (keys.length === 0) return NO_XATTRS;
  const out: Record<string, string> = {};
  for (const key of keys) {
    const bytes = xattrFromJson(value[key]);
    if (bytes === undefined) throw new JsonEntryError(`xattrs.${key} must be text or {"base64": "…"}`);
    out[key] = bytes;
  }
  return out;
}

/**
 * Whether a path is absolute and normalised: `/`, or `/` and parts that are neither empty, `.`
 * nor `..`. A scan rather than a split, which made an array and a string per part of every entry
 * (profiling: with it and the mtime pattern, `fromJsonEntry` took 2.2 s of reading two 1M-entry
 * JSON manifests; without, 1.3 s).
 */
function isNormalised(path: string): boolean {
  if (path.charCodeAt(0) !== 47) return false;
  if (path.length === 1) return true;
  for (let slash = 0; slash >= 0; slash = path.indexOf('/', slash + 1)) {
    const end = path.indexOf('/', slash + 1);
    const length = (end < 0 ? path.length : end) - slash - 1;
    if (length === 0) return false;
    if (path.charCodeAt(slash + 1) === 46 && (length === 1 || (length === 2 && path.charCodeAt(slash + 2) === 46))) return false;
  }
  return true;
}

const TIME_ERROR = 'mtime must be "seconds.nnnnnnnnn" (nine digits of nanoseconds)';

/**
 * Reads `"seconds"` or `"seconds.nnnnnnnnn"` (an optional minus, nine digits of nanoseconds),
 * without a regular expression's match array and substrings; a long number of seconds is left to
 * `Number`, as the pattern this replaces did.
 */
function parseJsonTime(value: string): Timestamp {
  let i = value.charCodeAt(0) === 45 ? 1 : 0;
  const from = i;
  let sec = 0;
  for (; i < value.length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    sec = sec * 10 + d;
  }
  const secEnd = i;
  if (secEnd === from) throw new JsonEntryError(TIME_ERROR);
  let nsec = 0;
  if (i < value.length) {
    if (value.charCodeAt(i) !== 46 || value.length - i !== 10) throw new JsonEntryError(TIME_ERROR);
    for (i++; i < value.length; i++) {
      const d = value.charCodeAt(i) - 48;
      if (d < 0 || d > 9) throw new JsonEntryError(TIME_ERROR);
      nsec = nsec * 10 + d;
    }
  }
  if (secEnd - from > 15) sec = Number(value.slice(from, secEnd));
  return { sec: from === 1 ? -sec : sec, nsec };
}

/** Validates one parsed JSON entry and converts it into the model. */
export function fromJsonEntry(value: unknown): FileEntry {
  if (!isRecord(value)) throw new JsonEntryError('an entry must be an object');
  const path = text(value.path, 'path');
  if (!isNormalised(path)) throw new JsonEntryError(`path ${JSON.stringify(path)} is not absolute and normalised`);
  const type = text(value.type, 'type');
  if (!ENTRY_TYPES.has(type)) throw new JsonEntryError(`type ${JSON.stringify(type)} is not one of ${[...ENTRY_TYPES].join(', ')}`);
  const entry: FileEntry = { path, type: type as EntryType };
  if (value.mode !== undefined) {
    const mode = text(value.mode, 'mode');
    if (!/^[0-7]{1,7}$/.test(mode)) throw new JsonEntryError(`mode ${JSON.stringify(mode)} is not an octal string`);
    entry.mode = parseInt(mode, 8) & 0o7777;
  }
  if (value.uid !== undefined) entry.uid = count(value.uid, 'uid');
  if (value.gid !== undefined) entry.gid = count(value.gid, 'gid');
  if (value.uname !== undefined) entry.uname = text(value.uname, 'uname');
  if (value.gname !== undefined) entry.gname = text(value.gname, 'gname');
  if (value.size !== undefined) entry.size = count(value.size, 'size');
  if (value.mtime !== undefined) entry.mtime = parseJsonTime(text(value.mtime, 'mtime'));
  if (value.mtimeSecondsOnly === true) entry.mtimeSecondsOnly = true;
  if (value.link !== undefined) entry.linkTarget = text(value.link, 'link');
  if (value.nlink !== undefined) entry.nlink = count(value.nlink, 'nlink');
  if (value.flags !== undefined) entry.flags = text(value.flags, 'flags');
  if (value.digests !== undefined) {
    const digests = textRecord(value.digests, 'digests');
    // for-in over the fresh copy: its own keys only, without an array of pairs per entry.
    for (const algorithm in digests) {
      const hex = digests[algorithm]!;
      if (!DIGEST_NAMES.has(algorithm)) throw new JsonEntryError(`digests.${algorithm}: unknown algorithm (known: ${[...DIGEST_NAMES].join(', ')})`);
      // Lower-casing the joined text gives the same digest as one flat string rather than a rope
      // (V8 returns the flattened text when nothing changes case), which V8 would otherwise copy at
      // its first comparison (profiling: 0.5 s of comparing two 1M-entry JSON manifests).
      if (algorithm === 'sha256') entry.digest = ('sha256:' + hex).toLowerCase();
      else (entry.digests ??= {})[algorithm as (typeof EXTRA_DIGESTS)[number]] = hex.toLowerCase();
    }
  }
  if (value.xattrs !== undefined) entry.xattrs = xattrRecord(value.xattrs);
  if (value.device !== undefined) {
    if (!Array.isArray(value.device) || value.device.length !== 2) throw new JsonEntryError('device must be [major, minor]');
    entry.devMajor = count(value.device[0], 'device[0]');
    entry.devMinor = count(value.device[1], 'device[1]');
  }
  if (value.verify !== undefined) {
    if (!Array.isArray(value.verify) || !value.verify.every((v) => typeof v === 'string' && VERIFY.has(v))) {
      throw new JsonEntryError('verify must be a list of ignore, optional, nochange');
    }
    entry.verify = value.verify as VerifyFlag[];
  }
  if (value.extra !== undefined) entry.extraKeywords = textRecord(value.extra, 'extra');
  return entry;
}
