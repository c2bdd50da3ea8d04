import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuildCheck } from '../../src/check/build-check.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { toAnnotations } from '../../src/report/annotations.js';
import type { Report } from '../../src/report/report.js';
import { buildSettings, BUSYBOX_BASE, makeContext, removeDir, snapshotEngine, type EngineSnapshot } from './engine-fixture.js';

const realEngine = new DockerEngine();
/** Image IDs the check asked the engine to save, in order: the real engine, only counted. */
const saved: string[] = [];
const engine = new Proxy(realEngine, {
  get(target, key, receiver) {
    if (key === 'save') return (id: string) => (saved.push(id), target.save(id));
    const value: unknown = Reflect.get(target, key, receiver);
    return typeof value === 'function' ? value.bind(target) : value;
  },
});
const contexts: string[] = [];
let before: EngineSnapshot;
let report: Report;

beforeAll(async () => {
  before = await snapshotEngine();
  // One build pair covers the single-stage cases: each RUN writes one kind of difference.
  const dockerfile = [
    ...BUSYBOX_BASE,
    'RUN date > /built-at',
    'RUN mkdir -p /bundle/docs && echo same > /bundle/docs/readme && tar -czf /bundle.tgz /bundle/docs',
    'RUN head -c 64 /dev/urandom > /random.bin',
    'RUN mkdir -p /var/empty/dir',
  ];
  report = await check(dockerfile);
});

afterAll(async () => {
  await Promise.all(contexts.map(removeDir));
  expect(await snapshotEngine()).toEqual(before);
});

async function check(lines: string[]): Promise<Report> {
  const context = await makeContext({ Dockerfile: lines.join('\n') + '\n' }, true);
  contexts.push(context);
  // No SOURCE_DATE_EPOCH: with it, the containerd store's rewrite-timestamp would clamp the
  // timestamps whose explanations these tests look at.
  return runBuildCheck(buildSettings(context), engine, 'test');
}

const change = (path: string) => report.changes.find((c) => c.path === path)!;
const groupOf = (layerLine: number) => report.causes.filter((g) => g.line === layerLine);

describe('explanations on the real engine', () => {
  it('reads each image once: what explaining needs is kept during the first read', () => {
    expect(saved).toHaveLength(2);
    expect(new Set(saved).size).toBe(2);
  });

  it('shows the text diff of a RUN that writes a date, as an embedded date', () => {
    expect(change('/built-at')).toMatchObject({ cause: 'embedded-date' });
    expect(change('/built-at').diff).toMatch(/^-.*\d\d:\d\d:\d\d/m);
    expect(change('/built-at').diff).toMatch(/^\+.*\d\d:\d\d:\d\d/m);
    expect(groupOf(4).map((g) => g.cause)).toContain('embedded-date');
  });

  it('names the members of a tar.gz built in a RUN and puts it down to their timestamps', () => {
    expect(change('/bundle.tgz')).toMatchObject({ cause: 'archive-member-mtime' });
    expect(change('/bundle.tgz').detail).toContain('bundle/docs');
    expect(change('/bundle.tgz').hint).toMatch(/mtime|touch|SOURCE_DATE_EPOCH/);
  });

  it('recognises random bytes', () => {
    expect(change('/random.bin')).toMatchObject({ cause: 'random-bytes' });
    // Two random 64-byte strings agree at a given offset with chance 1/256, so a few may match.
    const differing = /(\d+) of 64 bytes differ/.exec(change('/random.bin').detail ?? '');
    expect(Number(differing?.[1])).toBeGreaterThan(48);
  });

  it('reports a layer that differs only in directory mtimes as timestamps only', () => {
    const layer = report.layers.find((l) => l.line === 7)!;
    const changes = report.changes.filter((c) => c.layer === layer.index);
    expect(changes.map((c) => c.path).sort()).toEqual(['/var', '/var/empty', '/var/empty/dir']);
    expect(changes.every((c) => c.aspects.join() === 'mtime')).toBe(true);
    const groups = report.causes.filter((g) => g.layer === layer.index);
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((g) => g.timestampsOnly)).toBe(true);
  });

  it('puts the annotation of a difference that enters through COPY --from on the builder stage\'s line that wrote the file', async () => {
    const multi = await check([
      'FROM scratch AS builder',
      'COPY busybox /bin/busybox',
      'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
      'RUN date > /stamp',
      '',
      'FROM scratch',
      'COPY --from=builder /stamp /stamp',
      'CMD ["/stamp"]',
    ]);
    expect(multi.layers).toHaveLength(1);
    expect(multi.layers[0]).toMatchObject({ line: 7, instruction: 'COPY --from=builder /stamp /stamp' });
    const annotations = toAnnotations(multi, 'Dockerfile');
    const onCopy = annotations.find((a) => a.message.includes('/stamp'))!;
    // The difference began where the builder stage wrote /stamp (line 4), not at the COPY that carried it.
    expect(onCopy).toMatchObject({ level: 'error', file: 'Dockerfile', line: 4 });
    const stamp = multi.changes.find((c) => c.path === '/stamp')!;
    expect(stamp.origin).toEqual({ layer: 0, line: 4 });
    expect(stamp.cause).toBe('embedded-date');
  });
});
