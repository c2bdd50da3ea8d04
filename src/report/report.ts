import type { FieldDifference } from '../compare/config-diff.js';
import type { ImageComparison, Verdicts } from '../compare/image-compare.js';
import type { Level } from '../settings.js';
import type { CulpritSearch } from '../compare/culprit-search-result.js';
import type { DriftReport } from '../drift/drift-report.js';
import type { ChangeOrigin, Evidence } from '../explain/evidence.js';
import type { Aspect } from '../tree/compare-trees.js';
import type { SkippedVariation } from '../variations.js';
import type { VerifyResult } from '../verify/verify-result.js';
import type { FileEntry } from '../tree/file-entry.js';

/** Version of the JSON report's layout; bumped only on incompatible changes. */
export const SCHEMA_VERSION = 1;

/**
 * Which file changes `changes` lists: `all`; `content`, all but those that differ only in
 * timestamps (counted per layer in `timestampOnly` instead); or `none` (counts, groups and
 * `contentChanges` only). A build that does not clamp its times differs in every file's mtime, and
 * listing each of them is most of the report's size and of the memory writing it takes.
 */
export type ChangeListing = 'all' | 'content' | 'none';
export const CHANGE_LISTINGS: readonly ChangeListing[] = ['all', 'content', 'none'];

/** The changes of one layer that differ only in timestamps (mtime), counted. */
export interface TimestampOnlyGroup {
  layer: number;
  /** Number of such changes in the layer, listed in `changes` or not. */
  count: number;
  /** The first paths, in the layer's order. */
  paths: string[];
}

/** Paths kept per layer in `timestampOnly`. */
export const TIMESTAMP_ONLY_PATHS = 20;

/** One image of the pair, as the report describes it. */
export interface ReportImage {
  /** The image ID: the engine's ID for built or engine images, the config digest for archives. */
  id: string;
  /** `sha256:` of the image config. */
  configDigest: string;
  /** Where the image came from: built by repro-check, an image in the engine, an archive file, or a registry. */
  source: 'build' | 'engine' | 'archive' | 'registry';
  /** The tag, reference or file the image was read from. */
  ref: string;
  /** Layout of the `docker save` stream it was read from (`inspect` for an image without layers, `registry` for a registry's API). */
  layout: 'legacy' | 'oci' | 'inspect' | 'registry';
  layerCount: number;
}

/** One layer position of the pair. */
export interface ReportLayer {
  index: number;
  /** Diff ID in A (null when A has no layer at this index). */
  a: string | null;
  b: string | null;
  identical: boolean;
  /** The Dockerfile instruction that made the layer, or null (base image, unknown). */
  instruction: string | null;
  /** 1-based line of that instruction in the Dockerfile, or null. */
  line: number | null;
  /** The history entry's `created_by` in image A. */
  createdBy: string | null;
  /** Number of file changes in this layer. */
  changes: number;
}

/** One side of a file change. */
export interface ReportEntry {
  type: FileEntry['type'];
  /** Permission bits in octal, e.g. `0644`. */
  mode?: string;
  uid?: number;
  gid?: number;
  size?: number;
  /** Modification time as `seconds.nanoseconds` and ISO 8601. */
  mtime?: string;
  mtimeIso?: string;
  sha256?: string;
  link?: string;
  /** Major and minor number of a char or block device. */
  device?: [number, number];
  /** Extended attributes by name, each value made readable by `describeXattr` (`cap_net_raw=ep`). */
  xattrs?: Record<string, string>;
}

/** A file that differs inside one layer. */
export interface ReportChange {
  /** Absolute path inside the layer (`/etc/passwd`). */
  path: string;
  /** Index of the layer. */
  layer: number;
  kind: 'added' | 'removed' | 'modified';
  aspects: Aspect[];
  /** Aspects only one side records, so not compared (absent when there are none). */
  unverifiable?: Aspect[];
  /** The entry in A (absent for added). */
  a?: ReportEntry;
  /** The entry in B (absent for removed). */
  b?: ReportEntry;
  /** Id of the cause this difference is put down to (see the cause catalogue). */
  cause?: string;
  /** What to change so the difference goes away. */
  hint?: string;
  /**
   * What was observed that supports `cause` (for `unknown`: what was looked at): the content
   * finding, the variation applied, the path rule matched, the instruction, the packages whose
   * version moved, the shadow lines, the whiteout's deletion, the carried difference. Never empty.
   */
  evidence?: Evidence;
  /**
   * Where the difference began when this layer only carried it (a later step rewrote the file):
   * that layer and its Dockerfile line, which the cause groups, annotations and fix point to.
   */
  origin?: ChangeOrigin;
  /** What the contents' inspection found, in one line (`gzip header mtime differs; payload equal`). */
  detail?: string;
  /** Unified diff of a text file, cut at a documented size. */
  diff?: string;
}

/** Differences of one layer (or of the config) that share a cause, as the human outputs group them. */
export interface ReportCauseGroup {
  /** Layer index, or null for differences of the image config. */
  layer: number | null;
  cause: string;
  title: string;
  /** The fix, in words a user can apply. */
  hint: string;
  /** Number of files (or config fields) in the group. */
  count: number;
  /** The first paths or config fields of the group. */
  paths: string[];
  /** Whether every difference of the group is a timestamp; such groups do not break the content verdict. */
  timestampsOnly: boolean;
  /** The Dockerfile instruction of the layer and its line, when known. */
  instruction: string | null;
  line: number | null;
}

/** The JSON report of one run (`schemaVersion: 1`). The README documents every field. */
export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'repro-check'; version: string };
  command: 'build' | 'diff' | 'verify';
  /** Whether the pair is reproducible at `level`. */
  reproducible: boolean;
  level: Level;
  verdicts: Verdicts;
  images: [ReportImage, ReportImage];
  /** Variations applied to build B (empty for `diff`). */
  variations: string[];
  /** Selected variations not applied (the builder cannot, or both builds skip the cache already), with the reason. */
  skippedVariations: SkippedVariation[];
  /** Timestamp fixes applied to both builds (null for `diff`). */
  timestamps: TimestampFixes | null;
  /** With --bisect: the variations that alone cause a difference (sorted), else null. */
  culprits: string[] | null;
  /** With --bisect: the control build (no variation but time) against A, else null. */
  control: CulpritSearch['control'] | null;
  /** With --bisect: each variation's own differences, beyond the control's. */
  variationResults: CulpritSearch['results'] | null;
  /** The Dockerfile, relative to the working directory, when the images were built. */
  dockerfile: string | null;
  engine: { version: string; apiVersion: string; builder: string; imageStore: string } | null;
  /** Fields of the image config that differ (history included), with their cause when known. */
  config: (FieldDifference & { cause?: string })[];
  layers: ReportLayer[];
  /** Which file changes `changes` lists (`--changes`); `counts` and `layers` count them all. */
  changesListed: ChangeListing;
  changes: ReportChange[];
  /** Per layer with any, the changes that differ only in timestamps (whether `changes` lists them or not). */
  timestampOnly: TimestampOnlyGroup[];
  /** With a baseline manifest: image A's file system against it (drift), else null. */
  baseline: DriftReport | null;
  /** Attestation manifests (provenance, SBOM) of each image; compared apart, they decide no verdict. */
  attestations: ImageComparison['attestations'];
  /** Differences grouped by layer and cause, most important first. */
  causes: ReportCauseGroup[];
  /** Paths whose content, type, mode, owner or link differ in the merged file systems. */
  contentChanges: { path: string; kind: ReportChange['kind']; aspects: Aspect[] }[];
  /** Entries whose recorded aspects are equal but with aspects only one side records (`layer` null: merged file systems). */
  unverifiable: ImageComparison['unverifiable'];
  counts: { layers: number; differingLayers: number; changes: number; added: number; removed: number; modified: number };
  /** Milliseconds spent in each phase (`buildA`, `buildB`, `analysis`, `bisect`, `fixBuilds` for the fix's rebuilds), and `builds`, the number of builds. */
  timings: Record<string, number>;
  /** `diff` of two registry indexes: every platform, compared where both hold it (the details are of one). */
  platforms?: ReportPlatform[];
  /** `verify` only: the verdict on the published image, level by level (see `src/verify/verify-result.ts`). */
  verify?: VerifyResult;
  /** With `--fix`: the patch made from the causes and what rebuilding with it showed; null without. */
  fix: FixReport | null;
}

/** The three verdicts, before or after the fix. */
export interface FixVerdicts {
  strict: boolean;
  layers: boolean;
  content: boolean;
}

/** What `--fix` did with one cause group of the original check. */
export interface FixGroupResult {
  cause: string;
  /** Layer where the group's differences began, or null for the image config. */
  layer: number | null;
  /** The Dockerfile line of that layer (in the user's Dockerfile), or null. */
  line: number | null;
  /** The remedy in words (`remove /var/lib/apt/lists/* in the same RUN`), or why there is none. */
  remedy: string;
  /** Kind of the remedy: `edit` of the Dockerfile, build `setting`, `checkout` step, or `none`. */
  kind: 'edit' | 'setting' | 'checkout' | 'none';
  /** Whether the rebuild removed the group's differences: all, none, or some (`partial`); null with `suggest`. */
  removed: boolean | 'partial' | null;
  /** How many of the group's paths (or config fields) still differ for its cause after the fix. */
  remaining: number;
  /** The first 20 of them. */
  remainingPaths: string[];
}

/** A difference between the patched build A′ and the original A that the patch did not announce. */
export interface FixSideEffect {
  path: string;
  kind: 'added' | 'removed' | 'modified';
  aspects: Aspect[];
}

/** The `fix` field: a patch from the causes, and with `verify` the proof of what it fixed and that it changed nothing else. */
export interface FixReport {
  mode: 'suggest' | 'verify';
  /** Unified diff of the Dockerfile (a/ and b/ prefixes, paths relative to the context), empty when no edit applies. */
  patch: string;
  /** Where the patch was written (`--fix-patch`), or null. */
  patchFile: string | null;
  /** Whether the patched Dockerfile was written over the user's (`--fix-write`). */
  written: boolean;
  /** Build settings the rebuilds used (`SOURCE_DATE_EPOCH=…`, `rewrite-timestamp=true`, `--provenance=false`). */
  settings: string[];
  /** Steps applied to both contexts after the variations (`touch -d @… (clamp context mtimes)`, `umask 022; chmod -R g-w,o-w`). */
  checkoutSteps: string[];
  /** Rounds of patch, rebuild and compare that were run (0 with `suggest`). */
  rounds: number;
  before: FixVerdicts;
  /** Verdicts of A′ against B′; null with `suggest` or when the patched build failed. */
  after: FixVerdicts | null;
  /** Indices of the layers that differ before and after (after: null without a rebuild), to see which layers the fix made identical. */
  differingLayers: { before: number[]; after: number[] | null };
  /** One entry per cause group of the original check. */
  groups: FixGroupResult[];
  /** Differences of A′ from A (times aside) the patch did not announce: any fails the fix. */
  sideEffects: FixSideEffect[];
  /** Groups no remedy is known for, with the reason. */
  unfixable: { cause: string; layer: number | null; line: number | null; count: number; paths: string[]; reason: string }[];
  /** The patched build's error, when the patch broke the build (the round's patch is then dropped). */
  buildError: string | null;
  /** Whether the fix was proven: a round rebuilt with it and A′ shows no side effects (a later round that broke the build is dropped); null with `suggest`. */
  verified: boolean | null;
  /** The tags of A′ and B′ of the last kept round (left in the engine only with `--keep-images`), or null without a rebuild. */
  images: [string, string] | null;
}

/** One platform of a `diff` of two indexes. */
export interface ReportPlatform {
  /** `os/arch[/variant]`. */
  platform: string;
  /** Each side's manifest digest for the platform, or null when that index has none. */
  a: string | null;
  b: string | null;
  /** The verdicts of comparing the two images, or null when only one side has the platform. */
  verdicts: Verdicts | null;
  /** Equal at the report's level (false when a side lacks the platform). */
  reproducible: boolean;
  differingLayers: number;
  changes: number;
  /** `only in A`, `same manifest`, `detailed in this report`. */
  note?: string;
}

/** What was done about timestamps, and why layer times may still differ. */
export interface TimestampFixes {
  /** The SOURCE_DATE_EPOCH both builds got, or null. */
  sourceDateEpoch: number | null;
  /** Where it came from: `input`, `git` (the commit time of HEAD) or `build-arg`. */
  source: 'input' | 'git' | 'build-arg' | null;
  /** Whether BuildKit's rewrite-timestamp clamped the layers' file times. */
  rewriteTimestamp: boolean;
  /** Why a fix could not be applied, and what would make it work. */
  notes: string[];
}

/** Where each layer came from, as the Dockerfile mapping found it. */
export interface LayerSource {
  instruction: string | null;
  line: number | null;
  createdBy: string | null;
}
