import type { ImageArchive } from '../image/image-archive.js';
import { compareTrees, type Aspect, type CompareOptions, type TreeChange } from '../tree/compare-trees.js';
import type { FileTree } from '../tree/file-entry.js';
import { mergeLayers } from '../tree/merge-layers.js';
import { diffJson, type FieldDifference } from './config-diff.js';

/** The three verdicts, from the strictest. */
export interface Verdicts {
  /** Same image config digest (the image ID of the graph-driver store): bit-for-bit the same image. */
  strict: boolean;
  /** Same layers (diff IDs), in the same order; the config may differ. */
  layers: boolean;
  /**
   * Same merged file system in everything but timestamps: type, content, link target, device
   * numbers, mode, owner and extended attributes. What a container started from either image would see.
   */
  content: boolean;
}

/** Two layers at the same position. */
export interface LayerPair {
  index: number;
  /** Diff ID in A, or null when A has fewer layers. */
  a: string | null;
  b: string | null;
  identical: boolean;
}

/** A file change inside one layer. */
export interface LayerChange extends TreeChange {
  /** Index of the layer (0-based, bottom first). */
  layer: number;
}

/** Everything that differs between image A and image B ("old" is A, "new" is B throughout). */
export interface ImageComparison {
  verdicts: Verdicts;
  /** Fields of the image config that differ, `rootfs` left out (its diff IDs are `layers`). */
  config: FieldDifference[];
  layers: LayerPair[];
  /** File changes of every differing layer, by layer then path. */
  changes: LayerChange[];
  /** Changes of the merged file systems that break the content verdict (timestamps ignored). */
  contentChanges: TreeChange[];
  /**
   * Entries equal in every aspect both sides record but with aspects only one side records, so
   * not verified: by layer index, or `layer: null` for the merged file systems. Tar layers state
   * every aspect the comparison reads, so this stays empty unless an entry lacks one (a hard link
   * whose target is not in its layer has no digest, for example); it is listed, never dropped.
   */
  unverifiable: { layer: number | null; path: string; aspects: Aspect[] }[];
  /**
   * Attestation manifests of each image. They record the build itself (times, IDs), so they differ
   * on every build by design and never decide a verdict: the platform image is what is compared.
   */
  attestations: { a: string[]; b: string[]; identical: boolean };
}

/** A tar entry always states its extended attributes: no `SCHILY.xattr.*` record means none. */
const LAYERS: CompareOptions = { absentXattrsAreNone: true };
const MERGED: CompareOptions = { ignore: new Set(['mtime'] as const), absentXattrsAreNone: true };

/**
 * Compares two images read from their archives. Pure: works on the parsed archives only. Layers
 * with equal diff IDs are not compared file by file, as equal digests mean equal bytes.
 */
export function compareImages(a: ImageArchive, b: ImageArchive): ImageComparison {
  const count = Math.max(a.layers.length, b.layers.length);
  const layers: LayerPair[] = [];
  const changes: LayerChange[] = [];
  const unverifiable: ImageComparison['unverifiable'] = [];
  for (let index = 0; index < count; index++) {
    const la = a.layers[index];
    const lb = b.layers[index];
    const identical = la !== undefined && lb !== undefined && la.diffId === lb.diffId;
    layers.push({ index, a: la?.diffId ?? null, b: lb?.diffId ?? null, identical });
    if (identical) continue;
    const empty: FileTree = new Map();
    const result = compareTrees(la?.tree ?? empty, lb?.tree ?? empty, LAYERS);
    for (const change of result.changes) changes.push({ ...change, layer: index });
    for (const item of result.unverifiable) unverifiable.push({ layer: index, ...item });
  }
  const layersEqual = layers.every((pair) => pair.identical);
  // With equal layers the merged file systems are equal too; merging is only needed otherwise.
  const merged = layersEqual
    ? { changes: [], unverifiable: [] }
    : compareTrees(mergeLayers(a.layers.map((l) => l.tree)), mergeLayers(b.layers.map((l) => l.tree)), MERGED);
  const contentChanges = merged.changes;
  for (const item of merged.unverifiable) unverifiable.push({ layer: null, ...item });
  return {
    verdicts: { strict: a.configDigest === b.configDigest, layers: layersEqual, content: contentChanges.length === 0 },
    // Layer digests are compared as layers; listing them again as config fields adds nothing.
    config: diffJson({ ...a.config, rootfs: undefined }, { ...b.config, rootfs: undefined }),
    layers,
    changes,
    contentChanges,
    unverifiable,
    attestations: { a: a.attestations, b: b.attestations, identical: a.attestations.join() === b.attestations.join() },
  };
}
