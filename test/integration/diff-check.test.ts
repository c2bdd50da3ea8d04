import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiffCheck } from '../../src/check/diff-check.js';
import { createContextTar, NO_CONTEXT_VARIATION } from '../../src/context/context-tar.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { BUSYBOX_BASE, makeContext, removeDir, snapshotEngine, type EngineSnapshot } from './engine-fixture.js';

const engine = new DockerEngine();
const tags = [`repro-check-it-diff-${process.pid}:one`, `repro-check-it-diff-${process.pid}:two`];
let dir: string;
let before: EngineSnapshot;

/** Builds one image with the engine; the two differ by the time RUN date ran. */
async function buildImage(tag: string): Promise<void> {
  const context = await createContextTar(dir, join(dir, 'Dockerfile'), NO_CONTEXT_VARIATION);
  await engine.build({ context: context.stream, dockerfile: context.dockerfile, buildArgs: {}, noCache: true, tag, builder: 'buildkit' });
}

beforeAll(async () => {
  before = await snapshotEngine();
  dir = await makeContext({ Dockerfile: [...BUSYBOX_BASE, 'RUN date +%s%N > /stamp', 'LABEL purpose=test'].join('\n') + '\n' }, true);
  await buildImage(tags[0]!);
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  await buildImage(tags[1]!);
  for (const [i, tag] of tags.entries()) await pipeline(await engine.save(tag), createWriteStream(join(dir, `image-${i}.tar`)));
});

afterAll(async () => {
  for (const tag of tags) await engine.removeTag(tag);
  await removeDir(dir);
  expect(await snapshotEngine()).toEqual(before);
});

describe('diff of existing images', () => {
  it('compares two images in the engine', async () => {
    const report = await runDiffCheck({ a: { kind: 'engine', ref: tags[0]! }, b: { kind: 'engine', ref: tags[1]! }, level: 'strict' }, () => engine, 'test');
    expect(report.command).toBe('diff');
    expect(report.images.map((i) => i.source)).toEqual(['engine', 'engine']);
    expect(report.layers).toHaveLength(3);
    expect(report.layers[2]!.identical).toBe(false);
    expect(report.layers[2]!.createdBy).toContain('date +%s%N > /stamp');
    expect(report.changes.find((c) => c.path === '/stamp')?.aspects).toContain('content');
    expect(report.reproducible).toBe(false);
    expect(report.engine?.version).toBeTruthy();
  });

  it('compares two docker save archives without an engine', async () => {
    const noEngine = () => {
      throw new Error('archives must not need the engine');
    };
    const report = await runDiffCheck(
      { a: { kind: 'archive', path: join(dir, 'image-0.tar') }, b: { kind: 'archive', path: join(dir, 'image-1.tar') }, level: 'layers' },
      noEngine,
      'test',
    );
    expect(report.images.map((i) => i.source)).toEqual(['archive', 'archive']);
    expect(report.engine).toBeNull();
    expect(report.changes.some((c) => c.path === '/stamp' && c.aspects.includes('content'))).toBe(true);
    expect(report.reproducible).toBe(false);
  });

  it('finds an image identical to itself', async () => {
    const report = await runDiffCheck({ a: { kind: 'engine', ref: tags[0]! }, b: { kind: 'archive', path: join(dir, 'image-0.tar') }, level: 'strict' }, () => engine, 'test');
    expect(report.verdicts).toEqual({ strict: true, layers: true, content: true });
    expect(report.changes).toEqual([]);
    expect(report.config).toEqual([]);
  });
});
