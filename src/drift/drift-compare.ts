import { toJsonEntry } from '../manifest/json-manifest.js';
import { compareTrees, type Aspect, type TreeChange } from '../tree/compare-trees.js';
import type { FileEntry, FileTree } from '../tree/file-entry.js';
import { compileRule, type DriftRule } from './drift-rules.js';
import type { DriftChange, DriftReport, UnverifiableSummary } from './drift-report.js';
import { cloneHazards, identityOf } from './identity-files.js';

/** Options of `compareDrift`. */
export interface DriftOptions {
  /** Rules in force, in order (see drift-rules.ts and `buildRules`). */
  rules: readonly DriftRule[];
  /** The snapshot is a clone of the baseline machine: shared identity files are hazards. */
  clone: boolean;
  /** Names of the two manifests, for the report. */
  baselineName: string;
  snapshotName: string;
  /** Baseline entries with behaviour keywords outside the trees given (see CompareOptions). */
  verifyElsewhere?: readonly FileEntry[];
  /** Pairs of equal entries left out of both trees (see equal-sieve.ts), counted as entries. */
  leftOut?: number;
}

/** How many example paths each unverifiable aspect lists. */
export const EXAMPLES = 5;

function toDriftChange(change: TreeChange, clone: boolean): DriftChange {
  const out: DriftChange = { path: change.path, kind: change.kind, aspects: change.aspects };
  if (change.ignored) out.ignored = change.ignored;
  if (change.ignoredAspects) out.ignoredAspects = change.ignoredAspects;
  if (change.unverifiable) out.unverifiable = change.unverifiable;
  if (!clone) {
    const identity = identityOf(change.path);
    if (identity?.notable) {
      const verb = change.kind === 'added' ? 'appeared' : change.kind === 'removed' ? 'disappeared' : 'changed';
      out.notable = `${identity.what} ${verb}`;
    }
  }
  if (change.old) out.old = toJsonEntry(change.old);
  if (change.new) out.new = toJsonEntry(change.new);
  return out;
}

/**
 * Compares a snapshot manifest with its baseline under drift rules. Pure: returns the report that
 * the CLI prints, writes as JSON, and the action turns into a summary and annotations.
 */
export function compareDrift(baseline: FileTree, snapshot: FileTree, options: DriftOptions): DriftReport {
  const compiled = options.rules.map(compileRule);
  const comparison = compareTrees(baseline, snapshot, { rules: compiled, verifyElsewhere: options.verifyElsewhere });
  const changes = comparison.changes.map((change) => toDriftChange(change, options.clone));
  const leftOut = options.leftOut ?? 0;
  const counts = { baselineEntries: baseline.size + leftOut, snapshotEntries: snapshot.size + leftOut, added: 0, removed: 0, modified: 0, ignored: 0, hazards: 0 };
  const unverifiable = new Map<Aspect, string[]>();
  const note = (path: string, aspects: readonly Aspect[]) => {
    for (const aspect of aspects) {
      let paths = unverifiable.get(aspect);
      if (!paths) unverifiable.set(aspect, (paths = []));
      paths.push(path);
    }
  };
  for (const change of changes) {
    if (change.ignored) counts.ignored++;
    else counts[change.kind]++;
    if (change.unverifiable && !change.ignored) note(change.path, change.unverifiable);
  }
  for (const item of comparison.unverifiable) note(item.path, item.aspects);
  const hazards = options.clone ? cloneHazards(baseline, snapshot) : [];
  counts.hazards = hazards.length;
  const summaries = orderSummaries([...unverifiable].map(([aspect, paths]) => ({ aspect, count: paths.length, examples: paths.sort().slice(0, EXAMPLES) })));
  return {
    schemaVersion: 1,
    baseline: options.baselineName,
    snapshot: options.snapshotName,
    drift: counts.added + counts.removed + counts.modified > 0,
    clone: options.clone,
    counts,
    changes,
    hazards,
    unverifiable: summaries,
    rules: compiled.map((rule) => rule.name),
  };
}

/** Unverifiable summaries in report order: the most entries first, then by aspect. */
export function orderSummaries(summaries: UnverifiableSummary[]): UnverifiableSummary[] {
  return summaries.sort((a, b) => b.count - a.count || (a.aspect < b.aspect ? -1 : 1));
}
