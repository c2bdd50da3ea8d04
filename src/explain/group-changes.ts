import { ASPECTS, type Aspect } from '../tree/compare-trees.js';
import { CAUSE_IDS, type CauseId } from './causes.js';

/** How much a change matters to a user: a content difference more than a mode, a mode more than an mtime. */
export type Importance = 'content' | 'metadata' | 'mtime';

const RANK: Record<Importance, number> = { content: 3, metadata: 2, mtime: 1 };

/** A file change with its explanation (a `ReportChange` with `cause` and `hint` fits). */
export interface ExplainedChange {
  path: string;
  layer: number;
  kind: 'added' | 'removed' | 'modified';
  aspects: readonly Aspect[];
  cause: CauseId;
  hint: string;
}

/** Changes of one layer that share a cause: one annotation, one SARIF result, one summary row. */
export interface ChangeGroup {
  layer: number;
  cause: CauseId;
  /** The hint of the group's most important change. */
  hint: string;
  /** All paths of the group, most important first, then by path. */
  paths: string[];
  count: number;
  /** The highest importance among the group's changes. */
  importance: Importance;
  /** Every aspect that differs in some change of the group, in `ASPECTS` order. */
  aspects: Aspect[];
}

/**
 * How much one change matters: `content` for added, removed, and content, size, type or link
 * differences; `metadata` for mode, owner and xattrs; `mtime` for timestamps only.
 */
export function changeImportance(change: Pick<ExplainedChange, 'kind' | 'aspects'>): Importance {
  if (change.kind !== 'modified') return 'content';
  const aspects = change.aspects;
  if (aspects.some((a) => a === 'content' || a === 'size' || a === 'type' || a === 'link' || a === 'device')) return 'content';
  if (aspects.some((a) => a === 'mode' || a === 'uid' || a === 'gid' || a === 'xattrs')) return 'metadata';
  return 'mtime';
}

/**
 * Groups changes by layer and cause, ranked by importance (content before mode/owner before
 * mtime-only), then by size (more paths first), then by layer and the catalogue's cause order.
 */
export function groupChanges(changes: readonly ExplainedChange[]): ChangeGroup[] {
  const groups = new Map<string, { layer: number; cause: CauseId; members: { change: ExplainedChange; rank: number }[] }>();
  for (const change of changes) {
    const key = `${change.layer}\0${change.cause}`;
    let group = groups.get(key);
    if (!group) {
      group = { layer: change.layer, cause: change.cause, members: [] };
      groups.set(key, group);
    }
    group.members.push({ change, rank: RANK[changeImportance(change)] });
  }
  const result: ChangeGroup[] = [];
  for (const group of groups.values()) {
    group.members.sort((x, y) => y.rank - x.rank || compare(x.change.path, y.change.path));
    const top = group.members[0]!;
    const aspects = new Set(group.members.flatMap((m) => m.change.aspects));
    result.push({
      layer: group.layer,
      cause: group.cause,
      hint: top.change.hint,
      paths: group.members.map((m) => m.change.path),
      count: group.members.length,
      importance: importanceOf(top.rank),
      aspects: ASPECTS.filter((a) => aspects.has(a)),
    });
  }
  const causeOrder = (cause: CauseId) => CAUSE_IDS.indexOf(cause);
  return result.sort(
    (x, y) => RANK[y.importance] - RANK[x.importance] || y.count - x.count || x.layer - y.layer || causeOrder(x.cause) - causeOrder(y.cause),
  );
}

function importanceOf(rank: number): Importance {
  return rank === 3 ? 'content' : rank === 2 ? 'metadata' : 'mtime';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
