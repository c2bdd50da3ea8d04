import { describe, expect, test } from 'vitest';
import { rebuildSettings } from '../../src/check/fix-check.js';
import type { FixSetting } from '../../src/fix/remedy.js';
import type { BuildSettings } from '../../src/settings.js';

/** A user's `build --fix verify` settings, written by hand. */
const user: BuildSettings = {
  context: '/ctx',
  dockerfile: '/ctx/Dockerfile',
  buildArgs: { A: '1' },
  variations: ['time', 'context-mtime'],
  level: 'content',
  builder: 'buildx',
  noCache: true,
  reportPath: '/tmp/report.json',
  keepImages: false,
  bisect: true,
  sourceDateEpoch: { mode: 'none' },
  emitManifest: '/tmp/a.mtree',
  baseline: { path: '/tmp/base.mtree', name: 'base' },
  fix: { mode: 'verify', write: false, rounds: 3 },
};

describe('rebuildSettings: what the fix\'s rebuilds are built with', () => {
  test.each<{ name: string; asked: FixSetting[]; provenance: false | undefined }>([
    { name: 'no setting asked: attestations as the user builds them', asked: [], provenance: undefined },
    { name: 'rewrite-timestamp comes with SOURCE_DATE_EPOCH: nothing else to set', asked: ['rewrite-timestamp', 'source-date-epoch'], provenance: undefined },
    { name: 'provenance-false: --provenance=false', asked: ['source-date-epoch', 'provenance-false'], provenance: false },
  ])('$name', ({ asked, provenance }) => {
    const rebuild = rebuildSettings(user, '/tmp/fix/Dockerfile.round1', 1_700_000_000, { mtime: 1_700_000_000 }, asked);
    expect(rebuild.provenance).toBe(provenance);
    expect('provenance' in rebuild).toBe(provenance !== undefined);
    // The same pair under the same variations, with the commit time and the patched Dockerfile;
    // nothing the user's check writes or checks is done again.
    expect(rebuild).toMatchObject({ context: '/ctx', dockerfile: '/tmp/fix/Dockerfile.round1', buildArgs: { A: '1' }, variations: ['time', 'context-mtime'], builder: 'buildx', bisect: false });
    expect(rebuild.sourceDateEpoch).toEqual({ mode: 'fixed', value: 1_700_000_000 });
    expect(rebuild.checkout).toEqual({ mtime: 1_700_000_000 });
    for (const key of ['fix', 'reportPath', 'emitManifest', 'baseline'] as const) expect(rebuild[key]).toBeUndefined();
  });
});
