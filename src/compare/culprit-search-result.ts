import type { Aspect } from '../tree/compare-trees.js';
import type { VariationName } from '../variations.js';

/** One difference between image A and another build, in a form comparable across builds. */
export interface Difference {
  /** Layer index, or null for a field of the image config. */
  layer: number | null;
  /** File path, or config field. */
  path: string;
  kind: 'added' | 'removed' | 'modified';
  aspects: Aspect[];
}

/** What one build under a single variation showed. */
export interface VariationResult {
  variation: VariationName;
  /** Whether the build equals image A bit for bit. */
  identical: boolean;
  /** Differences beyond those the control build shows: what this variation alone causes. */
  changes: Difference[];
}

/** The answer to "which condition breaks it?". */
export interface CulpritSearch {
  /** Variations that alone reproduce a difference the control does not show, sorted. */
  culprits: VariationName[];
  /** The control: build A again with no variation but time. */
  control: { identical: boolean; nondeterministic: boolean; changes: Difference[] };
  results: VariationResult[];
  /** Builds the search ran beyond A and B. */
  builds: number;
}
