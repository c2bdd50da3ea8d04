import { spawn } from 'node:child_process';
import { Agent } from 'node:http';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runBuildCheck } from '../../src/check/build-check.js';
import { runCli } from '../../src/cli/cli-main.js';
import { EngineConnectionError } from '../../src/engine/build-errors.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { EngineProxy } from './engine-proxy.js';
import { buildSettings, BUSYBOX_BASE, makeContext, removeDir, snapshotEngine, type EngineSnapshot } from './engine-fixture.js';

const root = join(import.meta.dirname, '..', '..');
let proxy: EngineProxy;
let context: string;
let before: EngineSnapshot;

beforeAll(async () => {
  before = await snapshotEngine();
  proxy = await EngineProxy.start();
  context = await makeContext({ Dockerfile: [...BUSYBOX_BASE, 'RUN date > /x'].join('\n') + '\n' }, true);
});

afterEach(async () => {
  proxy.faults = [];
  // Every failure path removed what it built.
  expect(await snapshotEngine()).toEqual(before);
});

afterAll(async () => {
  await proxy.stop();
  await removeDir(context);
});

const settings = () => buildSettings(context);

// One connection per request: Node's default agent keeps connections alive, and the proxy picks the
// requests to break by the first request line of each connection.
const throughProxy = (signal?: AbortSignal) => new DockerEngine(new Docker({ socketPath: proxy.socketPath, agent: new Agent({ keepAlive: false }) } as Docker.DockerOptions), { signal });

describe('an engine that stops answering', () => {
  it('ends the run with a clear error when the connection is cut during a build', async () => {
    proxy.faults = [{ match: /^POST \S*\/build/, mode: 'cut', afterBytes: 200 }];
    const error = await runBuildCheck(settings(), throughProxy(), 'test').catch((e: unknown) => e);
    expect(proxy.broken.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(EngineConnectionError);
    expect((error as Error).message).toMatch(/stopped answering during the build/);
  });

  it('ends the run with a clear error when the connection is cut while saving an image', async () => {
    proxy.faults = [{ match: /^GET \S*\/images\/\S+\/get/, mode: 'cut', afterBytes: 64 * 1024 }];
    const error = await runBuildCheck(settings(), throughProxy(), 'test').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/stopped sending|truncated/);
  });

  it('stops at --timeout when a save hangs, and says where it was', async () => {
    proxy.faults = [{ match: /^GET \S*\/images\/\S+\/get/, mode: 'hang', afterBytes: 64 * 1024 }];
    const stderr: string[] = [];
    const started = Date.now();
    const code = await runCli(['build', context, '--timeout', '8', '--variations', 'time', '--source-date-epoch', 'none', '--quiet'], {
      stdout: () => undefined,
      stderr: (text) => stderr.push(text),
      cwd: root,
      env: {},
      engine: throughProxy,
    });
    expect(code).toBe(2);
    expect(stderr.join('')).toBe('repro-check: timed out after 8 s during compare; the images it built were removed\n');
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('an interrupted run', () => {
  it('stops on SIGINT, removes what it built and exits 130', async () => {
    const slow = await makeContext({ Dockerfile: [...BUSYBOX_BASE, 'RUN sleep 30'].join('\n') + '\n' }, true);
    try {
      const child = spawn(process.execPath, [join(root, 'dist', 'cli.cjs'), 'build', slow, '--source-date-epoch', 'none'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let interrupted = false;
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Interrupt once, when build A is under way.
        if (!interrupted && stderr.includes('==> build A')) {
          interrupted = true;
          setTimeout(() => child.kill('SIGINT'), 2_000);
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(130);
      expect(stderr).toContain('repro-check: interrupted by SIGINT during build A; the images it built were removed');
    } finally {
      await removeDir(slow);
    }
  });
});
