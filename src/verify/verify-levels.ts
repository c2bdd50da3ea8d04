import type { Level } from '../settings.js';

/**
 * The levels at which a published image and its rebuild are compared, from the top of what a
 * registry holds down to the files, and the verdict they give. Pure.
 */

/** The levels, in the order they are compared. */
export const VERIFY_LEVELS = ['index', 'manifest', 'config', 'compressed-layer', 'layer', 'file'] as const;
export type VerifyLevel = (typeof VERIFY_LEVELS)[number];

/** rebuilderd's verdicts: GOOD reproduced, BAD differs, FAIL the rebuild failed, UNKNOWN not rebuilt or not compared. */
export type Verdict = 'GOOD' | 'BAD' | 'FAIL' | 'UNKNOWN';

/** What one side of the comparison is, as far as the levels need it. */
export interface SideFacts {
  /** The index, when this side is one: its digest and its entries. */
  index: { digest: string; images: { platform: string; digest: string }[]; attestations: string[] } | null;
  /** The image manifest of the platform compared. */
  manifestDigest: string;
  configDigest: string;
  /** Layers in order: their blob digest (as stored, maybe compressed) and diff ID (uncompressed). */
  layers: { blobDigest: string; diffId: string }[];
}

/** The state of one level. */
export type LevelState = 'equal' | 'differs' | 'not compared';

/** What the levels found. */
export interface LevelResult {
  levels: Record<VerifyLevel, LevelState>;
  /**
   * The level where the difference begins, or null when none differs: the deepest level that
   * differs, since every level above it holds the digests of the one below and differs with it
   * (a file that differs makes its layer, the config's diff IDs and the manifest differ).
   */
  firstDifference: VerifyLevel | null;
  /** Notes on what a level's state means (the attestation-only index difference, an index not compared). */
  notes: string[];
}

/**
 * Compares the two sides level by level. The file level is given (`filesEqual`, from the file-tree
 * comparison). Two indexes whose platform entries are equal and whose attestation manifests
 * (whose provenance records build times and ids) differ count as equal, with a note.
 */
export function compareLevels(published: SideFacts, rebuilt: SideFacts, filesEqual: boolean): LevelResult {
  const notes: string[] = [];
  const levels = {} as Record<VerifyLevel, LevelState>;
  levels.index = indexState(published.index, rebuilt.index, notes);
  levels.manifest = published.manifestDigest === rebuilt.manifestDigest ? 'equal' : 'differs';
  levels.config = published.configDigest === rebuilt.configDigest ? 'equal' : 'differs';
  const sameCount = published.layers.length === rebuilt.layers.length;
  const pairs = published.layers.map((layer, index) => [layer, rebuilt.layers[index]] as const);
  const diffIdsEqual = sameCount && pairs.every(([a, b]) => a.diffId === b?.diffId);
  // Same uncompressed layer, other blob: compressed otherwise (gzip level, zstd, another engine).
  const recompressed = pairs.some(([a, b]) => b !== undefined && a.diffId === b.diffId && a.blobDigest !== b.blobDigest);
  levels['compressed-layer'] = recompressed ? 'differs' : 'equal';
  levels.layer = diffIdsEqual ? 'equal' : 'differs';
  levels.file = filesEqual ? 'equal' : 'differs';
  const firstDifference = [...VERIFY_LEVELS].reverse().find((level) => levels[level] === 'differs') ?? null;
  if (firstDifference === 'manifest') {
    notes.push('Only the image manifest differs: the config and every layer blob are the same, so the difference is in how the image was packaged (media types, annotations), not in what was built. An engine on the graph-driver store pushes Docker media types; BuildKit writes OCI ones when it pushes attestations.');
  }
  return { levels, firstDifference, notes };
}

function indexState(published: SideFacts['index'], rebuilt: SideFacts['index'], notes: string[]): LevelState {
  if (!published || !rebuilt) {
    if (published) notes.push('The published reference names an index and the rebuild was pushed as one image manifest: the index is not compared, its entry for the platform is (manifest level).');
    return 'not compared';
  }
  if (published.digest === rebuilt.digest) return 'equal';
  const entries = (index: NonNullable<SideFacts['index']>) => index.images.map((image) => `${image.platform} ${image.digest}`).sort().join(',');
  const sameAttestations = [...published.attestations].sort().join(',') === [...rebuilt.attestations].sort().join(',');
  if (entries(published) === entries(rebuilt) && !sameAttestations) {
    notes.push('The indexes differ only in their attestation manifests (provenance records build times and ids); every platform manifest is equal, so the index counts as equal.');
    return 'equal';
  }
  return 'differs';
}

/** The verdicts of the file-tree comparison, as `build` names its levels. */
export interface TreeVerdicts {
  strict: boolean;
  layers: boolean;
  content: boolean;
}

/**
 * The verdict at the level asked: strict needs every level equal (the published bytes reproduced);
 * layers needs the layers' diff IDs (their uncompressed tars) equal, so a layer compressed
 * otherwise still passes; content needs the files' contents equal.
 */
export function verdictAt(level: Level, result: LevelResult, trees: TreeVerdicts): Verdict {
  if (level === 'strict') return result.firstDifference === null ? 'GOOD' : 'BAD';
  if (level === 'layers') return result.levels.index !== 'differs' && trees.layers ? 'GOOD' : 'BAD';
  return trees.content ? 'GOOD' : 'BAD';
}
