import { createHash } from 'node:crypto';
import { createReadStream, type BigIntStats } from 'node:fs';
import { lstat, readdir, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InputError } from '../settings.js';
import type { EntryType, FileEntry, FileTree } from '../tree/file-entry.js';

/** Options of `walkDirectory`. */
export interface WalkOptions {
  /** File system operations (lstat, readdir, hashing a file) running at once; default 16. */
  concurrency?: number;
  /**
   * Descend into directories on another file system (mount points). Default false, like
   * `find -xdev`: walking a live `/` must not wander into `/proc`, where reading blocks.
   */
  crossDevices?: boolean;
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

/** Runs async jobs with at most `n` at a time. */
function limiter(n: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return 'sha256:' + hash.digest('hex');
}

/** The model's entry for what lstat says (without digest or link target). */
function entryFromStats(path: string, stats: BigIntStats): FileEntry | null {
  const type = TYPE_BITS[Number(stats.mode & 0o170000n)];
  if (!type) return null;
  const entry: FileEntry = {
    path,
    type,
    mode: Number(stats.mode & 0o7777n),
    uid: Number(stats.uid),
    gid: Number(stats.gid),
    nlink: Number(stats.nlink),
    mtime: { sec: Number(stats.mtimeNs / 1_000_000_000n), nsec: Number(stats.mtimeNs % 1_000_000_000n) },
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
 * `/` is `root`. Symlinks are recorded, not followed. Regular files are hashed with SHA-256 as
 * they stream; hard links (same device and inode) are hashed once and all appear as regular files
 * with their `nlink`, as mtree lists them.
 */
export async function walkDirectory(root: string, options: WalkOptions = {}): Promise<FileTree> {
  const rootStats = await stat(root, { bigint: true }).catch(() => null);
  if (!rootStats?.isDirectory()) throw new InputError(`directory ${root} does not exist or is not a directory`);
  const run = limiter(Math.max(1, options.concurrency ?? 16));
  const tree: FileTree = new Map();
  const inodes = new Map<string, Promise<string>>();

  const visit = async (abs: string, path: string, stats: BigIntStats): Promise<void> => {
    const entry = entryFromStats(path, stats);
    if (!entry) return;
    tree.set(path, entry);
    if (entry.type === 'symlink') {
      entry.linkTarget = await run(() => readlink(abs));
    } else if (entry.type === 'file') {
      const key = `${stats.dev}:${stats.ino}`;
      let digest = stats.nlink > 1n ? inodes.get(key) : undefined;
      if (!digest) {
        digest = run(() => sha256File(abs));
        if (stats.nlink > 1n) inodes.set(key, digest);
      }
      entry.digest = await digest;
    } else if (entry.type === 'dir') {
      if (path !== '/' && stats.dev !== rootStats.dev && !options.crossDevices) return;
      const names = (await run(() => readdir(abs))).sort();
      await Promise.all(
        names.map(async (name) => {
          const childAbs = join(abs, name);
          const childStats = await run(() => lstat(childAbs, { bigint: true }));
          await visit(childAbs, path === '/' ? '/' + name : path + '/' + name, childStats);
        }),
      );
    }
  };
  await visit(root, '/', rootStats);
  return tree;
}
