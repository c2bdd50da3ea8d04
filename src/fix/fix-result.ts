import type { FixGroupResult, FixReport, Report } from '../report/report.js';
import type { CheckoutSettings } from '../settings.js';
import type { FixPlan } from './plan-remedies.js';
import type { GroupRemedy, Remedy } from './remedy.js';

/**
 * The paths (or config fields) of a group that still differ for the group's cause in the report of
 * the patched builds: a path that now differs only for another cause (a mode fixed, an mtime the
 * context-mtime variation moves) counts as fixed for this group, and the other cause is a group of
 * the next round.
 */
export function remainingPaths(group: Pick<GroupRemedy, 'cause' | 'layer' | 'paths'>, after: Pick<Report, 'changes' | 'config' | 'layers' | 'attestations'>): string[] {
  if (group.cause === 'provenance') return after.attestations.identical ? [] : group.paths;
  if (group.layer === null) {
    const fields = new Set(after.config.map((difference) => difference.field));
    return group.paths.filter((field) => fields.has(field));
  }
  const layer = after.layers[group.layer];
  // Whole-layer groups (file order, whiteouts) name the layer tar, not files.
  if (group.paths.length === 1 && group.paths[0] === '(layer tar)') return layer && !layer.identical ? group.paths : [];
  const paths = new Set(after.changes.filter((change) => change.layer === group.layer && (change.cause ?? group.cause) === group.cause).map((change) => change.path));
  return group.paths.filter((path) => paths.has(path));
}

/** One group's result: what its remedy is and, with the patched builds' report, what is left. */
export function groupResult(group: GroupRemedy, after: Pick<Report, 'changes' | 'config' | 'layers' | 'attestations'> | null): FixGroupResult {
  const remaining = after ? remainingPaths(group, after) : [];
  let removed: FixGroupResult['removed'] = null;
  if (after) removed = remaining.length === 0 ? true : remaining.length === group.paths.length ? false : 'partial';
  return { cause: group.cause, layer: group.layer, line: group.line, remedy: remedyText(group.remedy), kind: group.remedy.kind, removed, remaining: remaining.length, remainingPaths: remaining.slice(0, FIX_PATHS) };
}

/** How many paths the fix report lists per group (the counts hold them all). */
export const FIX_PATHS = 20;

/** The remedy in words; for none, the reason. */
export function remedyText(remedy: Remedy): string {
  return remedy.kind === 'none' ? `none: ${remedy.reason}` : remedy.description;
}

/**
 * The groups no remedy is known for, with the reason, and, given the results of a rebuild, the
 * groups whose remedy was applied and left paths differing.
 */
export function unfixableGroups(plan: Pick<FixPlan, 'groups'>, results: readonly FixGroupResult[] = []): FixReport['unfixable'] {
  return plan.groups.flatMap((group, index) => {
    if (group.remedy.kind === 'none') return [{ cause: group.cause, layer: group.layer, line: group.line, count: group.paths.length, paths: group.paths.slice(0, FIX_PATHS), reason: group.remedy.reason }];
    const result = results[index];
    if (!result || result.removed === true || result.removed === null) return [];
    const reason = `${remedyText(group.remedy)} was applied, and ${result.remaining} of ${group.paths.length} still differ for this cause`;
    return [{ cause: group.cause, layer: group.layer, line: group.line, count: result.remaining, paths: result.remainingPaths, reason }];
  });
}

/** The build settings as a user would pass them. */
export function describeSettings(sourceDateEpoch: number, fromCommit: boolean, settings: readonly string[], rewriteTimestamp: boolean): string[] {
  const out = [`SOURCE_DATE_EPOCH=${sourceDateEpoch}${fromCommit ? ' (commit time)' : ' (no commit time found)'}`];
  if (rewriteTimestamp || settings.includes('rewrite-timestamp')) out.push('rewrite-timestamp=true');
  if (settings.includes('provenance-false')) out.push('--provenance=false');
  return out;
}

/** The checkout steps as shell commands run in the checkout before building. */
export function describeCheckout(checkout: CheckoutSettings): string[] {
  const out: string[] = [];
  if (checkout.mtime !== undefined) out.push(`git ls-files -z | xargs -0 touch -h -d @${checkout.mtime} (context mtimes clamped to the commit time)`);
  if (checkout.normaliseModes) out.push('umask 022; chmod -R g-w,o-w . (context modes normalised)');
  return out;
}
