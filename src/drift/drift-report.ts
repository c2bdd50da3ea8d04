import type { JsonManifestEntry } from '../manifest/json-manifest.js';
import type { Aspect } from '../tree/compare-trees.js';
import type { Hazard } from './identity-files.js';
import type { SecurityClass } from './security-classes.js';
import type { XattrChange } from './xattr-changes.js';

/**
 * One difference between baseline and snapshot. "old" is always the baseline, "new" the
 * snapshot. Changes covered by rules are kept, with `ignored` saying which rule.
 */
export interface DriftChange {
  path: string;
  kind: 'added' | 'removed' | 'modified';
  /** Aspects that differ (modified entries only), suppressed ones included. */
  aspects: Aspect[];
  /** Set when rules cover the whole change: visible and counted, but not drift. */
  ignored?: { rule: string };
  /** Aspects that rules suppress, each with its rule; the rest of `aspects` is drift. */
  ignoredAspects?: { aspect: Aspect; rule: string }[];
  /** Aspects known on one side only, so not compared. */
  unverifiable?: Aspect[];
  /** Why a human should look at this one even among many (a changed SSH host key). */
  notable?: string;
  /**
   * Why the change matters to the machine's security (see security-classes.ts). Default rules never
   * suppress such a change (directory times and link counts aside); rules the user gave may, and
   * then `ignored` names the rule and the report says so.
   */
  security?: SecurityClass[];
  /** Accept lines for this path whose pinned values the snapshot no longer has: the rule and how it differs. */
  acceptDiffers?: { rule: string; differs: string[] }[];
  /** Extended attributes that differ (or that an added entry has), each value readable (`cap_setuid=ep`). */
  xattrs?: XattrChange[];
  /** The baseline's entry, in the JSON manifest's form (readable modes and times). */
  old?: JsonManifestEntry;
  /** The snapshot's entry. */
  new?: JsonManifestEntry;
}

/** Entries that only one side could describe in some aspect, counted by aspect. */
export interface UnverifiableSummary {
  aspect: Aspect;
  /** Entries, changed or not, with this aspect known on one side only (and no rule covering it). */
  count: number;
  /** The first few such paths, sorted. */
  examples: string[];
}

/** Numbers of a drift report. */
export interface DriftCounts {
  baselineEntries: number;
  snapshotEntries: number;
  /** Changes that are drift (not covered by rules), by kind. */
  added: number;
  removed: number;
  modified: number;
  /** Changes covered whole by rules (listed in `changes` with `ignored`). */
  ignored: number;
  hazards: number;
  /** Drift changes with a security class. */
  security: number;
  /** Changes with a security class that rules the user gave (not the defaults alone) suppress whole. */
  securityIgnored: number;
}

/**
 * What the report of one share of a threaded check (see drift-merge.ts) knows that needs the other
 * shares: whether the host name changed (its share alone knows) and the files that still carry it
 * if so. Never in a merged or one-thread report.
 */
export interface ShareFacts {
  /** Whether /etc/hostname differs; undefined when it is not in this share. */
  hostnameChanged?: boolean;
  /** Hazards that hold if the host name changed (see identity-files.ts). */
  nameFiles: Hazard[];
}

/** The result of `repro-check drift`: pure data, for the text renderer, JSON and the job summary. */
export interface DriftReport {
  schemaVersion: 1;
  /** The names the manifests were given (file names). */
  baseline: string;
  snapshot: string;
  /** True when any change is not covered by a rule. */
  drift: boolean;
  /** Whether the snapshot was declared a clone of the baseline (`--clone`). */
  clone: boolean;
  counts: DriftCounts;
  /** Every change, sorted by path, ignored ones included. */
  changes: DriftChange[];
  /** With `clone`: identity files the clone shares with its template. */
  hazards: Hazard[];
  unverifiable: UnverifiableSummary[];
  /** The rules in force, in the `origin: rule` form that `ignored.rule` quotes. */
  rules: string[];
  /** Only in a share's report, before merging (see ShareFacts). */
  share?: ShareFacts;
}
