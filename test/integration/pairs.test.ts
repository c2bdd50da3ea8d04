import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuildCheck } from '../../src/check/build-check.js';
import { runCli, type CliIo } from '../../src/cli/cli-main.js';
import { createContextTar, NO_CONTEXT_VARIATION } from '../../src/context/context-tar.js';
import { inspectBuildxBuilder } from '../../src/engine/buildx-inspect.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { InputError } from '../../src/settings.js';
import { buildSettings, BUSYBOX_BASE, makeContext, removeDir, snapshotEngine, type EngineSnapshot } from './engine-fixture.js';

const run = promisify(execFile);
const engine = new DockerEngine();
const tags = [`repro-check-it-pairs-${process.pid}:one`, `repro-check-it-pairs-${process.pid}:two`];
/** A second docker context for the engine's own socket: buildx lists it as a builder with the docker driver. */
const CONTEXT_NAME = `repro-check-it-ctx-${process.pid}`;
const dirs: string[] = [];
let dir: string;
let before: EngineSnapshot;
const savedDockerConfig = process.env.DOCKER_CONFIG;

async function buildImage(tag: string): Promise<void> {
  const context = await createContextTar(dir, join(dir, 'Dockerfile'), NO_CONTEXT_VARIATION);
  await engine.build({ context: context.stream, dockerfile: context.dockerfile, buildArgs: {}, noCache: true, tag, builder: 'buildkit' });
}

/** The CLI's real I/O, recorded, with a count of the engines it made. */
function io(cwd: string): CliIo & { out: string[]; err: string[]; engines: number } {
  const recorded = { out: [] as string[], err: [] as string[], engines: 0 };
  return Object.assign(recorded, {
    stdout: (text: string) => recorded.out.push(text),
    stderr: (text: string) => recorded.err.push(text),
    cwd,
    env: process.env,
    engine: (signal?: AbortSignal) => {
      recorded.engines++;
      return new DockerEngine(undefined, signal ? { signal } : {});
    },
  });
}

/** Where the docker CLI keeps the buildx plugin (a user's or the system's plugin directory). */
async function buildxPluginDir(): Promise<string> {
  const { stdout } = await run('docker', ['info', '--format', '{{json .ClientInfo.Plugins}}']);
  const plugin = (JSON.parse(stdout) as { Name: string; Path: string }[]).find((p) => p.Name === 'buildx');
  if (!plugin) throw new Error('the docker CLI has no buildx plugin');
  return plugin.Path.slice(0, plugin.Path.lastIndexOf('/'));
}

beforeAll(async () => {
  before = await snapshotEngine();
  dir = await makeContext({ Dockerfile: [...BUSYBOX_BASE, 'RUN date +%s%N > /stamp'].join('\n') + '\n' }, true);
  dirs.push(dir);
  await buildImage(tags[0]!);
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  await buildImage(tags[1]!);
  await pipeline(await engine.save(tags[0]!), createWriteStream(join(dir, 'one.tar')));
  // A docker config of this test's own, so the context it creates touches no one else's.
  const config = await mkdtemp(join(tmpdir(), 'repro-check-it-docker-config-'));
  dirs.push(config);
  await symlink(await buildxPluginDir(), join(config, 'cli-plugins'));
  process.env.DOCKER_CONFIG = config;
  await run('docker', ['context', 'create', CONTEXT_NAME, '--docker', `host=${process.env.DOCKER_HOST || 'unix:///var/run/docker.sock'}`]);
});

afterAll(async () => {
  await run('docker', ['context', 'rm', '-f', CONTEXT_NAME]).catch(() => undefined);
  if (savedDockerConfig === undefined) delete process.env.DOCKER_CONFIG;
  else process.env.DOCKER_CONFIG = savedDockerConfig;
  for (const tag of tags) await engine.removeTag(tag);
  await Promise.all(dirs.map(removeDir));
  expect(await snapshotEngine()).toEqual(before);
});

describe('diff --pairs on the real engine', () => {
  it('runs the pairs two at a time with one engine, a report each, one table and the worst exit status', async () => {
    const missing = `repro-check-it-pairs-${process.pid}:absent`;
    // Engine images, an archive (relative to the file) against its own image, and a missing image.
    await writeFile(join(dir, 'pairs.txt'), `# RUN date: differ\n${tags[0]} ${tags[1]}\none.tar ${tags[0]}  # the same image, saved\n${tags[1]} ${missing}\n`);
    const cli = io(tmpdir());
    const status = await runCli(['diff', '--pairs', join(dir, 'pairs.txt'), '--report', join(dir, 'out')], cli);
    expect(status).toBe(2);
    expect(cli.engines).toBe(1);
    // Two pairs start at once; the third waits until one of them is done.
    const progress = cli.err.join('').split('\n');
    const firstDone = progress.findIndex((line) => / (done|failed): /.test(line));
    expect(progress.slice(0, 2).map((line) => line.slice(0, 6))).toEqual(['[1/3] ', '[2/3] ']);
    expect(progress.findIndex((line) => line.startsWith(`[3/3] ${tags[1]} vs`))).toBeGreaterThan(firstDone);

    const summary = JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8'));
    expect(summary.rows.map((row: { exitStatus: number }) => row.exitStatus)).toEqual([1, 0, 2]);
    expect(summary.rows[2].error).toContain(missing);
    const files = (await readdir(join(dir, 'out'))).sort();
    expect(files).toEqual([`01-repro-check-it-pairs-${process.pid}-one-vs-repro-check-it-pairs-${process.pid}-two.json`, `02-one.tar-vs-repro-check-it-pairs-${process.pid}-one.json`, 'summary.json']);
    const differs = JSON.parse(await readFile(join(dir, 'out', files[0]!), 'utf8'));
    expect(differs.changes.some((change: { path: string; aspects: string[] }) => change.path === '/stamp' && change.aspects.includes('content'))).toBe(true);
    const same = JSON.parse(await readFile(join(dir, 'out', files[1]!), 'utf8'));
    expect(same.images.map((image: { source: string }) => image.source)).toEqual(['archive', 'engine']);
    expect(same.verdicts).toEqual({ strict: true, layers: true, content: true });

    const table = cli.out.join('');
    expect(table).toContain('3 pairs: 1 reproducible, 1 not reproducible or not verified, 1 failed; exit status 2');
    expect(table.split('\n')[1]).toMatch(/^1 .* DIFFERS {2}DIFFERS {2}DIFFERS .*NOT reproducible at strict$/);

    // The reports of separate jobs join into the same rows.
    const merged = io(dir);
    expect(await runCli(['merge-reports', 'out', '--json'], merged)).toBe(1);
    expect(JSON.parse(merged.out.join('')).rows.map((row: { exitStatus: number; verdicts: unknown }) => [row.exitStatus, row.verdicts])).toEqual([
      [1, summary.rows[0].verdicts],
      [0, summary.rows[1].verdicts],
    ]);
  });
});

describe('--buildx-builder', () => {
  it('finds the second context as a buildx builder with the docker driver', async () => {
    expect(await inspectBuildxBuilder(CONTEXT_NAME)).toEqual({ name: CONTEXT_NAME, driver: 'docker', endpoint: CONTEXT_NAME });
  });

  it('builds both images through that builder', async () => {
    const context = await makeContext({ Dockerfile: [...BUSYBOX_BASE, 'RUN date +%s%N > /x'].join('\n') + '\n' }, true);
    dirs.push(context);
    const activity = async () => (await run('docker', ['buildx', 'inspect', CONTEXT_NAME])).stdout;
    // buildx records a builder's last use; a builder never used has none.
    expect(await activity()).not.toMatch(/^Last Activity:/m);
    const report = await runBuildCheck(buildSettings(context, { builder: 'buildx', buildxBuilder: CONTEXT_NAME }), engine, 'test');
    expect(await activity()).toMatch(/^Last Activity:/m);
    expect(report.engine?.builder).toBe('buildx');
    // The engine's IDs of the two images the builder made, which differ by /x.
    expect(report.images.map((image) => image.id)).toEqual([expect.stringMatching(/^sha256:[0-9a-f]{64}$/), expect.stringMatching(/^sha256:[0-9a-f]{64}$/)]);
    expect(report.images[0].id).not.toBe(report.images[1].id);
    const change = report.changes.find((c) => c.path === '/x');
    expect(change?.aspects).toContain('content');
    expect(report.layers[change!.layer]!.line).toBe(4);
  });

  it('refuses a builder that does not exist before building anything', async () => {
    const context = await makeContext({ Dockerfile: [...BUSYBOX_BASE, 'RUN true'].join('\n') + '\n' }, true);
    dirs.push(context);
    const snapshot = await snapshotEngine();
    const error = await runBuildCheck(buildSettings(context, { builder: 'buildx', buildxBuilder: `no-such-builder-${process.pid}` }), engine, 'test').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(`buildx builder "no-such-builder-${process.pid}" cannot be used`);
    expect(await snapshotEngine()).toEqual(snapshot);
  });
});

