/**
 * What the change classifier works on: the change, what is known about the two builds, and the
 * facts other changes of the pair supply (package versions, shadow lines, whiteout pairs).
 */
import type { Aspect } from '../tree/compare-trees.js';
import type { FileEntry } from '../tree/file-entry.js';
import type { CauseId } from './causes.js';
import type { Evidence, PackageChange, ShadowChange } from './evidence.js';
import type { ContentFinding } from './inspect/finding.js';
import type { InstructionFacts } from './instruction-facts.js';

/** A cause, the fix for one difference, and what supports the cause. */
export interface Explanation {
  cause: CauseId;
  /** What to change, naming the file and the instruction where known. */
  hint: string;
  /** What was observed that supports the cause (for `unknown`: what was looked at). Never empty. */
  evidence: Evidence;
}

/**
 * The change to classify: a `LayerChange` (or `TreeChange` plus the layer) fits. "old" is image A,
 * "new" image B.
 */
export interface ClassifiableChange {
  path: string;
  /** Index of the layer the change is in. */
  layer: number;
  kind: 'added' | 'removed' | 'modified';
  aspects: readonly Aspect[];
  old?: Pick<FileEntry, 'type' | 'mode' | 'mtime'>;
  new?: Pick<FileEntry, 'type' | 'mode' | 'mtime'>;
}

/** What is known about the builds and the layer, besides the change itself. */
export interface ChangeContext {
  /** Variations applied to build B (`time`, `no-cache`, `context-mtime`, `context-mode`, `cpus`, ...); empty for `diff`. */
  variations: readonly string[];
  /** The Dockerfile instruction that made the layer as written (`RUN date > /x`), or null when unknown. */
  instruction: string | null;
  /** The build asked for `rewrite-timestamp=true`, so file mtimes should have been clamped. */
  rewriteTimestamp?: boolean;
  /** The SOURCE_DATE_EPOCH both builds had (what rewrite-timestamp clamps to), when known. */
  sourceDateEpoch?: number | null;
  /**
   * Both images were built by repro-check in one run: the same builder, image store and context,
   * except for `variations`. Then a context cause needs its variation, and whiteouts cannot differ
   * by snapshotter. False or absent for `diff`, where only the images themselves are evidence.
   */
  built?: boolean;
  /** With `--bisect`: what the search found; null or absent without it. */
  bisect?: BisectFacts | null;
}

/** What `--bisect` found, as the classifier reads it. */
export interface BisectFacts {
  /** The variations that alone make a difference. */
  culprits: readonly string[];
  /** Per variation, the changes (`<layer> <path>`, see `bisectKey`) its build alone makes beyond the control's. */
  changes: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The key of a change in `BisectFacts.changes`. */
export function bisectKey(layer: number, path: string): string {
  return `${layer} ${path}`;
}

/** Facts about a change that come from other changes of the pair or from both versions' content. */
export interface ChangeFacts {
  /** Packages of the same layer whose version moved, and what links this file to them. */
  packages?: { changes: PackageChange[]; note: string };
  /** The differing lines of this shadow file (those an earlier layer's shadow file already showed left out). */
  shadow?: ShadowChange[];
  /** Users whose lines differ as in an earlier layer's shadow file, which this step only carried. */
  shadowCarried?: { users: string[]; layer: number };
  /** The deletion this whiteout stands for is recorded the other way in the other image (opaque directory against file whiteouts). */
  whiteoutPair?: string;
}

/** Everything a rule looks at. */
export interface RuleInput {
  change: ClassifiableChange;
  context: ChangeContext;
  instruction: InstructionFacts | null;
  finding?: ContentFinding;
  facts: ChangeFacts;
}

/** One classification rule. */
export interface ChangeRule {
  /** Stable name, for tests and debugging. */
  name: string;
  /** The explanation when the rule applies, else undefined. */
  apply(input: RuleInput): Explanation | undefined;
}
