import { lstatSync, readdirSync, readlinkSync, statSync, type BigIntStats } from 'node:fs';
import { InputError } from '../settings.js';
import type { EntryType, FileEntry, FileTree } from '../tree/file-entry.js';
import { SharedTimes } from '../tree/shared-times.js';
import { HashPool } from './hash-pool.js';
import { readTreeXattrs, type TreeXattrs } from './xattr-reader.js';
import { NO_XATTRS } from '../tree/file-entry.js';

/** Options of `walkDirectory`. */
export interface WalkOptions {
  /** Worker threads hashing files besides the main thread; default one per core but one (at most 7). */
  threads?: number;
  /**
   * Descend into directories on another file system (mount points). Default false, like
   * `find -xdev`: walking a live `/` must not wander into `/proc`, where reading blocks.
   */
  crossDevices?: boolean;
  /** Read extended attributes (with getfattr); default true. When false, every entry's are unknown. */
  xattrs?: boolean;
  /** The getfattr command (tests point it elsewhere to see a missing tool); default `getfattr`. */
  getfattr?: string;
  /** Told what could not be read (extended attributes without permission or tool), once per problem. */
  warn?: (message: string) => void;
}

const TYPE_BITS: Record<number, EntryType> = {
  0o100000: 'file',
  0o040000: 'dir',
  0o120000: 'symlink',
  0o020000: 'char',
  0o060000: 'block',
  0o010000: 'fifo',
  0o140000: 'socket',
};

/** Files queued for hashing before the walk waits for the workers: bounds memory on huge trees. */
const QUEUE_LIMIT = 4096;
/** Entries walked between turns of the event loop, which take in the workers' digests. */
const ENTRIES_PER_TURN = 256;

/** The model's entry for what lstat says (without digest or link target). */
function entryFromStats(path: string, stats: BigIntStats, times: SharedTimes): FileEntry | null {
  const type = TYPE_BITS[Number(stats.mode & 0o170000n)];
  if (!type) return null;
  const entry: FileEntry = {
    path,
    type,
    mode: Number(stats.mode & 0o7777n),
    uid: Number(stats.uid),
    gid: Number(stats.gid),
    nlink: Number(stats.nlink),
    // Files of one package share their time: one object for a run of equal times.
    mtime: times.of(Number(stats.mtimeNs / 1_000_000_000n), Number(stats.mtimeNs % 1_000_000_000n)),
    // Present from the start, so every entry keeps one shape when the attributes arrive.
    xattrs: undefined,
  };
  // Other types' sizes are file-system details; bsdtar's manifests leave them out too.
  if (type === 'file') entry.size = Number(stats.size);
  if (type === 'char' || type === 'block') {
    // Linux's dev_t encoding: 12 bits of major and 20 of minor, split across the word.
    entry.devMajor = Number(((stats.rdev >> 8n) & 0xfffn) | ((stats.rdev >> 32n) & ~0xfffn));
    entry.devMinor = Number((stats.rdev & 0xffn) | ((stats.rdev >> 12n) & ~0xffn));
  }
  return entry;
}

/**
 * Walks a directory (a mounted VM disk, an unpacked root file system) into a file tree whose root
 * `/` is `root`. Symlinks are recorded, not followed. Regular files are hashed with SHA-256 on
 * worker threads (src/manifest/hash-pool.ts); hard links (same device and inode) are hashed once
 * and all appear as regular files with their `nlink`, as mtree lists them. Extended attributes
 * come from one getfattr process over the whole tree (src/manifest/xattr-reader.ts): read and
 * none is `NO_XATTRS`, unreadable is undefined.
 *
 * The walk itself is synchronous `readdir` and `lstat`, a directory at a time, turning the event
 * loop between: on a cached tree that is twice as fast as promises for every entry, and it
 * allocates no promise per entry (measured in docs/performance.md).
 */
export async function walkDirectory(rootPath: string, options: WalkOptions = {}): Promise<FileTree> {
  const root = rootPath.length > 1 && rootPath.endsWith('/') ? rootPath.replace(/\/+$/, '') || '/' : rootPath;
  let rootStats: BigIntStats | undefined;
  try {
    rootStats = statSync(root, { bigint: true });
  } catch {
    rootStats = undefined;
  }
  if (!rootStats?.isDirectory()) throw new InputError(`directory ${rootPath} does not exist or is not a directory`);
  const crossDevices = options.crossDevices ?? false;
  const xattrsRead: Promise<TreeXattrs> | undefined =
    options.xattrs === false ? undefined : readTreeXattrs(root, { crossDevices, ...(options.getfattr ? { command: options.getfattr } : {}) });
  const prefix = root === '/' ? '' : root;
  const failures: string[] = [];
  const pool = new HashPool<FileEntry>(
    {
      pathOf: (entry) => prefix + entry.path,
      sizeOf: (entry) => entry.size!,
      done: (entry, hex) => {
        if (hex.charCodeAt(0) === 33) failures.push(`${prefix + entry.path}: ${hex.slice(1)}`);
        else entry.digest = 'sha256:' + hex;
      },
    },
    options.threads,
  );
  const tree: FileTree = new Map();
  // Later names of a hard-linked inode, and the first name, whose digest they share.
  const inodes = new Map<string, FileEntry>();
  const links: FileEntry[] = [];
  const linkFirsts: FileEntry[] = [];
  const times = new SharedTimes();

  try {
    const visitStats = (path: string, stats: BigIntStats, dirs: string[]): void => {
      const entry = entryFromStats(path, stats, times);
      if (!entry) return;
      tree.set(path, entry);
      if (entry.type === 'symlink') {
        entry.linkTarget = readlinkSync(prefix + path);
      } else if (entry.type === 'file') {
        if (stats.nlink > 1n) {
          const key = `${stats.dev}:${stats.ino}`;
          const first = inodes.get(key);
          if (first) {
            links.push(entry);
            linkFirsts.push(first);
            return;
          }
          inodes.set(key, entry);
        }
        pool.add(entry);
      } else if (entry.type === 'dir' && (path === '/' || crossDevices || stats.dev === rootStats.dev)) {
        dirs.push(path);
      }
    };

    const dirs: string[] = [];
    visitStats('/', rootStats, dirs);
    let sinceTurn = 0;
    while (dirs.length > 0) {
      const dir = dirs.pop()!;
      const names = readdirSync(dir === '/' ? root : prefix + dir).sort();
      const base = dir === '/' ? '/' : dir + '/';
      const found: string[] = [];
      for (const name of names) {
        const path = base + name;
        visitStats(path, lstatSync(prefix + path, { bigint: true }), found);
      }
      // Depth first, in name order: the first subdirectory is walked next.
      for (let i = found.length - 1; i >= 0; i--) dirs.push(found[i]!);
      sinceTurn += names.length;
      if (sinceTurn >= ENTRIES_PER_TURN || pool.pending > QUEUE_LIMIT) {
        sinceTurn = 0;
        await pool.below(QUEUE_LIMIT);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    await pool.below(0);
  } finally {
    await pool.close();
  }
  if (failures.length > 0) throw new Error(`could not read ${failures.length} file(s): ${failures.slice(0, 3).join('; ')}`);
  for (let i = 0; i < links.length; i++) links[i]!.digest = linkFirsts[i]!.digest;
  if (xattrsRead) applyXattrs(tree, prefix, await xattrsRead, options.warn);
  return tree;
}

/** Sets every entry's xattrs from getfattr's findings; what it could not read stays undefined. */
function applyXattrs(tree: FileTree, prefix: string, found: TreeXattrs, warn: WalkOptions['warn']): void {
  for (const problem of found.problems) warn?.(`extended attributes: ${problem}`);
  if (found.unreadable === 'all') {
    warn?.('extended attributes could not be read: every entry marks them unknown');
    return;
  }
  tree.forEach((entry) => (entry.xattrs = NO_XATTRS));
  const modelPath = (abs: string): string => (abs === prefix || abs === '/' ? '/' : abs.slice(prefix.length));
  found.byPath.forEach((xattrs, abs) => {
    const entry = tree.get(modelPath(abs));
    if (entry) entry.xattrs = Object.keys(xattrs).length > 0 ? xattrs : NO_XATTRS;
  });
  if (found.unreadable.size === 0) return;
  // A path getfattr could not read, and everything below it: a directory it could not enter
  // hides its entries from getfattr, though the walk (another user, or a moment later) saw them.
  const unreadable = [...found.unreadable].map(modelPath);
  const below = unreadable.map((path) => (path === '/' ? '/' : path + '/'));
  tree.forEach((entry, path) => {
    for (let i = 0; i < unreadable.length; i++) {
      if (path === unreadable[i] || path.startsWith(below[i]!)) {
        entry.xattrs = undefined;
        return;
      }
    }
  });
}
