import type { ImageComparison } from '../compare/image-compare.js';
import type { CulpritSearch, Difference, VariationResult } from '../compare/culprit-search-result.js';
import type { VariationName } from '../variations.js';

export type { CulpritSearch, Difference, VariationResult } from '../compare/culprit-search-result.js';

/** Builds the image under the given variations, compares it with image A and discards it. */
export type VariedBuild = (label: string, variations: VariationName[]) => Promise<ImageComparison>;

/** The differences of a comparison, config fields included. */
export function differencesOf(comparison: ImageComparison): Difference[] {
  return [
    ...comparison.config.map((d): Difference => ({ layer: null, path: d.field, kind: d.a === undefined ? 'added' : d.b === undefined ? 'removed' : 'modified', aspects: [] })),
    ...comparison.changes.map((c): Difference => ({ layer: c.layer, path: c.path, kind: c.kind, aspects: c.aspects })),
  ];
}

const keyOf = (d: Difference) => `${d.layer ?? 'config'}\u0000${d.path}\u0000${d.kind}\u0000${d.aspects.join(',')}`;

/**
 * reprotest's auto-build for images: a control build (no variation but time), then one build per
 * variation alone, each compared with image A. A variation is a culprit when it causes differences
 * that the control does not. Builds already made are reused: B is the control when only `time` was
 * applied, and the build of the one variation when only one other was. The other builds run
 * `concurrency` at a time. Cost: 1 control + 1 per variation, minus what is reused.
 */
export async function findCulprits(
  applied: readonly VariationName[],
  pairComparison: ImageComparison,
  build: VariedBuild,
  concurrency = 2,
): Promise<CulpritSearch> {
  const single = applied.filter((name) => name !== 'time');
  const jobs: { label: string; variations: VariationName[] }[] = [];
  const known = new Map<string, ImageComparison>();
  if (single.length === 0) known.set('control', pairComparison);
  else jobs.push({ label: 'control', variations: ['time'] });
  for (const name of single) {
    if (single.length === 1) known.set(name, pairComparison);
    else jobs.push({ label: name, variations: ['time', name] });
  }
  const built = await runLimited(jobs, concurrency, (job) => build(job.label, job.variations));
  jobs.forEach((job, i) => known.set(job.label, built[i]!));

  const control = known.get('control')!;
  const controlDifferences = differencesOf(control);
  const controlKeys = new Set(controlDifferences.map(keyOf));
  const results: VariationResult[] = single.map((variation) => {
    const comparison = known.get(variation)!;
    return { variation, identical: comparison.verdicts.strict, changes: differencesOf(comparison).filter((d) => !controlKeys.has(keyOf(d))) };
  });
  return {
    culprits: results.filter((r) => r.changes.length > 0).map((r) => r.variation).sort(),
    control: { identical: control.verdicts.strict, nondeterministic: !control.verdicts.strict, changes: controlDifferences },
    results,
    builds: jobs.length,
  };
}

/** Runs `work` on every item, at most `limit` at a time, keeping the order of the results. */
async function runLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
