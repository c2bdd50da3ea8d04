import { compareTrees, type Aspect } from '../tree/compare-trees.js';
import type { FileTree } from '../tree/file-entry.js';
import { removedBy } from './cleanup-paths.js';
import type { Announced } from './remedy.js';

/** A difference of the patched build from the original that the patch did not announce. */
export interface SideEffect {
  path: string;
  kind: 'added' | 'removed' | 'modified';
  aspects: Aspect[];
}

/** Aspects the proof leaves out: times (the patch clamps them) and link counts (they follow removals). */
const TIMES: ReadonlySet<Aspect> = new Set<Aspect>(['mtime', 'nlink']);
/** Aspects a rewrite may change. */
const CONTENT: ReadonlySet<Aspect> = new Set<Aspect>(['content', 'size']);

/**
 * Compares the file system of the patched build A′ with the original A beyond timestamps (type,
 * content, size, mode, owner, link target, device, xattrs) and returns every difference the patch
 * did not announce: a path it removes may be gone, a path it rewrites may have other content, a
 * path that differed between A and B (`unstable`, the merged file systems' differences) may differ
 * in the same aspects; anything else is a side effect. Pure.
 */
export function findSideEffects(original: FileTree, patched: FileTree, announced: Announced, unstable: readonly { path: string; aspects: readonly Aspect[] }[] = []): SideEffect[] {
  const rewritten = new Set(announced.rewritten);
  // What differed between A and B already differs between any two builds: not the patch's doing.
  const varying = new Map(unstable.map((item) => [item.path, new Set(item.aspects)]));
  const { changes } = compareTrees(original, patched, { ignore: TIMES, absentXattrsAreNone: true });
  const effects: SideEffect[] = [];
  for (const change of changes) {
    if (change.kind === 'removed' && removedBy(change.path, announced.removed)) continue;
    if (change.kind === 'modified' && rewritten.has(change.path) && change.aspects.every((a) => CONTENT.has(a))) continue;
    const unstableAspects = varying.get(change.path);
    if (change.kind === 'modified' && unstableAspects && change.aspects.every((a) => unstableAspects.has(a))) continue;
    effects.push({ path: change.path, kind: change.kind, aspects: change.aspects });
  }
  return effects;
}
