import type { Header } from 'tar-stream';
import { normalisePath, type EntryType, type FileEntry, type Timestamp } from '../tree/file-entry.js';

const TYPES: Partial<Record<Header['type'], EntryType>> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'dir',
  symlink: 'symlink',
  link: 'hardlink',
  'character-device': 'char',
  'block-device': 'block',
  fifo: 'fifo',
};

/** Prefix of PAX records that carry extended attributes (as GNU tar and Docker write them). */
const XATTR_PREFIX = 'SCHILY.xattr.';

/**
 * Converts a tar header (after tar-stream has applied GNU long names and PAX path, linkpath and
 * size) into the file-tree model. Returns null for entries that are not files of the tree.
 */
export function entryFromHeader(header: Header): FileEntry | null {
  const type = header.type ? TYPES[header.type] : 'file';
  if (!type) return null;
  const path = normalisePath(header.name);
  if (path === null) return null;
  const pax = (header.pax ?? undefined) as Record<string, string> | undefined;
  const entry: FileEntry = {
    path,
    type,
    mode: (header.mode ?? 0) & 0o7777,
    uid: paxNumber(pax?.uid) ?? header.uid ?? 0,
    gid: paxNumber(pax?.gid) ?? header.gid ?? 0,
    size: type === 'file' ? (header.size ?? 0) : 0,
    mtime: paxTime(pax?.mtime) ?? { sec: Math.floor((header.mtime?.getTime() ?? 0) / 1000), nsec: 0 },
  };
  if (type === 'symlink') entry.linkTarget = header.linkname ?? '';
  if (type === 'hardlink') entry.linkTarget = normalisePath(header.linkname ?? '') ?? header.linkname ?? '';
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
  }
  return entry;
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
