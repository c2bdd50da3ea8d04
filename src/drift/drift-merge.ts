import type { Aspect } from '../tree/compare-trees.js';
import { EXAMPLES, orderSummaries } from './drift-compare.js';
import type { DriftReport, UnverifiableSummary } from './drift-report.js';

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * Joins the reports of one drift check made in disjoint shares of the paths (see
 * src/manifest/path-share.ts) into the report of the whole: counts added up, changes and hazards
 * in path order, unverifiable aspects counted over all shares with their first examples. Pure;
 * the result is the report one comparison of the whole manifests gives.
 */
export function mergeDriftReports(parts: readonly DriftReport[]): DriftReport {
  const [first, ...rest] = parts;
  if (first === undefined) throw new Error('mergeDriftReports needs at least one report');
  if (rest.length === 0) return first;
  const counts = { ...first.counts };
  for (const part of rest) {
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] += part.counts[key];
  }
  const unverifiable = new Map<Aspect, UnverifiableSummary>();
  for (const part of parts) {
    for (const summary of part.unverifiable) {
      const known = unverifiable.get(summary.aspect);
      if (!known) unverifiable.set(summary.aspect, { ...summary, examples: [...summary.examples] });
      else {
        known.count += summary.count;
        known.examples = [...known.examples, ...summary.examples].sort().slice(0, EXAMPLES);
      }
    }
  }
  return {
    ...first,
    drift: parts.some((part) => part.drift),
    counts,
    changes: parts.flatMap((part) => part.changes).sort(byPath),
    hazards: parts.flatMap((part) => part.hazards).sort(byPath),
    unverifiable: orderSummaries([...unverifiable.values()]),
  };
}
