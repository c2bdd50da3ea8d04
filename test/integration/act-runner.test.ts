// Runs the bundled action the way nektos/act does, on the real engine: in a job container whose
// `node` runs dist/index.cjs, with the host engine's socket mounted at /var/run/docker.sock and
// DOCKER_HOST unset, the repository mounted at its host path (act's GITHUB_WORKSPACE), act's
// environment (ACT=true, CI=true, RUNNER_TEMP=/tmp) and its file commands under /var/run/act/.
// There is no node_modules in the container and no registry: the job image is made here, FROM
// scratch, out of this machine's node binary and the shared libraries it loads.
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { snapshotEngine, type EngineSnapshot } from './engine-fixture.js';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const docker = new Docker();

/** The job image, tagged by the node version it carries; built once for this file, removed at the end. */
const JOB_IMAGE = `repro-check-test/act-job:node-${process.versions.node}`;
/** Where act keeps its files in the job container, and the file commands it creates per step. */
const ACT_WORKFLOW = '/var/run/act/workflow';
const FILE_COMMANDS = { GITHUB_OUTPUT: 'outputcmd.txt', GITHUB_STATE: 'statecmd.txt', GITHUB_PATH: 'pathcmd.txt', GITHUB_ENV: 'envs.txt', GITHUB_STEP_SUMMARY: 'SUMMARY.md' };
/** Label on every container this file creates, so afterAll can remove them even after a timeout. */
const LABEL = 'repro-check.test';

let before: EngineSnapshot;
let builtJobImage = false;

/** The engine's unix socket on the host: what act bind-mounts into the job container. */
function hostSocket(): string {
  const host = process.env.DOCKER_HOST;
  if (!host) return '/var/run/docker.sock';
  if (host.startsWith('unix://')) return host.slice('unix://'.length);
  throw new Error(`the act test mounts the engine's unix socket into a container, and DOCKER_HOST=${host} is not one`);
}

/** The shared libraries a binary loads, as `ldd` lists them (none for a static binary). */
async function sharedLibraries(binary: string): Promise<string[]> {
  const { stdout } = await exec('ldd', [binary]).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const libraries: string[] = [];
  for (const line of stdout.split('\n')) {
    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x…)" or "/lib64/ld-linux-x86-64.so.2 (0x…)"
    const match = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line);
    if (match) libraries.push(match[1]!);
  }
  return libraries;
}

/**
 * Builds the job image with no registry: FROM scratch, this machine's node at /usr/local/bin/node,
 * each library `ldd` names at the path it names (the loader finds them there without a cache), and
 * a /tmp for RUNNER_TEMP. Reuses the tag when it is already there (then leaves it in place).
 */
async function ensureJobImage(): Promise<void> {
  try {
    await docker.getImage(JOB_IMAGE).inspect();
    return;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
  const context = await mkdtemp(join(tmpdir(), 'repro-check-act-image-'));
  try {
    const node = await realpath(process.execPath);
    const rootfs = join(context, 'rootfs');
    await mkdir(join(rootfs, 'usr', 'local', 'bin'), { recursive: true });
    await copyFile(node, join(rootfs, 'usr', 'local', 'bin', 'node'));
    for (const library of await sharedLibraries(node)) {
      await mkdir(join(rootfs, dirname(library)), { recursive: true });
      await copyFile(await realpath(library), join(rootfs, library));
    }
    await mkdir(join(rootfs, 'tmp'));
    await chmod(join(rootfs, 'tmp'), 0o1777);
    await mkdir(join(rootfs, 'root'));
    await writeFile(join(context, 'Dockerfile'), ['FROM scratch', 'COPY rootfs/ /', 'ENV PATH=/usr/local/bin:/usr/bin:/bin', ''].join('\n'));
    const stream = await docker.buildImage({ context, src: ['Dockerfile', 'rootfs'] }, { t: JOB_IMAGE, rm: true, forcerm: true });
    builtJobImage = true;
    const events = await new Promise<{ error?: string }[]>((resolve, reject) => {
      docker.modem.followProgress(stream, (error: Error | null, result: { error?: string }[]) => (error ? reject(error) : resolve(result)));
    });
    const failure = events.find((event) => event.error);
    if (failure) throw new Error(`building the job image failed: ${failure.error}`);
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

/** A tar of empty files, as act copies its file commands into the job container before a step. */
function fileCommandsTar(): Promise<Buffer> {
  const pack = tar.pack();
  let path = '';
  for (const part of ACT_WORKFLOW.split('/').filter(Boolean)) {
    path = path ? `${path}/${part}` : part;
    pack.entry({ name: `${path}/`, type: 'directory', mode: 0o755 });
  }
  for (const file of Object.values(FILE_COMMANDS)) pack.entry({ name: `${path}/${file}`, mode: 0o666 }, '');
  pack.finalize();
  return streamToBuffer(pack as unknown as Readable);
}

/** Collects a stream; streamx streams (tar-stream's) are async iterable like Node's own. */
async function streamToBuffer(stream: Readable | NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Reads the regular files of a container path (a file or a directory) through the archive endpoint. */
async function readContainerFiles(container: Docker.Container, path: string): Promise<Record<string, string>> {
  const archive = await container.getArchive({ path });
  const files: Record<string, string> = {};
  const extract = tar.extract();
  const done = (async () => {
    for await (const entry of extract) {
      const content = await streamToBuffer(entry as unknown as Readable);
      if (entry.header.type === 'file') files[entry.header.name.split('/').pop()!] = content.toString('utf8');
    }
  })();
  (archive as Readable).pipe(extract);
  await done;
  return files;
}

/** Splits the engine's multiplexed log stream (8-byte frame headers) into stdout and stderr. */
function demux(buffer: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    const payload = buffer.subarray(offset + 8, offset + 8 + size);
    (kind === 2 ? err : out).push(payload);
    offset += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

/** Reads the `name<<delimiter` blocks (and plain `name=value` lines) of a GITHUB_OUTPUT file. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i]!.includes('=')) {
      const at = lines[i]!.indexOf('=');
      outputs[lines[i]!.slice(0, at)] = lines[i]!.slice(at + 1);
    }
  }
  return outputs;
}

interface ActRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** What the action wrote to GITHUB_STEP_SUMMARY (act never renders it). */
  summary: string;
  /** The files the action left in RUNNER_TEMP (/tmp) of the job container. */
  temp: Record<string, string>;
}

/** What act reads from action.yml: the inputs with their defaults, and the entry node runs. */
interface ActionMetadata {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; main: string };
}

/** Reads action.yml as act does: a file that is not valid YAML stops the step before node runs. */
async function readActionYml(): Promise<ActionMetadata> {
  const text = await readFile(join(root, 'action.yml'), 'utf8');
  try {
    return parse(text) as ActionMetadata;
  } catch (error) {
    throw new Error(`action.yml is not valid YAML, so act and the runner cannot load the action: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Creates a job container as act does: the host engine's socket at /var/run/docker.sock, the
 * repository at its host path (with its node_modules hidden: a user's checkout has none), the
 * workspace as working directory, no network (the action reaches the engine through the socket).
 */
function createJobContainer(cmd: string[], env: string[]): Promise<Docker.Container> {
  return docker.createContainer({
    Image: JOB_IMAGE,
    Cmd: cmd,
    WorkingDir: root,
    Env: env,
    Labels: { [LABEL]: 'act-runner' },
    HostConfig: {
      Binds: [`${hostSocket()}:/var/run/docker.sock`, `${root}:${root}`],
      Tmpfs: { [join(root, 'node_modules')]: 'ro' },
      NetworkMode: 'none',
    },
  });
}

/** act's environment for a step of a node action (DOCKER_HOST is never passed on). */
function actEnvironment(): string[] {
  return [
    'ACT=true',
    'CI=true',
    'GITHUB_ACTIONS=true',
    'GITHUB_ACTOR=nektos/act',
    `GITHUB_WORKSPACE=${root}`,
    `GITHUB_ACTION_PATH=${root}`,
    'RUNNER_TEMP=/tmp',
    'RUNNER_OS=Linux',
    'HOME=/root',
    ...Object.entries(FILE_COMMANDS).map(([name, file]) => `${name}=${ACT_WORKFLOW}/${file}`),
  ];
}

/** Starts a created container, waits for it, and returns its exit status and output. */
async function startAndWait(container: Docker.Container): Promise<{ code: number; stdout: string; stderr: string }> {
  await container.start();
  const { StatusCode } = (await container.wait()) as { StatusCode: number };
  const { stdout, stderr } = demux((await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer);
  return { code: StatusCode, stdout, stderr };
}

/** Runs action.yml's `runs.main` with `node` in a fresh job container, with act's mounts, environment and files. */
async function runLikeAct(inputs: Record<string, string>): Promise<ActRun> {
  const action = await readActionYml();
  // The runner (and act) sets INPUT_* for every input of action.yml, with its default when not given.
  const values: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) values[name] = String(input.default ?? '');
  Object.assign(values, inputs);
  const env = [...actEnvironment(), ...Object.entries(values).map(([name, value]) => `INPUT_${name.replace(/ /g, '_').toUpperCase()}=${value}`)];
  const container = await createJobContainer(['node', join(root, action.runs.main)], env);
  try {
    await container.putArchive(await fileCommandsTar(), { path: '/' });
    const { code, stdout, stderr } = await startAndWait(container);
    const commands = await readContainerFiles(container, ACT_WORKFLOW);
    const temp = await readContainerFiles(container, '/tmp');
    return { code, stdout, stderr, outputs: parseOutputFile(commands[FILE_COMMANDS.GITHUB_OUTPUT] ?? ''), summary: commands[FILE_COMMANDS.GITHUB_STEP_SUMMARY] ?? '', temp };
  } finally {
    await container.remove({ force: true, v: true });
  }
}

beforeAll(async () => {
  before = await snapshotEngine(docker);
  await ensureJobImage();
});

afterAll(async () => {
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`${LABEL}=act-runner`] } });
  for (const item of leftovers) await docker.getContainer(item.Id).remove({ force: true, v: true });
  if (builtJobImage) await docker.getImage(JOB_IMAGE).remove({ force: true, noprune: false }).catch(() => undefined);
  // Nothing new: the job image, the job containers and every image the action built are gone. (A
  // subset check, so that another client removing its own images meanwhile does not fail this file.)
  const after = await snapshotEngine(docker);
  expect({ images: after.images.filter((image) => !before.images.includes(image)), containers: after.containers.filter((id) => !before.containers.includes(id)) }).toEqual({
    images: [],
    containers: [],
  });
});

describe('the bundled action in a job container, as nektos/act runs it', () => {
  it('the job container runs node with the socket, no DOCKER_HOST and no node_modules', async () => {
    const probe = [
      'const fs = require("fs");',
      'let resolved = null; try { resolved = require.resolve("dockerode", { paths: [process.cwd()] }); } catch {}',
      'console.log(JSON.stringify({ node: process.version, act: process.env.ACT, dockerHost: process.env.DOCKER_HOST ?? null,',
      '  socket: fs.statSync("/var/run/docker.sock").isSocket(), bundle: fs.existsSync("dist/index.cjs"), resolved }));',
    ].join(' ');
    const container = await createJobContainer(['node', '-e', probe], actEnvironment());
    try {
      const { code, stdout, stderr } = await startAndWait(container);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual({ node: process.version, act: 'true', dockerHost: null, socket: true, bundle: true, resolved: null });
    } finally {
      await container.remove({ force: true, v: true });
    }
  });

  it('passes at level content: log groups, the summary in the log, every output, the report in RUNNER_TEMP', async () => {
    const run = await runLikeAct({ context: 'examples/hello', level: 'content' });
    expect(run.stderr).not.toMatch(/Error|error:/);
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('::group::repro-check: build A');
    expect(run.stdout).toContain('::group::repro-check: build B');
    expect(run.stdout.match(/^::group::/gm)?.length).toBe(run.stdout.match(/^::endgroup::/gm)?.length);
    // act never shows the step summary, so the verdict must be in the log.
    expect(run.stdout).toContain('repro-check: reproducible at level content');
    expect(run.outputs.reproducible).toBe('true');
    expect(run.outputs['image-a']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.outputs['image-b']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(Number(run.outputs.differences)).toBeGreaterThan(0);
    expect(run.outputs.report).toBe('/tmp/repro-check-report.json');
    const report = JSON.parse(run.temp['repro-check-report.json']!) as Record<string, unknown>;
    expect(report).toMatchObject({ reproducible: true, level: 'content', verdicts: { content: true }, engine: { apiVersion: expect.any(String) } });
    expect(report.images).toEqual([
      expect.objectContaining({ id: run.outputs['image-a'], source: 'build' }),
      expect.objectContaining({ id: run.outputs['image-b'], source: 'build' }),
    ]);
  });

  it('fails at level strict with context-mtime: exit 1, an ::error:: line, outputs still written', async () => {
    const run = await runLikeAct({ context: 'examples/hello', level: 'strict', variations: 'context-mtime' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::the image is not reproducible at level strict/m);
    expect(run.stdout).toContain('repro-check: NOT reproducible at level strict');
    expect(run.outputs.reproducible).toBe('false');
    expect(run.outputs['image-a']).toMatch(/^sha256:/);
    expect(run.outputs['image-b']).toMatch(/^sha256:/);
    expect(run.outputs['image-a']).not.toBe(run.outputs['image-b']);
    expect(Number(run.outputs.differences)).toBeGreaterThan(0);
    expect(run.outputs.report).toBe('/tmp/repro-check-report.json');
    const report = JSON.parse(run.temp['repro-check-report.json']!) as { reproducible: boolean; level: string; variations: string[] };
    expect(report).toMatchObject({ reproducible: false, level: 'strict' });
    expect(report.variations).toContain('context-mtime');
  });
});
