import type { DriftChange } from './drift-report.js';
import { SECURITY_CLASSES, type SecurityClass } from './security-classes.js';

/**
 * Where a change goes in what a person reads first: security-relevant changes, then notable ones
 * (a changed SSH host key), then modified files, then additions, then removals. Thousands of
 * changes are common (a package upgrade), and the one that matters must not be number 6,708.
 */
function rank(change: DriftChange): number {
  if (change.security) return 0;
  if (change.notable) return 1;
  return change.kind === 'modified' ? 2 : change.kind === 'added' ? 3 : 4;
}

/** Changes in reading order (see `rank`), by path within each group. Does not change `changes`. */
export function rankChanges(changes: readonly DriftChange[]): DriftChange[] {
  return changes
    .map((change, i) => ({ change, i, rank: rank(change) }))
    .sort((a, b) => a.rank - b.rank || (a.change.path < b.change.path ? -1 : a.change.path > b.change.path ? 1 : a.i - b.i))
    .map((item) => item.change);
}

/** How many of `changes` fall in each security class, in SECURITY_CLASSES order, classes with none left out. */
export function securityCounts(changes: readonly DriftChange[]): { cls: SecurityClass; count: number }[] {
  const counts = new Map<SecurityClass, number>();
  for (const change of changes) for (const cls of change.security ?? []) counts.set(cls, (counts.get(cls) ?? 0) + 1);
  return SECURITY_CLASSES.filter((cls) => counts.has(cls)).map((cls) => ({ cls, count: counts.get(cls)! }));
}

/** `setuid 2, accounts 1`: the counts of `securityCounts` in one phrase. */
export function securityPhrase(changes: readonly DriftChange[]): string {
  return securityCounts(changes)
    .map(({ cls, count }) => `${cls} ${count}`)
    .join(', ');
}

/** Drift changes (no rule covers them whole). */
export function driftChanges(changes: readonly DriftChange[]): DriftChange[] {
  return changes.filter((change) => !change.ignored);
}

/**
 * Whether a rule the user gave (a rules file, `--ignore`, an accept line, the baseline's keywords)
 * takes part in suppressing a change whole, rather than the defaults alone (which, for a
 * security-relevant change, only cover a directory's time and link count).
 */
export function ignoredByUser(change: DriftChange): boolean {
  return change.ignored !== undefined && change.ignored.rule.split(' + ').some((rule) => !rule.startsWith('default: '));
}

/** Security-relevant changes that rules the user gave suppress whole (default rules never do). */
export function suppressedSecurity(changes: readonly DriftChange[]): DriftChange[] {
  return changes.filter((change) => change.security && ignoredByUser(change));
}

/** The aspects of a change that are drift (those no rule suppressed). */
export function driftAspects(change: DriftChange): string[] {
  const suppressed = new Set(change.ignoredAspects?.map((i) => i.aspect));
  return change.aspects.filter((aspect) => !suppressed.has(aspect));
}
