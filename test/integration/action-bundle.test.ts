import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { Readable } from 'node:stream';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { expectOnlyUnclampable, snapshotEngine, type EngineSnapshot } from './engine-fixture.js';

const root = join(import.meta.dirname, '..', '..');
let temp: string;
let before: EngineSnapshot;

/** Runs dist/index.cjs as the runner does: inputs as INPUT_* variables, outputs through files. */
async function runAction(inputs: Record<string, string>): Promise<{ code: number; stdout: string; outputs: Record<string, string>; summary: string }> {
  const outputFile = join(temp, `output-${Date.now()}`);
  const summaryFile = join(temp, `summary-${Date.now()}`);
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_WORKSPACE: root, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, RUNNER_TEMP: temp };
  if (process.env.DOCKER_HOST) env.DOCKER_HOST = process.env.DOCKER_HOST;
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [join(root, 'dist', 'index.cjs')], { env, cwd: root }, (error, out) => resolve({ code: (error as { code?: number } | null)?.code ?? 0, stdout: out }));
  });
  return { code, stdout, outputs: parseOutputFile(await readFile(outputFile, 'utf8')), summary: await readFile(summaryFile, 'utf8') };
}

/** Reads the `name<<delimiter` blocks that @actions/core writes to GITHUB_OUTPUT. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]!] = match[3]!;
  return outputs;
}

beforeAll(async () => {
  before = await snapshotEngine();
  temp = await mkdtemp(join(tmpdir(), 'repro-check-action-'));
});

afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
  expect(await snapshotEngine()).toEqual(before);
});

describe('the bundled action (dist/index.cjs)', () => {
  it('passes at level content, sets every output and writes the report, SARIF and summary', async () => {
    const { code, stdout, outputs, summary } = await runAction({ context: 'examples/hello', level: 'content', sarif: join(temp, 'out.sarif') });
    expect(summary).toContain('## ✅ repro-check: reproducible at level `content`');
    const sarif = JSON.parse(await readFile(join(temp, 'out.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    for (const result of sarif.runs[0].results) expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('examples/hello/Dockerfile');
    expect(code).toBe(0);
    expect(stdout).toContain('::group::repro-check: build A');
    expect(outputs.reproducible).toBe('true');
    expect(outputs['image-a']).toMatch(/^sha256:/);
    expect(outputs['image-b']).toMatch(/^sha256:/);
    expect(outputs.report).toBe(join(temp, 'repro-check-report.json'));
    const report = JSON.parse(await readFile(outputs.report!, 'utf8'));
    expect(report).toMatchObject({ reproducible: true, level: 'content' });
    // The copied files' mtimes differ, unless rewrite-timestamp (containerd store) clamped them.
    if (report.timestamps.rewriteTimestamp) expectOnlyUnclampable(report);
    else expect(Number(outputs.differences)).toBeGreaterThan(0);
    expect(Number(outputs.differences)).toBe(report.changes.length);
  });

  it('fails the step when not reproducible, after writing the outputs, unless told not to', async () => {
    const failing = await runAction({ context: 'examples/hello', variations: 'context-mtime', 'source-date-epoch': 'none', report: join(temp, 'strict.json') });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('::error::the image is not reproducible at level strict');
    expect(failing.outputs.reproducible).toBe('false');
    // An annotation on the COPY line of the Dockerfile, relative to the workspace, naming the cause.
    expect(failing.stdout).toMatch(/^::error title=repro-check%3A Build-context mtimes,file=examples\/hello\/Dockerfile,line=6::\d+ files differ in layer #0 \(COPY --chmod=0755 app\/ \/app\/\): /m);
    // The job summary: verdicts, the layer table and the cause with its fix.
    expect(failing.summary).toContain('## ❌ repro-check: not reproducible at level `strict`');
    expect(failing.summary).toContain('| 0 | <code>COPY --chmod=0755 app/ /app/</code> | 6 | ❌ |');
    expect(failing.summary).toContain('(<code>context-mtime</code>) | layer 0, line 6 |');
    const tolerant = await runAction({ context: 'examples/hello', variations: 'context-mtime', 'source-date-epoch': 'none', 'fail-on-difference': 'false' });
    expect(tolerant.code).toBe(0);
    expect(tolerant.outputs.reproducible).toBe('false');
  });

  it('fails with one line naming a bad input', async () => {
    const { code, stdout } = await runAction({ context: 'examples/hello', level: 'bitwise' });
    expect(code).toBe(1);
    expect(stdout).toContain('::error::level must be one of strict, layers, content, not "bitwise"');
  });

  it('cleans up, in its post step, what a killed main step left', async () => {
    const docker = new Docker();
    const runId = `postclean${process.pid}`;
    // A tiny image tagged as a run's image would be: import an empty rootfs.
    const stream = (await docker.importImage(Readable.from([Buffer.alloc(1024)]) as never, { repo: `repro-check-${runId}`, tag: 'a' } as never)) as unknown as NodeJS.ReadableStream;
    await new Promise((resolve, reject) => docker.modem.followProgress(stream, (error) => (error ? reject(error) : resolve(undefined))));
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, [join(root, 'dist', 'post.cjs')], { env: { PATH: process.env.PATH, 'STATE_repro-check-run': runId } }, (error, out) =>
        resolve({ code: (error as { code?: number } | null)?.code ?? 0, stdout: out }),
      );
    });
    expect(code).toBe(0);
    expect(stdout).toContain(`repro-check: removed 1 image(s) an interrupted run left: repro-check-${runId}:a`);
    expect(await new DockerEngine().tagsOf(`repro-check-${runId}`)).toEqual([]);
  });

  it('checks a VM snapshot manifest against a baseline: drift output, an annotation on the manifest, a summary', async () => {
    const machine = join(temp, 'machine');
    await mkdir(join(machine, 'etc'), { recursive: true });
    await writeFile(join(machine, 'etc', 'app.conf'), 'port=80\n');
    const cli = join(root, 'dist', 'cli.cjs');
    await promisify(execFile)(process.execPath, [cli, 'manifest', '--dir', machine, '--output', join(temp, 'golden.mtree')]);
    await writeFile(join(machine, 'etc', 'app.conf'), 'port=8080\n');
    await writeFile(join(machine, 'etc', 'extra'), 'x\n');
    await promisify(execFile)(process.execPath, [cli, 'manifest', '--dir', machine, '--output', join(temp, 'vm.json')]);
    const { code, stdout, outputs, summary } = await runAction({ 'vm-manifest': join(temp, 'vm.json'), 'vm-baseline': join(temp, 'golden.mtree'), report: join(temp, 'drift.json') });
    expect(code).toBe(1);
    expect(outputs).toMatchObject({ drift: 'true', reproducible: 'false', differences: '2' });
    const manifest = relative(root, join(temp, 'vm.json'));
    expect(stdout).toContain(`::error title=repro-check%3A 2 changes since the baseline,file=${manifest}::modified /etc/app.conf, added /etc/extra.`);
    expect(summary).toMatch(/^## ❌ repro-check VM drift: 2 changes/);
    expect(JSON.parse(await readFile(join(temp, 'drift.json'), 'utf8'))).toMatchObject({ drift: true, counts: { added: 1, modified: 1 } });
  });
});
