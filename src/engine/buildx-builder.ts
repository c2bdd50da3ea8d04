import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuildFailedError, EngineUnreachableError } from './build-errors.js';
import { buildxCommand } from './buildx-inspect.js';
import type { BuildRequest, BuildResult } from './engine.js';

/** Lines of buildx output kept for error messages. */
const LOG_LIMIT = 200;

/**
 * Builds through `docker buildx build`, the path users of buildx and its exporters take. The context
 * tar goes to buildx's standard input (`-`), so the variations apply exactly as with the API path
 * and nothing is read from the host by path. This uses child_process rather than @actions/exec
 * because @actions/exec can only hand a finished Buffer to standard input, and a context must
 * stream. Build argument values go through the environment (`--build-arg NAME`), never the command
 * line, where any user of the machine could read them.
 */
export async function buildWithBuildx(request: BuildRequest, docker = 'docker', signal?: AbortSignal): Promise<BuildResult> {
  const dir = await mkdtemp(join(tmpdir(), 'repro-check-buildx-'));
  const iidfile = join(dir, 'iid');
  const output = ['type=docker', `name=${request.tag}`];
  for (const extra of request.outputs ?? []) {
    for (const [key, value] of Object.entries(extra.attrs)) output.push(`${key}=${value}`);
  }
  // `type=docker` with a name is `--load`: a builder outside the engine (docker-container,
  // kubernetes, remote) sends the image back as a tarball that buildx loads into the engine of the
  // current docker context (DOCKER_HOST), the engine the images are then saved from.
  // Provenance stays as buildx's defaults make it: the report compares the platform image and lists
  // attestations apart, as users' own buildx builds carry them, unless the request turns it off.
  const args = [...buildxCommand(request.buildx), '--progress=plain', '--iidfile', iidfile, '--output', output.join(','), '-f', request.dockerfile];
  if (request.provenance === false) args.push('--provenance=false');
  if (request.noCache) args.push('--no-cache');
  if (request.target) args.push('--target', request.target);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(request.buildArgs)) {
    args.push('--build-arg', name);
    env[name] = value;
  }
  args.push('-');
  try {
    const { code, log } = await run(docker, args, env, request, signal);
    if (code !== 0) throw failure(log);
    const imageId = (await readFile(iidfile, 'utf8')).trim();
    if (!imageId) throw new BuildFailedError('buildx finished without writing an image ID', undefined, log.slice(-20));
    return { imageId, log };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, request: BuildRequest, signal?: AbortSignal): Promise<{ code: number; log: string[] }> {
  return new Promise((resolve, reject) => {
    // The signal ends buildx (SIGTERM) when the check times out or is interrupted.
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'], signal });
    const log: string[] = [];
    let pending = '';
    const onData = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).replace(/\s+$/, '');
        pending = pending.slice(newline + 1);
        if (!line) continue;
        log.push(line);
        if (log.length > LOG_LIMIT) log.shift();
        request.onProgress?.(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new EngineUnreachableError(`${command} is not installed, and builder buildx needs the docker CLI with the buildx plugin`) : error);
    });
    // buildx may stop reading early (a bad Dockerfile); that ends the context stream, not the check.
    child.stdin.on('error', () => undefined);
    request.context.on('error', (error) => {
      child.kill();
      reject(error);
    });
    request.context.pipe(child.stdin);
    child.on('close', (code) => {
      if (pending.trim()) log.push(pending.trim());
      resolve({ code: code ?? 1, log });
    });
  });
}

/** Reads the failing step and the error from buildx's plain progress output. */
export function failure(log: string[]): BuildFailedError {
  const errorLine = [...log].reverse().find((line) => line.startsWith('ERROR: '));
  const message = (errorLine ?? 'buildx failed').replace(/^ERROR: (failed to build: )?(failed to solve: )?/, '');
  // The step as buildx names it: "#5 [3/3] RUN false" (the last started step before the error).
  const steps = log.map((line) => /^#\d+ (\[[^\]]+\] .+)$/.exec(line)?.[1]).filter((s): s is string => s !== undefined);
  return new BuildFailedError(message, steps.at(-1), log.slice(-20));
}
