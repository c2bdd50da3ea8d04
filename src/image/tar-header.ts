import type { Header } from 'tar-stream';
import type { EntryType, FileEntry, Timestamp } from '../tree/file-entry.js';
import { SharedTimes } from '../tree/shared-times.js';
import { quote } from './error-text.js';
import { NAME_LIMIT, PAX_LIMIT, SizeLimitError } from './stream-limits.js';

/** The file-tree type of each tar entry type (undefined: not a file of the tree). */
export const TAR_ENTRY_TYPES: Partial<Record<Header['type'], EntryType>> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'dir',
  symlink: 'symlink',
  link: 'hardlink',
  'character-device': 'char',
  'block-device': 'block',
  fifo: 'fifo',
};

/**
 * Prefix of PAX records that carry extended attributes as raw bytes (GNU tar, bsdtar, Go's
 * archive/tar and so Docker). The tar parser hands their values on as binary strings.
 */
const XATTR_PREFIX = 'SCHILY.xattr.';
/**
 * libarchive's own records: the name URL-encoded (`%XX`), the value in base64. bsdtar writes them
 * next to `SCHILY.xattr.*`, which win when both name one attribute.
 */
const LIBARCHIVE_PREFIX = 'LIBARCHIVE.xattr.';

/**
 * Converts a tar header (after tar-stream has applied GNU long names and PAX path, linkpath and
 * size) into the file-tree model. Returns null for entries that are not files of the tree. Throws
 * SizeLimitError for a name, link target or set of PAX records past `NAME_LIMIT` or `PAX_LIMIT`.
 */
/** The times of the entries read so far, shared while they repeat (see SharedTimes). */
const times = new SharedTimes();

export function entryFromHeader(header: Header): FileEntry | null {
  checkHeaderSize(header);
  const type = header.type ? TAR_ENTRY_TYPES[header.type] : 'file';
  if (!type) return null;
  const path = layerPath(header.name);
  const pax = (header.pax ?? undefined) as Record<string, string> | undefined;
  const entry: FileEntry = {
    path,
    type,
    mode: (header.mode ?? 0) & 0o7777,
    uid: paxNumber(pax?.uid) ?? header.uid ?? 0,
    gid: paxNumber(pax?.gid) ?? header.gid ?? 0,
    size: type === 'file' ? (header.size ?? 0) : 0,
    mtime: times.share(paxTime(pax?.mtime) ?? { sec: Math.floor((header.mtime?.getTime() ?? 0) / 1000), nsec: 0 }),
    // Declared here, set once the content is hashed: an object literal gets room for exactly the
    // properties it names, and one added later costs a separate 40-byte property array per file.
    digest: undefined,
  };
  if (type === 'symlink') entry.linkTarget = header.linkname ?? '';
  if (type === 'hardlink') entry.linkTarget = layerPath(header.linkname ?? '');
  if (type === 'char' || type === 'block') {
    entry.devMajor = header.devmajor ?? 0;
    entry.devMinor = header.devminor ?? 0;
  }
  if (pax) {
    for (const key of Object.keys(pax)) {
      if (key.startsWith(XATTR_PREFIX)) {
        entry.xattrs ??= {};
        entry.xattrs[key.slice(XATTR_PREFIX.length)] = pax[key] ?? '';
      }
    }
    for (const key of Object.keys(pax)) {
      if (!key.startsWith(LIBARCHIVE_PREFIX)) continue;
      const name = urlDecoded(key.slice(LIBARCHIVE_PREFIX.length));
      if (name === null || pax[XATTR_PREFIX + name] !== undefined) continue;
      entry.xattrs ??= {};
      entry.xattrs[name] = Buffer.from(pax[key] ?? '', 'base64').toString('latin1');
    }
  }
  return entry;
}

/** A libarchive attribute name: `%XX` escapes of UTF-8 bytes; null when it is not well formed. */
function urlDecoded(name: string): string | null {
  try {
    return decodeURIComponent(name);
  } catch {
    return null;
  }
}

/**
 * The tree path of a tar entry's name (or a hard link's target): absolute, normalised, and never
 * above the root. `..` at the root stays at the root, as in a path resolved inside a container
 * (containerd unpacks layers this way), so `../../etc/passwd` is `/etc/passwd` and the entry stays
 * visible instead of vanishing; names are otherwise kept as they are, control characters included.
 */
export function layerPath(name: string): string {
  // Joined from a leading '' rather than '/' + join: the concatenation made a two-part string that
  // every tree kept per entry, 32 bytes more than one flat string (profiling, retained heap).
  const parts: string[] = [''];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 1) parts.pop();
    } else parts.push(part);
  }
  return parts.length === 1 ? '/' : parts.join('/');
}

/**
 * Caps what one header may make the reader keep: tar-stream holds PAX and GNU long-name headers of
 * up to 4 MiB, and every name is kept as a key of the tree, so a compressed layer of a few KiB
 * could otherwise pin gigabytes.
 */
function checkHeaderSize(header: Header): void {
  const name = header.name ?? '';
  if (Buffer.byteLength(name) > NAME_LIMIT) throw new SizeLimitError(`the name of tar entry ${quote(name)}`, NAME_LIMIT);
  const link = header.linkname ?? '';
  if (Buffer.byteLength(link) > NAME_LIMIT) throw new SizeLimitError(`the link target of tar entry ${quote(name)}`, NAME_LIMIT);
  const pax = (header.pax ?? undefined) as Record<string, string> | undefined;
  if (!pax) return;
  let bytes = 0;
  for (const [key, value] of Object.entries(pax)) bytes += Buffer.byteLength(key) + Buffer.byteLength(String(value)) + 1;
  if (bytes > PAX_LIMIT) throw new SizeLimitError(`the PAX header of tar entry ${quote(name)}`, PAX_LIMIT);
}

function paxNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Parses a PAX time (`1704164645.123456789`, decimal fraction of a second) exactly, without going
 * through a float, which cannot hold nanoseconds of a current date.
 */
export function paxTime(value: string | undefined): Timestamp | undefined {
  if (value === undefined) return undefined;
  const match = /^(-?\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return undefined;
  const sec = Number(match[1]);
  const fraction = (match[2] ?? '').slice(0, 9).padEnd(9, '0');
  return { sec, nsec: Number(fraction) };
}
