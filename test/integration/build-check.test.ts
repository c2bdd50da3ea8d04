import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { PairBuildError, runBuildCheck } from '../../src/check/build-check.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import type { BuildSettings } from '../../src/settings.js';
import type { VariationName } from '../../src/variations.js';
import { buildSettings, BUSYBOX_BASE, makeContext, removeDir, snapshotEngine, type EngineSnapshot } from './engine-fixture.js';

const engine = new DockerEngine();
const contexts: string[] = [];
let before: EngineSnapshot;

beforeAll(async () => {
  before = await snapshotEngine();
});

afterAll(async () => {
  await Promise.all(contexts.map(removeDir));
  // Every build in this file removed its images: the engine holds what it held before.
  expect(await snapshotEngine()).toEqual(before);
});

async function check(dockerfile: string[], files: Record<string, string>, variations: VariationName[], busybox = true, extra: Partial<BuildSettings> = {}) {
  const context = await makeContext({ Dockerfile: dockerfile.join('\n') + '\n', ...files }, busybox);
  contexts.push(context);
  return runBuildCheck(buildSettings(context, { variations, ...extra }), engine, 'test');
}

describe('build on the real engine', () => {
  it('finds identical layers in a FROM scratch image with only metadata', async () => {
    const report = await check(['FROM scratch', 'LABEL org.example.name=demo', 'CMD ["/app"]'], {}, ['time', 'no-cache', 'context-mtime', 'context-mode'], false);
    expect(report.layers).toEqual([]);
    expect(report.verdicts.layers).toBe(true);
    expect(report.verdicts.content).toBe(true);
    // Graph-driver engines cannot export an image without layers; it is described from inspect.
    expect(report.images.map((i) => i.layerCount)).toEqual([0, 0]);
    // BuildKit gives such an image no build time, so it is the same bit for bit; a builder that
    // records one shows it as the only config difference.
    expect(report.verdicts.strict).toBe(report.config.length === 0);
    expect(report.config.every((d) => /created/.test(d.field))).toBe(true);
  });

  it('reports RUN date as a content change at /x, mapped to its Dockerfile line', async () => {
    const report = await check([...BUSYBOX_BASE, 'RUN date +%s%N > /x'], {}, ['time']);
    const change = report.changes.find((c) => c.path === '/x');
    expect(change).toBeDefined();
    expect(change!.kind).toBe('modified');
    expect(change!.aspects).toContain('content');
    expect(change!.a!.sha256).not.toBe(change!.b!.sha256);
    expect(change!.a!.size).toBeTypeOf('number');
    const layer = report.layers[change!.layer]!;
    expect(layer.line).toBe(4);
    expect(layer.instruction).toBe('RUN date +%s%N > /x');
    expect(layer.identical).toBe(false);
    // The busybox COPY differs only in the mtime of /bin, which COPY creates at build time.
    expect(report.layers[0]!.line).toBe(2);
    expect(report.changes.filter((c) => c.layer === 0).map((c) => [c.path, c.aspects])).toEqual([['/bin', ['mtime']]]);
    expect(report.verdicts.content).toBe(false);
    expect(report.contentChanges.map((c) => c.path)).toContain('/x');
  });

  it('reports a COPY of a context file as an mtime-only change under context-mtime', async () => {
    const report = await check(['FROM scratch', 'COPY hello.txt /hello.txt'], { 'hello.txt': 'hello\n' }, ['context-mtime'], false);
    expect(report.variations).toEqual(['context-mtime']);
    expect(report.changes).toHaveLength(1);
    expect(report.changes[0]).toMatchObject({ path: '/hello.txt', layer: 0, kind: 'modified', aspects: ['mtime'] });
    expect(report.layers[0]).toMatchObject({ line: 2, identical: false });
    expect(report.verdicts).toEqual({ strict: false, layers: false, content: true });
  });

  it('reports group-write bits under context-mode', async () => {
    const report = await check(['FROM scratch', 'COPY hello.txt /hello.txt'], { 'hello.txt': 'hello\n' }, ['context-mode'], false);
    expect(report.changes[0]).toMatchObject({ path: '/hello.txt', aspects: ['mode'] });
    expect(report.changes[0]!.a!.mode).toBe('0644');
    expect(report.changes[0]!.b!.mode).toBe('0664');
    expect(report.verdicts.content).toBe(false);
  });

  it('fails with the failing instruction and its line when a build fails', async () => {
    const error = await check([...BUSYBOX_BASE, 'RUN echo about to fail && exit 3'], {}, ['time']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PairBuildError);
    expect((error as Error).message).toMatch(/^build A failed at .*Dockerfile:4 \(RUN echo about to fail && exit 3\)/);
    expect((error as PairBuildError).outputTail.join('\n')).toContain('about to fail');
  });

  it('maps layers with the classic builder too', async () => {
    const report = await check([...BUSYBOX_BASE, 'RUN date +%s%N > /x'], {}, ['time'], true, { builder: 'classic' });
    expect(report.engine?.builder).toBe('classic');
    const change = report.changes.find((c) => c.path === '/x');
    expect(change?.aspects).toContain('content');
    expect(report.layers[change!.layer]).toMatchObject({ line: 4, instruction: 'RUN date +%s%N > /x' });
    expect(report.layers[0]).toMatchObject({ line: 2, instruction: 'COPY busybox /bin/busybox' });
  });

  it('removes the intermediate images of a failed classic build', async () => {
    const error = await check([...BUSYBOX_BASE, 'RUN exit 4'], {}, ['time'], true, { builder: 'classic' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^build A failed at .*Dockerfile:4 \(RUN exit 4\): .*non-zero code: 4/);
    // afterAll checks that the engine holds exactly what it held before.
  });

  it('builds through docker buildx with the same variations and mapping', async () => {
    const report = await check([...BUSYBOX_BASE, 'COPY hello.txt /hello.txt', 'RUN date +%s%N > /x'], { 'hello.txt': 'hi\n' }, ['time', 'context-mode'], true, { builder: 'buildx' });
    expect(report.engine?.builder).toBe('buildx');
    expect(report.changes.find((c) => c.path === '/x')?.aspects).toContain('content');
    expect(report.changes.find((c) => c.path === '/hello.txt')?.aspects).toEqual(['mode']);
    expect(report.layers[report.changes.find((c) => c.path === '/x')!.layer]).toMatchObject({ line: 5, instruction: 'RUN date +%s%N > /x' });
  });

  it('reports a failed buildx build with its step and line', async () => {
    const error = await check([...BUSYBOX_BASE, 'RUN echo via buildx && exit 5'], {}, ['time'], true, { builder: 'buildx' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PairBuildError);
    expect((error as Error).message).toMatch(/^build A failed at .*Dockerfile:4 \(RUN echo via buildx && exit 5\): process .* exit code: 5$/);
    expect((error as PairBuildError).outputTail.join('\n')).toContain('via buildx');
  });

  it('never lets a build-argument value reach the report or an error message', async () => {
    const secret = 'hunter2-s3cr3t-value';
    const lines: string[] = [];
    const context = await makeContext(
      {
        Dockerfile: [...BUSYBOX_BASE, 'ARG TOKEN', 'RUN echo "$TOKEN" > /token && date > /x'].join('\n') + '\n',
        'Dockerfile.fail': [...BUSYBOX_BASE, 'ARG TOKEN', 'RUN echo "leaking $TOKEN" && exit 9'].join('\n') + '\n',
      },
      true,
    );
    contexts.push(context);
    const settings = buildSettings(context, { buildArgs: { TOKEN: secret } });
    const report = await runBuildCheck(settings, engine, 'test', { output: (line) => lines.push(line) });
    // BuildKit records build arguments in the history's created_by; the report shows them masked.
    expect(JSON.stringify(report)).not.toContain(secret);
    expect(JSON.stringify(report)).toContain('***');
    expect(lines.join('\n')).not.toContain(secret);
    const failing = await runBuildCheck({ ...settings, dockerfile: join(context, 'Dockerfile.fail') }, engine, 'test').catch((e: unknown) => e);
    expect((failing as Error).message).toMatch(/build A failed/);
    expect(String(failing)).not.toContain(secret);
    expect((failing as { outputTail: string[] }).outputTail.join('\n')).toContain('leaking ***');
  });
});
