import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOnlyUnclampable, snapshotEngine, type EngineSnapshot } from './engine-fixture.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli.cjs');
let out: string;
let before: EngineSnapshot;

/** Runs the bundled CLI as a user would, returning its exit status and output. */
async function repro(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  before = await snapshotEngine();
  out = await mkdtemp(join(tmpdir(), 'repro-check-cli-'));
});

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
  expect(await snapshotEngine()).toEqual(before);
});

describe('the bundled CLI (dist/cli.cjs)', () => {
  it('checks the bundled example: exit 0 at level content, 1 at strict, with a report', async () => {
    const content = await repro(['build', 'examples/hello', '--level', 'content', '--report', join(out, 'content.json')]);
    expect(content.stderr).not.toMatch(/repro-check: /);
    expect(content.code).toBe(0);
    expect(content.stdout).toContain('reproducible at level content');
    const report = JSON.parse(await readFile(join(out, 'content.json'), 'utf8'));
    expect(report).toMatchObject({ schemaVersion: 1, command: 'build', level: 'content', reproducible: true });
    // With rewrite-timestamp (containerd store) times later than SOURCE_DATE_EPOCH are clamped.
    if (report.timestamps.rewriteTimestamp) expectOnlyUnclampable(report);
    else expect(report.changes.length).toBeGreaterThan(0);
    expect(report.changes.every((c: { aspects: string[] }) => c.aspects.join() === 'mtime')).toBe(true);

    const strict = await repro(['build', 'examples/hello', '--json', '--variations', 'context-mtime', '--source-date-epoch', 'none']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ reproducible: false, level: 'strict', variations: ['time', 'context-mtime'] });
  });

  it('exits 2 with one line naming the bad input', async () => {
    const result = await repro(['build', 'examples/hello', '--level', 'exact']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('repro-check: --level must be one of strict, layers, content, not "exact"');
  });

  it('exits 2 naming the socket when no engine answers', async () => {
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [cli, 'build', 'examples/hello'], { cwd: root, env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' } }, (error, _stdout, stderr) =>
        resolve({ code: (error as { code?: number } | null)?.code ?? 0, stderr }),
      );
    });
    expect(code).toBe(2);
    expect(stderr).toContain('no Docker engine answers at unix:///nonexistent/docker.sock');
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('writes the manifest of image A and checks a later build against it as a baseline', async () => {
    const manifest = join(out, 'hello.mtree');
    const first = await repro(['build', 'examples/hello', '--level', 'content', '--emit-manifest', manifest, '--quiet']);
    expect(first.code).toBe(0);
    expect(await readFile(manifest, 'utf8')).toMatch(/^#mtree/);
    const second = await repro(['build', 'examples/hello', '--level', 'content', '--baseline', manifest, '--json']);
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout);
    expect(report.baseline).toMatchObject({ drift: false, baseline: manifest });
    // Directory mtimes (build time of the implicit /app) are noise under the default rules: counted, not drift.
    expect(report.baseline.counts.ignored).toBeGreaterThanOrEqual(0);
  });
});
