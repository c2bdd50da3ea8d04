import { toJsonEntry } from '../manifest/json-manifest.js';
import { ASPECTS, compareTrees, type Aspect, type TreeChange } from '../tree/compare-trees.js';
import type { FileEntry, FileTree } from '../tree/file-entry.js';
import { markIgnored, verifyRules, type IgnoreRule } from '../tree/ignore-rules.js';
import { pinDifferences, type AcceptPin } from './accept-pins.js';
import { ignoredByUser } from './drift-order.js';
import { compileRule, type DriftRule } from './drift-rules.js';
import type { DriftChange, DriftReport, UnverifiableSummary } from './drift-report.js';
import { cloneHazards, hostnameHazards, identityOf, type HostnameTexts } from './identity-files.js';
import { securityOf } from './security-classes.js';
import { xattrChanges } from './xattr-changes.js';

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
  /** The trees are one share of the paths (see drift-merge.ts): facts needing other shares go to `share`. */
  shared?: boolean;
  /** With `clone` on directories: the host names and host-name files read from them. */
  hostnames?: HostnameTexts;
}

/** How many example paths each unverifiable aspect lists. */
export const EXAMPLES = 5;

/** The aspects default rules may still suppress on a security-relevant directory: noise of its own. */
const DIRECTORY_NOISE: ReadonlySet<Aspect> = new Set(['mtime', 'nlink']);
const ALL_ASPECTS: ReadonlySet<Aspect> = new Set(ASPECTS);

/**
 * A default rule as it applies to a security-relevant change: only a directory's time and link
 * count (which change whenever an entry inside comes or goes, reported on its own). Undefined when
 * nothing of the rule is left.
 */
function asDirectoryNoise(rule: IgnoreRule): IgnoreRule | undefined {
  if (rule.types !== undefined && !rule.types.has('dir')) return undefined;
  const aspects = [...(rule.kinds === undefined && rule.aspects === undefined ? ALL_ASPECTS : (rule.aspects ?? []))].filter((a) => DIRECTORY_NOISE.has(a));
  if (aspects.length === 0) return undefined;
  return { name: rule.name, matches: rule.matches, types: new Set(['dir']), aspects: new Set(aspects) };
}

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
  const security = securityOf(change.path, change.kind, change.new);
  if (security) out.security = security;
  const xattrs = xattrChanges(change);
  if (xattrs) out.xattrs = xattrs;
  if (change.old) out.old = toJsonEntry(change.old);
  if (change.new) out.new = toJsonEntry(change.new);
  return out;
}

/**
 * Applies `accept` lines to a change that is drift: accepted whole while the snapshot has every
 * value pinned (aspects other rules cover left to them); otherwise it stays drift and says how
 * it differs from what was accepted.
 */
function applyPins(change: TreeChange, pins: readonly { name: string; pin: AcceptPin }[], out: DriftChange): void {
  const suppressed = new Set(change.ignoredAspects?.map((i) => i.aspect));
  const differs: { rule: string; differs: string[] }[] = [];
  for (const { name, pin } of pins) {
    const found = pinDifferences(pin, change.new, suppressed);
    if (found.length === 0) {
      out.ignored = { rule: name };
      return;
    }
    differs.push({ rule: name, differs: found });
  }
  out.acceptDiffers = differs;
}

/**
 * Compares a snapshot manifest with its baseline under drift rules. Pure: returns the report that
 * the CLI prints, writes as JSON, and the action turns into a summary and annotations.
 *
 * Security-relevant changes (see security-classes.ts) are never suppressed by default rules,
 * except a directory's mtime and link count; rules the user gave (files, `--ignore`, `accept`
 * lines) and the baseline's own behaviour keywords still apply to them.
 */
export function compareDrift(baseline: FileTree, snapshot: FileTree, options: DriftOptions): DriftReport {
  const ignoreRules = options.rules.filter((rule) => rule.pin === undefined);
  const compiled = ignoreRules.map(compileRule);
  const pins = new Map<string, { name: string; pin: AcceptPin }[]>();
  for (const rule of options.rules) {
    if (rule.pin === undefined) continue;
    let list = pins.get(rule.glob);
    if (!list) pins.set(rule.glob, (list = []));
    list.push({ name: compileRule(rule).name, pin: rule.pin });
  }
  const comparison = compareTrees(baseline, snapshot, { rules: compiled, verifyElsewhere: options.verifyElsewhere });
  let securityRules: IgnoreRule[] | undefined;
  const rulesForSecurity = () => {
    if (securityRules) return securityRules;
    const withVerify: FileEntry[] = [...(options.verifyElsewhere ?? [])];
    baseline.forEach((entry) => {
      if (entry.verify !== undefined) withVerify.push(entry);
    });
    const mine = compiled.flatMap((rule, i) => (ignoreRules[i]!.origin === 'default' ? (asDirectoryNoise(rule) ?? []) : [rule]));
    return (securityRules = [...verifyRules(withVerify), ...mine]);
  };
  const changes = comparison.changes.map((change) => {
    const out = toDriftChange(change, options.clone);
    if (out.security && (change.ignored || change.ignoredAspects)) {
      // Marked again without what the defaults may not hide.
      delete change.ignored;
      delete change.ignoredAspects;
      delete out.ignored;
      delete out.ignoredAspects;
      markIgnored(change, rulesForSecurity());
      if (change.ignored) out.ignored = change.ignored;
      if (change.ignoredAspects) out.ignoredAspects = change.ignoredAspects;
    }
    const accepting = pins.get(change.path);
    if (accepting && !out.ignored) applyPins(change, accepting, out);
    return out;
  });
  const leftOut = options.leftOut ?? 0;
  const counts = { baselineEntries: baseline.size + leftOut, snapshotEntries: snapshot.size + leftOut, added: 0, removed: 0, modified: 0, ignored: 0, hazards: 0, security: 0, securityIgnored: 0 };
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
    if (change.security && !change.ignored) counts.security++;
    if (change.security && ignoredByUser(change)) counts.securityIgnored++;
    if (change.unverifiable && !change.ignored) note(change.path, change.unverifiable);
  }
  for (const item of comparison.unverifiable) note(item.path, item.aspects);
  const hazards = options.clone ? cloneHazards(baseline, snapshot) : [];
  const names = options.clone ? hostnameHazards(baseline, snapshot, options.hostnames) : undefined;
  if (names && !options.shared && names.changed === true) hazards.push(...names.hazards);
  hazards.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  counts.hazards = hazards.length;
  const summaries = orderSummaries([...unverifiable].map(([aspect, paths]) => ({ aspect, count: paths.length, examples: paths.sort().slice(0, EXAMPLES) })));
  const report: DriftReport = {
    schemaVersion: 1,
    baseline: options.baselineName,
    snapshot: options.snapshotName,
    drift: counts.added + counts.removed + counts.modified > 0,
    clone: options.clone,
    counts,
    changes,
    hazards,
    unverifiable: summaries,
    rules: [...compiled.map((rule) => rule.name), ...[...pins.values()].flatMap((list) => list.map((p) => p.name))],
  };
  if (options.shared && names) {
    report.share = { nameFiles: names.hazards };
    if (names.changed !== undefined) report.share.hostnameChanged = names.changed;
  }
  return report;
}

/** Unverifiable summaries in report order: the most entries first, then by aspect. */
export function orderSummaries(summaries: UnverifiableSummary[]): UnverifiableSummary[] {
  return summaries.sort((a, b) => b.count - a.count || (a.aspect < b.aspect ? -1 : 1));
}
