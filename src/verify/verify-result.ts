import type { Level } from '../settings.js';
import type { LevelState, Verdict, VerifyLevel } from './verify-levels.js';

/** One platform of the published image, and what became of it. */
export interface VerifyPlatform {
  /** `os/arch[/variant]`. */
  platform: string;
  /** The published manifest digest of this platform. */
  published: string;
  /** The rebuilt manifest digest, or null when this platform was not rebuilt. */
  rebuilt: string | null;
  verdict: Verdict;
  firstDifference: VerifyLevel | null;
  /** Why the platform was not rebuilt, when it was not. */
  reason?: string;
}

/** Where a build setting of the rebuild came from. */
export type SettingSource = 'provenance' | 'image-created' | 'input' | 'git' | 'build-arg' | null;

/** The `verify` field of a report: the verdict on a published image and how it was reached. */
export interface VerifyResult {
  /** GOOD: reproduced at the level asked; BAD: differs; FAIL: the rebuild failed; UNKNOWN: not rebuilt. */
  verdict: Verdict;
  /** The level the verdict is given at. */
  level: Level;
  /** The first level, from the index down to the files, at which the rebuild differs; null when none does. */
  firstDifference: VerifyLevel | null;
  /** For a difference at the layer or file level: the first layer that differs and its Dockerfile line. */
  origin: { layer: number; instruction: string | null; line: number | null } | null;
  /** Each level's state. */
  levels: Record<VerifyLevel, LevelState>;
  /** Explanations of the levels' states (an index differing in its attestations only). */
  notes: string[];
  platforms: VerifyPlatform[];
  published: { ref: string; digest: string; isIndex: boolean; manifestDigest: string; configDigest: string };
  /** The rebuild as it was pushed and read back: what the comparison's right side is. */
  rebuilt: {
    ref: string;
    digest: string;
    isIndex: boolean;
    manifestDigest: string;
    configDigest: string;
    how: string;
    /** Whether the pushed rebuild was deleted from the registry afterwards, and why it was or why it stays. */
    removal: { removed: boolean; reason: string };
  };
  /** The settings recovered for the rebuild. */
  settings: {
    sourceDateEpoch: number | null;
    sourceDateEpochFrom: SettingSource;
    target: string | null;
    /** Names of the build arguments recovered from the provenance (values may be secret). */
    buildArgsFromProvenance: string[];
    /** The provenance's predicate type, or null when the image carries none. */
    provenance: string | null;
    revision: string | null;
  };
}
