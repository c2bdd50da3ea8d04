import { parentPath, type FileTree } from './file-entry.js';

/** Prefix that marks a whiteout entry in a layer: `.wh.name` deletes `name` from lower layers. */
export const WHITEOUT_PREFIX = '.wh.';
/** Name of the entry that makes its directory opaque: nothing from lower layers shows through. */
export const OPAQUE_MARKER = '.wh..wh..opq';

/** Base name of a normalised path. */
function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Whether an entry of a layer is a whiteout or opaque marker rather than a file of the image. */
export function isWhiteout(path: string): boolean {
  return baseName(path).startsWith(WHITEOUT_PREFIX);
}

/**
 * Applies layers from bottom to top, as an overlay file system does, and returns the merged file
 * system of the image. Whiteouts remove the named entry and everything under it; an opaque marker
 * hides everything the lower layers had under its directory. Marker entries never appear in the
 * result.
 */
export function mergeLayers(layers: readonly FileTree[]): FileTree {
  const merged: FileTree = new Map();
  for (const layer of layers) {
    // Deletions apply to lower layers only, so collect them first and then add this layer's entries.
    const removals: string[] = [];
    for (const path of layer.keys()) {
      const name = baseName(path);
      if (name === OPAQUE_MARKER) removals.push(parentPath(path) + '/');
      else if (name.startsWith(WHITEOUT_PREFIX)) {
        const dir = parentPath(path);
        removals.push((dir === '/' ? '' : dir) + '/' + name.slice(WHITEOUT_PREFIX.length));
      }
    }
    if (removals.length > 0) removeUnder(merged, removals);
    for (const [path, entry] of layer) {
      if (!isWhiteout(path)) merged.set(path, entry);
    }
  }
  return merged;
}

/**
 * Removes entries named in `removals`: a path ending in `/` removes everything below that directory
 * (an opaque directory keeps itself), any other path removes itself and everything below it.
 * Each entry looks up its own ancestors (O(depth)) rather than being tested against every removal,
 * so a layer with many whiteouts costs no more than one with few.
 */
function removeUnder(tree: FileTree, removals: string[]): void {
  const gone = new Set<string>();
  const emptied = new Set<string>();
  for (const removal of removals) {
    if (removal.endsWith('/')) emptied.add(removal.replace(/\/+$/, '') || '/');
    else gone.add(removal);
  }
  // The root is never removed; a root-level opaque marker empties "/" and keeps "/" itself.
  for (const path of [...tree.keys()]) {
    if (path === '/') continue;
    if (gone.has(path)) {
      tree.delete(path);
      continue;
    }
    for (let ancestor = parentPath(path); ; ancestor = parentPath(ancestor)) {
      if (gone.has(ancestor) || emptied.has(ancestor)) {
        tree.delete(path);
        break;
      }
      if (ancestor === '/') break;
    }
  }
}
