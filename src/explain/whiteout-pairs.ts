/**
 * Whiteouts that record one deletion two ways: one image's layer marks a directory opaque
 * (`D/.wh..wh..opq`) where the other's lists whiteouts for its entries (`D/.wh.x`). Different
 * snapshotters write deletions differently; the build itself deleted the same things in both.
 */
import { isWhiteoutPath } from './path-causes.js';

/** A change as the pairing sees it. */
export interface WhiteoutItem {
  path: string;
  layer: number;
  kind: 'added' | 'removed' | 'modified';
}

const OPAQUE = '.wh..wh..opq';

/** For each whiteout with a counterpart recorded the other way, what pairs it (by index). */
export function pairWhiteouts(items: readonly WhiteoutItem[]): Map<number, string> {
  const notes = new Map<number, string>();
  const opaque = new Map<string, { index: number; kind: WhiteoutItem['kind'] }>();
  for (const [index, item] of items.entries()) {
    if (item.kind !== 'modified' && item.path.endsWith('/' + OPAQUE)) opaque.set(`${item.layer}\0${dirOf(item.path)}`, { index, kind: item.kind });
  }
  if (opaque.size === 0) return notes;
  for (const [index, item] of items.entries()) {
    if (item.kind === 'modified' || !isWhiteoutPath(item.path) || item.path.endsWith('/' + OPAQUE)) continue;
    const dir = dirOf(item.path);
    const marker = opaque.get(`${item.layer}\0${dir}`);
    if (!marker || marker.kind === item.kind) continue;
    const [opaqueImage, fileImage] = marker.kind === 'added' ? ['B', 'A'] : ['A', 'B'];
    const note = `image ${opaqueImage} marks ${dir} opaque where image ${fileImage} lists whiteouts for its entries`;
    notes.set(index, note);
    notes.set(marker.index, note);
  }
  return notes;
}

function dirOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}
