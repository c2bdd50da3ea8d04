import type { ImageArchive } from '../image/image-archive.js';
import { parentPath, type FileEntry, type FileTree } from '../tree/file-entry.js';
import { mergeLayers } from '../tree/merge-layers.js';

/**
 * The file system a container of the image sees, as a manifest describes a disk: layers merged,
 * hard links turned into the regular files they are (mtree and directory walks know no hard-link
 * type), and link counts filled in as a Linux file system would report them (a file: its names;
 * a directory: 2 plus its subdirectories), so an image manifest compares cleanly with a walk of the
 * same files.
 */
export function imageFileSystem(archive: ImageArchive): FileTree {
  const merged = mergeLayers(archive.layers.map((layer) => layer.tree));
  const names = new Map<string, number>();
  for (const entry of merged.values()) {
    if (entry.type === 'hardlink' && entry.linkTarget !== undefined) names.set(entry.linkTarget, (names.get(entry.linkTarget) ?? 1) + 1);
  }
  const subdirs = new Map<string, number>();
  for (const entry of merged.values()) {
    if (entry.type === 'dir' && entry.path !== '/') subdirs.set(parentPath(entry.path), (subdirs.get(parentPath(entry.path)) ?? 0) + 1);
  }
  const tree: FileTree = new Map();
  for (const [path, entry] of merged) {
    let out: FileEntry;
    if (entry.type === 'hardlink') {
      const target = entry.linkTarget !== undefined ? merged.get(entry.linkTarget) : undefined;
      const { linkTarget: _link, ...rest } = entry;
      out = { ...rest, type: 'file', nlink: entry.linkTarget !== undefined ? (names.get(entry.linkTarget) ?? 1) : 1 };
      if (target?.digest !== undefined) out.digest = target.digest;
      if (target?.size !== undefined) out.size = target.size;
    } else if (entry.type === 'dir') {
      out = { ...entry, nlink: 2 + (subdirs.get(path) ?? 0) };
      delete out.size;
    } else {
      out = { ...entry, nlink: names.get(path) ?? 1 };
      if (entry.type !== 'file') delete out.size;
    }
    tree.set(path, out);
  }
  // Every image has a root even when no layer lists `/` itself.
  if (!tree.has('/')) tree.set('/', { path: '/', type: 'dir', mode: 0o755, uid: 0, gid: 0, nlink: 2 + (subdirs.get('/') ?? 0) });
  return tree;
}
