import type { Aspect } from '../tree/compare-trees.js';
import { EXAMPLES, orderSummaries } from './drift-compare.js';
import type { DriftReport, UnverifiableSummary } from './drift-report.js';

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/**
 * Joins the reports of one drift check made in disjoint shares of the paths (see
 * src/manifest/path-share.ts) into the report of the whole: counts added up, changes and hazards
 * in path order, unverifiable aspects counted over all shares with their first examples, the
 * host-name hazards that only all shares together can tell (see ShareFacts). Pure;
 * the result is the report one comparison of the whole manifests gives.
 */
export function mergeDriftReports(parts: readonly DriftReport[]): DriftReport {
  const [first, ...rest] = parts;
  if (first === undefined) throw new Error('mergeDriftReports needs at least one report');
  if (rest.length === 0 && first.share === undefined) return first;
  const counts = { ...first.counts };
  for (const part of rest) {
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] += part.counts[key];
  }
  // Files still carrying the template's host name are hazards when the share holding
  // /etc/hostname found it changed (see ShareFacts).
  const hostnameChanged = parts.some((part) => part.share?.hostnameChanged === true);
  const hazards = parts.flatMap((part) => [...part.hazards, ...(hostnameChanged ? (part.share?.nameFiles ?? []) : [])]).sort(byPath);
  counts.hazards = hazards.length;
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
  const merged: DriftReport = {
    ...first,
    drift: parts.some((part) => part.drift),
    counts,
    changes: rest.length === 0 ? first.changes : parts.flatMap((part) => part.changes).sort(byPath),
    hazards,
    unverifiable: orderSummaries([...unverifiable.values()]),
  };
  delete merged.share;
  return merged;
}
