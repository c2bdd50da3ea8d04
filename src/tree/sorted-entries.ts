import type { FileEntry, FileTree } from './file-entry.js';

/**
 * The entries of a tree sorted by path (code-unit order), so that manifests of the same tree are
 * byte for byte the same whatever order the tree was filled in.
 */
export function sortedEntries(tree: FileTree): FileEntry[] {
  return [...tree.keys()].sort().map((path) => tree.get(path)!);
}
