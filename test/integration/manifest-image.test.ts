import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../src/cli/cli-main.js';
import { createContextTar, NO_CONTEXT_VARIATION } from '../../src/context/context-tar.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { readJsonManifest } from '../../src/manifest/json-manifest-reader.js';
import { bsdtar } from '../manifest/bsdtar-tool.js';
import { BUSYBOX_BASE, makeContext, removeDir, snapshotEngine, type EngineSnapshot } from './engine-fixture.js';

// Manifests of a real image read through the engine and from its docker save archive.
const engine = new DockerEngine();
const tag = `repro-check-it-manifest-${process.pid}:one`;
let dir: string;
let before: EngineSnapshot;

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: dir, env: {}, engine: () => engine };
}

beforeAll(async () => {
  before = await snapshotEngine();
  const dockerfile = [...BUSYBOX_BASE, 'RUN mkdir -p "/srv/a dir" && echo hi > "/srv/a dir/f#1" && ln "/srv/a dir/f#1" /srv/hard && ln -s "a dir" /srv/link'];
  dir = await makeContext({ Dockerfile: dockerfile.join('\n') + '\n' }, true);
  const context = await createContextTar(dir, join(dir, 'Dockerfile'), NO_CONTEXT_VARIATION);
  await engine.build({ context: context.stream, dockerfile: context.dockerfile, buildArgs: {}, noCache: true, tag, builder: 'buildkit' });
  await pipeline(await engine.save(tag), createWriteStream(join(dir, 'image.tar')));
});

afterAll(async () => {
  await engine.removeTag(tag);
  await removeDir(dir);
  expect(await snapshotEngine()).toEqual(before);
});

describe('repro-check manifest of a real image', () => {
  it('describes the image from the engine and from its archive alike', async () => {
    const a = io();
    expect(await runCli(['manifest', '--image', tag, '--output', 'engine.json'], a)).toBe(0);
    const b = io();
    expect(await runCli(['manifest', '--tar', 'image.tar', '--output', 'archive.mtree'], b)).toBe(0);
    const tree = await readJsonManifest(readFileSync(join(dir, 'engine.json'), 'utf8'), 'engine.json');
    expect(tree.get('/srv/a dir/f#1')).toMatchObject({ type: 'file', size: 3, nlink: 2 });
    expect(tree.get('/srv/hard')).toMatchObject({ type: 'file', digest: tree.get('/srv/a dir/f#1')!.digest });
    expect(tree.get('/srv/link')).toMatchObject({ type: 'symlink', linkTarget: 'a dir' });
    const drift = io();
    expect(await runCli(['drift', '--baseline', 'engine.json', '--snapshot', 'archive.mtree', '--no-default-rules'], drift)).toBe(0);
    expect(drift.out.join('')).toContain('No drift');
    expect(bsdtar(['-tf', join(dir, 'archive.mtree')], dir)).toContain('./srv/a dir/f#1');
  });
});
