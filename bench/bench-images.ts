/**
 * The benchmark's images: pairs built on the real engine from `FROM scratch` + busybox, their files
 * written by `generate-files.sh` from a fixed seed, so every build of a spec gives the same layer.
 * Images are cached by tag (`repro-check-bench/…`): a tag that exists is not built again, and a
 * change to the generator, the Dockerfiles or busybox changes every tag.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './measure.js';

/** Repository prefix of every image the benchmark keeps between runs. */
export const BENCH_REPOSITORY = 'repro-check-bench';

/**
 * One pair of images. `seven` (the default): A and B differ in seven files (five in content, one in
 * mtime, one in mode). `mtimes`: the same content built twice with the build's own file times, as an
 * unclamped build gives, so every file and directory of the layer differs in mtime and nothing else.
 */
export interface PairSpec {
  /** Short name for tables: `250MB-12k`. */
  name: string;
  files: number;
  /** Bytes of file content in the generated layer. */
  bytes: number;
  seed: number;
  differences?: 'seven' | 'mtimes';
  /**
   * `gzip`: measured on an OCI-layout save whose layers were re-packed as gzip blobs
   * (bench/gzip-save.ts), as the containerd image store's `docker save` gives; read from a file.
   * `registry`: both images copied into a local registry (bench/registry-sides.ts) and read from it.
   */
  layers?: 'engine' | 'gzip' | 'registry';
}

/** The two tags of a built pair. */
export interface BuiltPair {
  spec: PairSpec;
  a: string;
  b: string;
  /** Milliseconds spent building (0 when both tags were cached). */
  buildMs: number;
}

const BASE_DOCKERFILE = `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
COPY generate-files.sh /bin/generate-files
`;

/**
 * The Dockerfile of every benchmark image: the files are one RUN layer on the shared base, whose
 * own layers are then identical in A and B (the engine knows it before the save stream is read).
 */
export const PAIR_DOCKERFILE = `ARG BASE
FROM \${BASE}
ARG COUNT BYTES SEED VARIANT
RUN /bin/sh /bin/generate-files "$COUNT" "$BYTES" "$SEED" "$VARIANT"
`;

/**
 * The every-mtime-differs pair: the files of variant `a`, then every time set to the build's clock
 * (busybox touch without -d). STAMP only makes the two builds two cache keys.
 */
export const MTIME_DOCKERFILE = `ARG BASE
FROM \${BASE}
ARG COUNT BYTES SEED STAMP
RUN /bin/sh /bin/generate-files "$COUNT" "$BYTES" "$SEED" a && find /data -exec touch -h {} + && echo "build $STAMP"
`;

const BUSYBOX = '/bin/busybox';
const GENERATOR = new URL('./generate-files.sh', import.meta.url);

/** A temporary build context holding busybox, the generator and the Dockerfiles. */
export async function makeContext(): Promise<{ dir: string; digest: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'repro-check-bench-'));
  await copyFile(BUSYBOX, join(dir, 'busybox'));
  await copyFile(GENERATOR, join(dir, 'generate-files.sh'));
  await writeFile(join(dir, 'Dockerfile.base'), BASE_DOCKERFILE);
  await writeFile(join(dir, 'Dockerfile'), PAIR_DOCKERFILE);
  await writeFile(join(dir, 'Dockerfile.mtimes'), MTIME_DOCKERFILE);
  // Dockerfile.mtimes is left out of the digest so the tags of the seven-file pairs stay; its own
  // text is part of its pairs' tags (pairTag).
  const hash = createHash('sha256');
  for (const file of ['busybox', 'generate-files.sh', 'Dockerfile.base', 'Dockerfile']) hash.update(await readFile(join(dir, file)));
  return { dir, digest: hash.digest('hex').slice(0, 12), dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** The tag of the base image for a context digest. */
export function baseTag(digest: string): string {
  return `${BENCH_REPOSITORY}/base:${digest}`;
}

/** The tag of one image of a pair. */
export function pairTag(spec: PairSpec, variant: 'a' | 'b', digest: string): string {
  const kind = spec.differences === 'mtimes' ? `mtimes${createHash('sha256').update(MTIME_DOCKERFILE).digest('hex').slice(0, 8)}-` : '';
  return `${BENCH_REPOSITORY}/files:${kind}${spec.files}f-${spec.bytes}b-s${spec.seed}-${variant}-${digest}`;
}

/** Build arguments of one image of a pair. */
export function pairBuildArgs(spec: PairSpec, variant: 'a' | 'b', digest: string): Record<string, string> {
  const common = { BASE: baseTag(digest), COUNT: String(spec.files), BYTES: String(spec.bytes), SEED: String(spec.seed) };
  return spec.differences === 'mtimes' ? { ...common, STAMP: variant } : { ...common, VARIANT: variant };
}

/** The Dockerfile (in the context) a pair is built from. */
function pairDockerfile(spec: PairSpec): string {
  return spec.differences === 'mtimes' ? 'Dockerfile.mtimes' : 'Dockerfile';
}

export async function imageExists(tag: string): Promise<boolean> {
  const result = await run('docker', ['image', 'inspect', '--format', '{{.Id}}', tag], { allowFailure: true });
  return result.exitCode === 0;
}

/** `docker build` of the context with BuildKit; returns the milliseconds it took. */
export async function dockerBuild(dir: string, dockerfile: string, tag: string, args: Record<string, string>, extra: string[] = []): Promise<number> {
  const argv = ['build', '--quiet', '-f', join(dir, dockerfile), '-t', tag, ...extra];
  for (const [key, value] of Object.entries(args)) argv.push('--build-arg', `${key}=${value}`);
  argv.push(dir);
  const result = await run('docker', argv, { env: { DOCKER_BUILDKIT: '1' } });
  return result.wallMs;
}

/** Builds the base image unless its tag exists. */
export async function ensureBase(context: { dir: string; digest: string }, log: (line: string) => void): Promise<void> {
  const tag = baseTag(context.digest);
  if (await imageExists(tag)) return;
  log(`building ${tag}`);
  await dockerBuild(context.dir, 'Dockerfile.base', tag, {});
}

/** Builds both images of a pair, each unless its tag exists. */
export async function ensurePair(spec: PairSpec, context: { dir: string; digest: string }, log: (line: string) => void): Promise<BuiltPair> {
  let buildMs = 0;
  const tags = { a: pairTag(spec, 'a', context.digest), b: pairTag(spec, 'b', context.digest) };
  for (const variant of ['a', 'b'] as const) {
    if (await imageExists(tags[variant])) continue;
    log(`building ${tags[variant]} (${spec.files} files, ${(spec.bytes / 1e6).toFixed(0)} MB)`);
    buildMs += await dockerBuild(context.dir, pairDockerfile(spec), tags[variant], pairBuildArgs(spec, variant, context.digest));
  }
  return { spec, ...tags, buildMs };
}
