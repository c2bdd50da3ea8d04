import type { Aspect, TreeChange } from './tree-change.js';
import { parentPath, type EntryType, type FileEntry } from './file-entry.js';

/**
 * A rule that suppresses changes inside the comparator. Suppressed changes stay in the result,
 * marked with the rule, so a report can count and show them (never silently dropped).
 *
 * With neither `kinds` nor `aspects` the rule covers every change of a matching path; otherwise it
 * covers the listed kinds whole and the listed aspects of modified entries.
 */
export interface IgnoreRule {
  /** Shown in `ignored.rule`: where the rule comes from and what it says. */
  name: string;
  /** Whether the rule applies to a normalised path. */
  matches: (path: string) => boolean;
  /** Entry types the rule applies to (the type on either side); every type when absent. */
  types?: ReadonlySet<EntryType>;
  /** Added or removed entries the rule suppresses whole. */
  kinds?: ReadonlySet<'added' | 'removed'>;
  /** Aspects of modified entries the rule suppresses. */
  aspects?: ReadonlySet<Aspect>;
}

function typeApplies(rule: IgnoreRule, a: FileEntry | undefined, b: FileEntry | undefined): boolean {
  if (!rule.types) return true;
  return (a !== undefined && rule.types.has(a.type)) || (b !== undefined && rule.types.has(b.type));
}

/** Rules that apply to a path and the entries at it, in their order. */
function applicable(rules: readonly IgnoreRule[], path: string, a: FileEntry | undefined, b: FileEntry | undefined): IgnoreRule[] {
  return rules.filter((rule) => typeApplies(rule, a, b) && rule.matches(path));
}

function coversAll(rule: IgnoreRule): boolean {
  return rule.kinds === undefined && rule.aspects === undefined;
}

/**
 * Marks a change with the rules that suppress it: `ignored` when all of it is covered, and for
 * modified entries `ignoredAspects` for each covered aspect. The first matching rule wins.
 */
export function markIgnored(change: TreeChange, rules: readonly IgnoreRule[]): void {
  if (rules.length === 0) return;
  const found = applicable(rules, change.path, change.old, change.new);
  if (found.length === 0) return;
  if (change.kind !== 'modified') {
    const kind = change.kind;
    const rule = found.find((r) => coversAll(r) || r.kinds?.has(kind));
    if (rule) change.ignored = { rule: rule.name };
    return;
  }
  const ignoredAspects: { aspect: Aspect; rule: string }[] = [];
  for (const aspect of change.aspects) {
    const rule = found.find((r) => coversAll(r) || r.aspects?.has(aspect));
    if (rule) ignoredAspects.push({ aspect, rule: rule.name });
  }
  if (ignoredAspects.length === 0) return;
  change.ignoredAspects = ignoredAspects;
  if (ignoredAspects.length === change.aspects.length) {
    change.ignored = { rule: [...new Set(ignoredAspects.map((i) => i.rule))].join(' + ') };
  }
}

/** The unverifiable aspects that no rule covers (a covered one could never count as drift). */
export function uncoveredAspects(
  aspects: readonly Aspect[],
  rules: readonly IgnoreRule[],
  path: string,
  a: FileEntry | undefined,
  b: FileEntry | undefined,
): Aspect[] {
  if (rules.length === 0) return [...aspects];
  const found = applicable(rules, path, a, b);
  if (found.length === 0) return [...aspects];
  return aspects.filter((aspect) => !found.some((r) => coversAll(r) || r.aspects?.has(aspect)));
}

/**
 * Rules from the behaviour keywords of the old tree's entries (mtree `ignore`, `optional`,
 * `nochange`), so a baseline written with them is honoured as its writer meant. Takes the
 * entries that have any (the comparator gathers them on its way).
 */
export function verifyRules(entries: Iterable<FileEntry>): IgnoreRule[] {
  const below = new Set<string>();
  const optional = new Set<string>();
  const nochange = new Set<string>();
  for (const entry of entries) {
    if (!entry.verify) continue;
    if (entry.verify.includes('ignore')) below.add(entry.path);
    if (entry.verify.includes('optional')) optional.add(entry.path);
    if (entry.verify.includes('nochange')) nochange.add(entry.path);
  }
  const rules: IgnoreRule[] = [];
  if (below.size > 0) {
    rules.push({
      name: 'baseline keyword ignore',
      matches: (path) => {
        for (let p = parentPath(path); ; p = parentPath(p)) {
          if (below.has(p) && p !== path) return true;
          if (p === '/') return false;
        }
      },
    });
  }
  if (optional.size > 0) {
    rules.push({ name: 'baseline keyword optional', matches: (path) => optional.has(path), kinds: new Set(['removed']) });
  }
  if (nochange.size > 0) {
    const all = new Set<Aspect>(['content', 'size', 'mode', 'uid', 'gid', 'link', 'device', 'xattrs', 'mtime', 'nlink', 'flags']);
    rules.push({ name: 'baseline keyword nochange', matches: (path) => nochange.has(path), aspects: all });
  }
  return rules;
}
