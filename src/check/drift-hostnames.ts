import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { HOSTNAME_FILES, type HostnameTexts } from '../drift/identity-files.js';
import type { FileTree } from '../tree/file-entry.js';

/** The most of a host-name file read: they are a few lines; a bigger one is read no further. */
const MOST = 1024 * 1024;

/**
 * The text of a regular file of a walked tree, or undefined. The tree says it is a regular file
 * (the walk followed no symlink to get there); O_NOFOLLOW keeps a symlink put in its place since
 * from being followed out of the directory (an absolute link in a mounted disk names the host's
 * own files).
 */
async function readText(root: string, tree: FileTree, path: string): Promise<string | undefined> {
  if (tree.get(path)?.type !== 'file') return undefined;
  const handle = await open(join(root, path), constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
  if (!handle) return undefined;
  try {
    const buffer = Buffer.alloc(MOST);
    const { bytesRead } = await handle.read(buffer, 0, MOST, 0);
    return buffer.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Reads /etc/hostname of a template and its clone, both directories, and the clone's files that
 * commonly carry the host name (HOSTNAME_FILES), for `compareDrift`'s clone hazards.
 */
export async function readHostnameTexts(baseline: { root: string; tree: FileTree }, snapshot: { root: string; tree: FileTree }): Promise<HostnameTexts> {
  const files = new Map<string, string>();
  for (const { path } of HOSTNAME_FILES) {
    const text = await readText(snapshot.root, snapshot.tree, path);
    if (text !== undefined) files.set(path, text);
  }
  const texts: HostnameTexts = { files };
  const old = await readText(baseline.root, baseline.tree, '/etc/hostname');
  const now = await readText(snapshot.root, snapshot.tree, '/etc/hostname');
  if (old !== undefined) texts.baseline = old;
  if (now !== undefined) texts.snapshot = now;
  return texts;
}
