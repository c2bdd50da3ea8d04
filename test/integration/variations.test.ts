import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuildCheck } from '../../src/check/build-check.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import type { BuildSettings } from '../../src/settings.js';
import { VARIATION_NAMES } from '../../src/variations.js';
import { buildSettings, BUSYBOX_BASE, makeContext, removeDir, snapshotEngine, type EngineSnapshot } from './engine-fixture.js';

const engine = new DockerEngine();
const contexts: string[] = [];
let before: EngineSnapshot;

beforeAll(async () => {
  before = await snapshotEngine();
});

afterAll(async () => {
  await Promise.all(contexts.map(removeDir));
  expect(await snapshotEngine()).toEqual(before);
});

async function check(dockerfile: string[], files: Record<string, string>, busybox: boolean, extra: Partial<BuildSettings>) {
  const context = await makeContext({ Dockerfile: dockerfile.join('\n') + '\n', ...files }, busybox);
  contexts.push(context);
  return runBuildCheck(buildSettings(context, { variations: [...VARIATION_NAMES], sourceDateEpoch: { mode: 'fixed', value: 0 }, ...extra }), engine, 'test');
}

describe('variations and the culprit search on the real engine', () => {
  it('names exactly context-mtime and context-mode as culprits of a COPY of a context file', async () => {
    const report = await check(['FROM scratch', 'COPY hello.txt /hello.txt'], { 'hello.txt': 'hello\n' }, false, { bisect: true });
    expect(report.control).toMatchObject({ identical: true, nondeterministic: false, changes: [] });
    const byVariation = Object.fromEntries(report.variationResults!.map((r) => [r.variation, r.changes]));
    if (report.timestamps!.rewriteTimestamp) {
      // On the containerd store, rewrite-timestamp clamps the copied file's mtime: only the mode is left.
      expect(report.culprits).toEqual(['context-mode']);
      expect(byVariation['context-mtime']).toEqual([]);
    } else {
      expect(report.culprits).toEqual(['context-mode', 'context-mtime']);
      expect(byVariation['context-mtime']).toEqual([{ layer: 0, path: '/hello.txt', kind: 'modified', aspects: ['mtime'] }]);
    }
    expect(byVariation['context-mode']).toEqual([{ layer: 0, path: '/hello.txt', kind: 'modified', aspects: ['mode'] }]);
    // Both builds skip the cache (buildSettings' default): no-cache is not applied, and no build is spent on it.
    expect(byVariation['no-cache']).toBeUndefined();
    expect(byVariation['context-order']).toEqual([]);
    // BuildKit cannot restrict a build's CPUs; the report says so instead of pretending.
    if (report.engine!.builder === 'buildkit') expect(report.skippedVariations.map((s) => s.name)).toEqual(['no-cache', 'cpus']);
    expect(report.timings.bisect).toBeGreaterThan(0);
  });

  it('shows nproc-dependent output only under cpus (classic builder)', async () => {
    const report = await check([...BUSYBOX_BASE, 'RUN nproc > /nproc'], {}, true, { builder: 'classic', bisect: true });
    expect(report.skippedVariations.map((s) => s.name)).toEqual(['no-cache']);
    const withContent = report.variationResults!.filter((r) => r.changes.some((c) => c.path === '/nproc' && c.aspects.includes('content')));
    expect(withContent.map((r) => r.variation)).toEqual(['cpus']);
    expect(report.culprits).toContain('cpus');
    // The classic builder ignores SOURCE_DATE_EPOCH: the control differs by itself, and the report says so.
    expect(report.control!.nondeterministic).toBe(true);
    expect(report.timestamps!.notes.join(' ')).toContain('classic builder');
  });

  it('makes a metadata-only image bit-for-bit reproducible with SOURCE_DATE_EPOCH=0', async () => {
    const report = await check(['FROM scratch', 'LABEL org.example.v=1', 'ENV A=b', 'CMD ["/x"]'], {}, false, {});
    expect(report.timestamps).toMatchObject({ sourceDateEpoch: 0, source: 'input' });
    expect(report.verdicts.strict).toBe(true);
    expect(report.reproducible).toBe(true);
  });

  it.each(['buildkit', 'buildx'] as const)('clamps COPY and RUN layer times with rewrite-timestamp where the engine can, and says why not elsewhere (%s)', async (builder) => {
    const report = await check([...BUSYBOX_BASE, 'COPY hello.txt /srv/hello.txt', 'RUN date +%Y > /year && mkdir -p /var/data'], { 'hello.txt': 'hi\n' }, true, {
      variations: ['time', 'no-cache', 'context-mtime'],
      builder,
    });
    expect(report.engine!.builder).toBe(builder);
    if (report.engine!.imageStore === 'containerd') {
      expect(report.timestamps!.rewriteTimestamp).toBe(true);
      expect(report.verdicts.layers).toBe(true);
    } else {
      expect(report.timestamps!.rewriteTimestamp).toBe(false);
      expect(report.timestamps!.notes.join(' ')).toMatch(/rewrite-timestamp needs the containerd image store/);
      expect(report.verdicts.layers).toBe(false);
      // Only timestamps differ: SOURCE_DATE_EPOCH already fixed the config.
      expect(report.verdicts.content).toBe(true);
      expect(report.config).toEqual([]);
    }
  });
});
