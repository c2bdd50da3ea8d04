import { describe, expect, it, test } from 'vitest';
import type { ImageComparison } from '../../src/compare/image-compare.js';
import { differencesOf, findCulprits } from '../../src/check/culprit-search.js';
import { applicableVariations, type VariationName } from '../../src/variations.js';

/** A comparison with the given config fields and file changes (layer 1). */
function comparison(fields: string[], paths: [string, ...string[]][] = []): ImageComparison {
  const identical = fields.length === 0 && paths.length === 0;
  return {
    verdicts: { strict: identical, layers: paths.length === 0, content: true },
    config: fields.map((field) => ({ field, a: 1, b: 2 })),
    layers: [],
    changes: paths.map(([path, ...aspects]) => ({ layer: 1, path, kind: 'modified' as const, aspects: aspects as never[] })),
    contentChanges: [],
    unverifiable: [],
    attestations: { a: [], b: [], identical: true },
  };
}

describe('findCulprits', () => {
  it('builds a control and one build per variation, and names those that add differences', async () => {
    const builds: string[] = [];
    const byLabel: Record<string, ImageComparison> = {
      control: comparison(['created']),
      'context-mtime': comparison(['created'], [['/app/a', 'mtime']]),
      'context-mode': comparison(['created'], [['/app/a', 'mode']]),
      'no-cache': comparison(['created']),
    };
    const applied: VariationName[] = ['time', 'no-cache', 'context-mtime', 'context-mode'];
    const result = await findCulprits(applied, comparison(['created'], [['/app/a', 'mtime', 'mode']]), async (label, variations) => {
      builds.push(`${label}:${variations.join('+')}`);
      return byLabel[label]!;
    });
    expect(builds.sort()).toEqual(['context-mode:time+context-mode', 'context-mtime:time+context-mtime', 'control:time', 'no-cache:time+no-cache']);
    expect(result.culprits).toEqual(['context-mode', 'context-mtime']);
    expect(result.control).toEqual({ identical: false, nondeterministic: true, changes: [{ layer: null, path: 'created', kind: 'modified', aspects: [] }] });
    expect(result.results.find((r) => r.variation === 'context-mtime')!.changes).toEqual([{ layer: 1, path: '/app/a', kind: 'modified', aspects: ['mtime'] }]);
    expect(result.results.find((r) => r.variation === 'no-cache')).toEqual({ variation: 'no-cache', identical: false, changes: [] });
    expect(result.builds).toBe(4);
  });

  it('reuses B as the build of the only variation applied, and needs only the control', async () => {
    const labels: string[] = [];
    const pair = comparison([], [['/x', 'content']]);
    const result = await findCulprits(['time', 'cpus'], pair, async (label) => {
      labels.push(label);
      return comparison([]);
    });
    expect(labels).toEqual(['control']);
    expect(result).toMatchObject({ culprits: ['cpus'], control: { identical: true, nondeterministic: false }, builds: 1 });
  });

  test.each([
    // Both builds skip the cache (the default): no-cache is not applied, so no build is spent on it.
    [true, ['control:time', 'context-mode:time+context-mode', 'context-mtime:time+context-mtime']],
    // --cache: build A may use the cache, so no-cache is a variation of its own.
    [false, ['control:time', 'no-cache:time+no-cache', 'context-mode:time+context-mode', 'context-mtime:time+context-mtime']],
  ])('spends a build on no-cache only when build A may use the cache (noCache %s)', async (noCache, expected) => {
    const { applied } = applicableVariations(['time', 'no-cache', 'context-mtime', 'context-mode'], 'buildkit', { noCache });
    const builds: string[] = [];
    const result = await findCulprits(applied, comparison(['created']), async (label, variations) => {
      builds.push(`${label}:${variations.join('+')}`);
      return comparison([]);
    });
    expect(builds.sort()).toEqual([...expected].sort());
    expect(result.builds).toBe(expected.length);
  });

  it('reuses B as the control when only time was applied', async () => {
    const result = await findCulprits(['time'], comparison([], [['/x', 'content']]), () => Promise.reject(new Error('no build expected')));
    expect(result).toMatchObject({ culprits: [], control: { nondeterministic: true }, builds: 0 });
    expect(result.control.changes).toEqual([{ layer: 1, path: '/x', kind: 'modified', aspects: ['content'] }]);
  });

  it('runs at most the given number of builds at once', async () => {
    let running = 0;
    let peak = 0;
    await findCulprits(['time', 'no-cache', 'context-mtime', 'context-mode', 'context-order'], comparison(['x']), async () => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return comparison([]);
    }, 2);
    expect(peak).toBe(2);
  });

  it('lists config fields and file changes as differences', () => {
    expect(differencesOf(comparison(['history[1].created'], [['/y', 'mtime']]))).toEqual([
      { layer: null, path: 'history[1].created', kind: 'modified', aspects: [] },
      { layer: 1, path: '/y', kind: 'modified', aspects: ['mtime'] },
    ]);
  });
});
