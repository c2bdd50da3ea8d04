import { changeImportance } from '../explain/group-changes.js';
import type { ReportCauseGroup, ReportChange } from './report.js';

/** The changes of one cause group, as a changes list shows them: the group, its count, a few of them. */
export interface ListedGroup {
  /** The cause group; null for changes that no group holds (listed last). */
  group: ReportCauseGroup | null;
  /** How many changes the group holds. */
  count: number;
  /** The changes shown: the most important ones, in the order of the report (path order). */
  shown: ReportChange[];
}

/** How many changes a list shows. */
export interface ListLimits {
  /** Changes shown per cause group. */
  perGroup: number;
  /** Changes shown over all groups; changes no group holds fill what the groups left. */
  total: number;
}

/**
 * Lists changes by cause group, so that one large group (a thousand timestamps) cannot hide the
 * others: a few changes of the first group, then of the next, in the order of `causes` (most
 * important first), each with the group's count; then the changes no group holds. Groups of no
 * change (a layer tar, the config) are left out. Pure.
 */
export function listByGroup(changes: readonly ReportChange[], causes: readonly ReportCauseGroup[], limits: ListLimits): ListedGroup[] {
  const members = new Map<string, ReportChange[]>();
  for (const group of causes) if (group.layer !== null) members.set(key(group.layer, group.cause), []);
  const rest: ReportChange[] = [];
  for (const change of changes) {
    const list = change.cause === undefined ? undefined : members.get(key(change.layer, change.cause));
    if (list) list.push(change);
    else rest.push(change);
  }
  const listed: ListedGroup[] = [];
  let left = limits.total;
  for (const group of causes) {
    const list = group.layer === null ? undefined : members.get(key(group.layer, group.cause));
    if (!list || list.length === 0) continue;
    members.delete(key(group.layer!, group.cause));
    const shown = mostImportant(list, Math.min(limits.perGroup, left));
    left -= shown.length;
    listed.push({ group, count: list.length, shown });
  }
  if (rest.length > 0) listed.push({ group: null, count: rest.length, shown: mostImportant(rest, left) });
  return listed;
}

/** How much a change matters, as a number: `changeImportance` of the explain step (content 3, metadata 2, timestamps 1). */
export function changeRank(change: ReportChange): number {
  return RANK[changeImportance(change)];
}

const RANK = { content: 3, metadata: 2, mtime: 1 } as const;

/** At most `cap` changes: the most important ones when some must go, in their original order. */
export function mostImportant(changes: readonly ReportChange[], cap: number): ReportChange[] {
  if (changes.length <= cap) return [...changes];
  const order = changes.map((change, index) => ({ index, rank: changeRank(change) }));
  order.sort((x, y) => y.rank - x.rank || x.index - y.index);
  return order
    .slice(0, Math.max(0, cap))
    .sort((x, y) => x.index - y.index)
    .map((o) => changes[o.index]!);
}

function key(layer: number, cause: string): string {
  return `${layer}\u0000${cause}`;
}
