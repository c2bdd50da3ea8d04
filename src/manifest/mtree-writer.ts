import type { Writable } from 'node:stream';
import { EXTRA_DIGESTS, type FileEntry } from '../tree/file-entry.js';
import { writeLines } from './line-output.js';
import { encodeMtreeToken } from './mtree-escape.js';
import { MTREE_TYPE } from './mtree-values.js';
import { xattrToBase64 } from './xattr-values.js';

/** Options of the mtree writer. */
export interface MtreeWriteOptions {
  /**
   * Also write go-mtree's extensions (`sha512256digest`, `tar_time`), keywords kept
   * from the source, and sockets. Off by default: bsdtar rejects keywords it does not know and the
   * type `socket` (it never archives sockets), and the default output must read back in bsdtar.
   */
  extensions?: boolean;
}

/** The `time=` value: seconds, a dot and nine digits, which reads the same as nanoseconds or a fraction. */
export function formatMtreeTime(sec: number, nsec: number): string {
  return `${sec}.${String(nsec).padStart(9, '0')}`;
}

/** The mtree path of a normalised path, in the full-path form bsdtar writes (`.`, `./etc/x`). */
function mtreePath(path: string): string {
  return path === '/' ? '.' : '.' + encodeMtreeToken(path);
}

/**
 * One entry as a line of the full-path form. Hard links become regular files (mtree has no
 * hard-link type; their `nlink` tells), as bsdtar writes them.
 */
export function formatMtreeEntry(entry: FileEntry, options: MtreeWriteOptions = {}): string {
  let line = mtreePath(entry.path) + ' type=' + MTREE_TYPE[entry.type];
  if (entry.mode !== undefined) line += ' mode=' + entry.mode.toString(8).padStart(4, '0');
  if (entry.uid !== undefined) line += ' uid=' + entry.uid;
  if (entry.gid !== undefined) line += ' gid=' + entry.gid;
  if (entry.uname !== undefined) line += ' uname=' + encodeMtreeToken(entry.uname);
  if (entry.gname !== undefined) line += ' gname=' + encodeMtreeToken(entry.gname);
  if (entry.size !== undefined && entry.type !== 'dir' && entry.type !== 'symlink') line += ' size=' + entry.size;
  if (entry.mtime !== undefined) line += (entry.mtimeSecondsOnly && options.extensions ? ' tar_time=' : ' time=') + formatMtreeTime(entry.mtime.sec, entry.mtime.nsec);
  if (entry.type === 'symlink' && entry.linkTarget !== undefined) line += ' link=' + encodeMtreeToken(entry.linkTarget);
  if (entry.nlink !== undefined) line += ' nlink=' + entry.nlink;
  if (entry.flags !== undefined) line += ' flags=' + entry.flags;
  if ((entry.type === 'char' || entry.type === 'block') && entry.devMajor !== undefined) {
    line += ` device=native,${entry.devMajor},${entry.devMinor ?? 0}`;
  }
  if (entry.digest !== undefined) line += ' sha256digest=' + entry.digest.replace(/^sha256:/, '');
  if (entry.digests) {
    for (const algorithm of EXTRA_DIGESTS) {
      const value = entry.digests[algorithm];
      if (value === undefined) continue;
      if (algorithm === 'cksum') line += ' cksum=' + value;
      else if (algorithm !== 'sha512256' || options.extensions) line += ` ${algorithm}digest=${value}`;
    }
  }
  // go-mtree's xattr keywords even without `extensions`: a capability or ACL is part of the state,
  // and leaving it out would hide its drift. bsdtar warns of these keywords ("Unrecognized key").
  if (entry.xattrs !== undefined) {
    for (const name of Object.keys(entry.xattrs)) line += ` xattr.${encodeMtreeToken(name)}=${xattrToBase64(entry.xattrs[name]!)}`;
  }
  if (options.extensions) {
    for (const [key, value] of Object.entries(entry.extraKeywords ?? {})) line += value === '' ? ` ${key}` : ` ${key}=${value}`;
  }
  for (const flag of entry.verify ?? []) line += ' ' + flag;
  return line;
}

/**
 * The lines of an mtree manifest: the `#mtree` signature, then one line per entry as they come
 * (sockets only with `extensions`: they exist only while a program runs, and bsdtar rejects them).
 */
export async function* mtreeLines(entries: Iterable<FileEntry> | AsyncIterable<FileEntry>, options: MtreeWriteOptions = {}): AsyncGenerator<string> {
  yield '#mtree';
  for await (const entry of entries) {
    if (entry.type === 'socket' && !options.extensions) continue;
    yield formatMtreeEntry(entry, options);
  }
}

/** Streams an mtree manifest of `entries` (in the order given) to `out`, and ends it. */
export async function writeMtree(entries: Iterable<FileEntry> | AsyncIterable<FileEntry>, out: Writable, options: MtreeWriteOptions = {}): Promise<void> {
  await writeLines(mtreeLines(entries, options), out);
}
