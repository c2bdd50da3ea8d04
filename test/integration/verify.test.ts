import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerifyCheck, type VerifySettings } from '../../src/check/verify-check.js';
import { runCli } from '../../src/cli/cli-main.js';
import { createContextTar, NO_CONTEXT_VARIATION } from '../../src/context/context-tar.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { recordingIo } from '../cli/cli-io.js';
import { makeContext, removeDir, snapshotEngine, type EngineSnapshot } from './engine-fixture.js';

/**
 * `verify` against Debian's docker-registry on 127.0.0.1 (scripts/registry.sh): a release is
 * built by the engine and pushed, as a release job does, then verified from the same context.
 * skopeo, which shares no code with repro-check, reads the digests the registry holds.
 */
const run = promisify(execFile);
const engine = new DockerEngine();
const EPOCH = 1_700_000_000;
let state: string;
let host: string;
/** The registry over the same storage with deletion disabled, distribution's default. */
let keepHost: string;
let before: EngineSnapshot;
const dirs: string[] = [];
const published = new Map<string, string>();
const contexts = new Map<string, string>();

/** The tags of a repository, read by skopeo. */
async function skopeoTags(repository: string): Promise<string[]> {
  const { stdout } = await run('skopeo', ['list-tags', '--tls-verify=false', `docker://${repository}`]);
  return (JSON.parse(stdout) as { Tags: string[] | null }).Tags ?? [];
}

/** What the registry says a tag names, read by skopeo. */
async function skopeoDigest(reference: string): Promise<string> {
  const { stdout } = await run('skopeo', ['inspect', '--tls-verify=false', '--format', '{{.Digest}}', `docker://${reference}`]);
  return stdout.trim();
}

/** Builds `dockerfile` as a release job would (SOURCE_DATE_EPOCH set), pushes it as NAME:v1, and returns NAME@DIGEST. */
async function release(name: string, dockerfile: string, files: Record<string, string>, buildArgs: Record<string, string> = {}, tag = 'v1'): Promise<{ image: string; context: string }> {
  const context = await makeContext({ Dockerfile: dockerfile, ...files }, dockerfile.includes('busybox'));
  dirs.push(context);
  // Whole seconds: a context reaches BuildKit as a tar through the engine's API and file by file
  // through buildx (buildxRelease), and only whole-second times are sent alike both ways.
  for (const file of Object.keys(files)) await utimes(join(context, file), EPOCH, EPOCH);
  const local = `repro-check-verify-it/${name}:release`;
  const tar = await createContextTar(context, join(context, 'Dockerfile'), NO_CONTEXT_VARIATION);
  await engine.build({ context: tar.stream, dockerfile: tar.dockerfile, buildArgs: { SOURCE_DATE_EPOCH: String(EPOCH), ...buildArgs }, noCache: true, tag: local, builder: 'buildkit' });
  try {
    await engine.push(local, `${host}/${name}`, tag);
  } finally {
    await engine.removeTag(`${host}/${name}:${tag}`);
    await engine.removeTag(local);
  }
  const digest = await skopeoDigest(`${host}/${name}:${tag}`);
  published.set(tag === 'v1' ? name : `${name}:${tag}`, digest);
  contexts.set(name, context);
  return { image: `${host}/${name}@${digest}`, context };
}

const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** Uploads a blob with the distribution API (monolithic upload) and returns its descriptor. */
async function uploadBlob(name: string, bytes: Buffer, mediaType: string, annotations?: Record<string, string>) {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const start = await fetch(`http://${host}/v2/${name}/blobs/uploads/`, { method: 'POST' });
  const location = new URL(start.headers.get('location')!, `http://${host}`);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', body: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
  expect(put.status).toBe(201);
  return { mediaType, digest, size: bytes.length, ...(annotations ? { annotations } : {}) };
}

async function putManifest(name: string, ref: string, value: unknown, mediaType: string) {
  const bytes = Buffer.from(JSON.stringify(value));
  const put = await fetch(`http://${host}/v2/${name}/manifests/${ref}`, { method: 'PUT', body: bytes, headers: { 'Content-Type': mediaType } });
  expect(put.status).toBe(201);
  return { mediaType, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, size: bytes.length };
}

/**
 * Wraps a pushed image in an OCI index with an attestation manifest holding `statement`, laid out
 * as BuildKit lays out its provenance (which the graph-driver engine cannot export), by hand.
 */
async function indexWithProvenance(name: string, imageDigest: string, statement: unknown): Promise<string> {
  const image = await fetch(`http://${host}/v2/${name}/manifests/${imageDigest}`, { headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json, ' + MANIFEST } });
  const imageBytes = Buffer.from(await image.arrayBuffer());
  const config = await uploadBlob(name, Buffer.from('{"architecture":"unknown","os":"unknown","config":{},"rootfs":{"type":"layers","diff_ids":[]}}'), 'application/vnd.oci.image.config.v1+json');
  const layer = await uploadBlob(name, Buffer.from(JSON.stringify(statement)), 'application/vnd.in-toto+json', { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' });
  const attestation = await putManifest(name, 'attestation', { schemaVersion: 2, mediaType: MANIFEST, config, layers: [layer] }, MANIFEST);
  const index = await putManifest(
    name,
    'v2',
    {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: image.headers.get('content-type'), digest: imageDigest, size: imageBytes.length, platform: { architecture: 'amd64', os: 'linux' } },
        { ...attestation, platform: { architecture: 'unknown', os: 'unknown' }, annotations: { 'vnd.docker.reference.digest': imageDigest, 'vnd.docker.reference.type': 'attestation-manifest' } },
      ],
    },
    'application/vnd.oci.image.index.v1+json',
  );
  return index.digest;
}

/**
 * Builds and pushes NAME:TAG as `docker buildx build --provenance=mode=max --push` does on the
 * containerd image store (the engine's own builder, the docker driver, which pushes an index with
 * BuildKit's attestation manifest there), and returns the index's digest and its linux/amd64
 * image's, read by skopeo.
 */
async function buildxRelease(name: string, context: string, buildArgs: Record<string, string>, tag = 'v2'): Promise<{ indexDigest: string; imageDigest: string }> {
  const pushed = `${host}/${name}:${tag}`;
  // The docker driver's builder is named after the docker context; another driver (a container)
  // could not reach the registry on this host's 127.0.0.1.
  const builder = (await run('docker', ['context', 'show'])).stdout.trim();
  const args = Object.entries({ SOURCE_DATE_EPOCH: String(EPOCH), ...buildArgs }).flatMap(([key, value]) => ['--build-arg', `${key}=${value}`]);
  try {
    await run('docker', ['buildx', 'build', '--builder', builder, '--provenance=mode=max', '--platform', 'linux/amd64', '--no-cache', '--push', '-t', pushed, ...args, context], { maxBuffer: 16 * 1024 * 1024 });
  } finally {
    await engine.removeTag(pushed);
  }
  const raw = JSON.parse((await run('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${pushed}`])).stdout) as { manifests?: { digest: string; platform?: { os: string; architecture: string } }[] };
  const image = raw.manifests?.find((entry) => entry.platform?.os === 'linux' && entry.platform.architecture === 'amd64');
  if (!image) throw new Error(`buildx pushed no index with a linux/amd64 image: ${JSON.stringify(raw)}`);
  return { indexDigest: await skopeoDigest(pushed), imageDigest: image.digest };
}

/** An index of the images given, by platform, with one attestation manifest (its statement `attestation`). */
async function putIndex(name: string, ref: string, images: Record<string, string>, attestation: string): Promise<string> {
  const entries = [];
  for (const [platform, digest] of Object.entries(images)) {
    const [os, architecture] = platform.split('/');
    const head = await fetch(`http://${host}/v2/${name}/manifests/${digest}`, { method: 'HEAD', headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json, ' + MANIFEST } });
    entries.push({ mediaType: head.headers.get('content-type'), digest, size: Number(head.headers.get('content-length')), platform: { architecture, os } });
  }
  const config = await uploadBlob(name, Buffer.from('{}'), 'application/vnd.oci.image.config.v1+json');
  const layer = await uploadBlob(name, Buffer.from(JSON.stringify({ predicateType: 'https://slsa.dev/provenance/v0.2', predicate: { note: attestation } })), 'application/vnd.in-toto+json', { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' });
  const manifest = await putManifest(name, `att-${ref}`, { schemaVersion: 2, mediaType: MANIFEST, config, layers: [layer] }, MANIFEST);
  entries.push({ ...manifest, platform: { architecture: 'unknown', os: 'unknown' }, annotations: { 'vnd.docker.reference.digest': entries[0]!.digest, 'vnd.docker.reference.type': 'attestation-manifest' } });
  await putManifest(name, ref, { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: entries }, 'application/vnd.oci.image.index.v1+json');
  return `docker://${host}/${name}:${ref}`;
}

function settings(image: string, context: string, overrides: Partial<VerifySettings> = {}): VerifySettings {
  return { image, context, dockerfile: join(context, 'Dockerfile'), buildArgs: {}, sourceDateEpoch: { mode: 'fixed', value: EPOCH }, level: 'strict', insecure: [], ...overrides };
}

beforeAll(async () => {
  before = await snapshotEngine();
  state = await mkdtemp(join(tmpdir(), 'repro-check-verify-'));
  await run('bash', ['scripts/registry.sh', 'start', state]);
  host = `127.0.0.1:${(await readFile(join(state, 'open.port'), 'utf8')).trim()}`;
  keepHost = `127.0.0.1:${(await readFile(join(state, 'keep.port'), 'utf8')).trim()}`;
});

afterAll(async () => {
  if (state) await run('bash', ['scripts/registry.sh', 'stop', state]);
  for (const dir of dirs) await removeDir(dir);
  expect(mine(await snapshotEngine())).toEqual(mine(before));
});

/**
 * The images this file's runs could leave: the releases' tags, the pushed tags and the rebuilds'
 * session tags. Other checks building on the same engine at the same time come and go meanwhile.
 */
function mine(snapshot: EngineSnapshot): string[] {
  return snapshot.images.filter((image) => /repro-check-verify-it\/|127\.0\.0\.1:|:rebuild\b/.test(image));
}

describe('verify', () => {
  it('calls a reproducible release GOOD: the rebuild pushed is the published manifest, byte for byte', async () => {
    // COPY of a context file to / keeps the file's mtime and creates no directory: the layer is
    // reproducible on the graph-driver store, which cannot clamp mtimes (rewrite-timestamp).
    const { image, context } = await release('good', 'FROM scratch\nCOPY greeting.txt /greeting.txt\nLABEL purpose=verify\n', { 'greeting.txt': 'hello\n' });
    const report = await runVerifyCheck(settings(image, context), engine, 'test');
    const verify = report.verify!;
    expect(verify.verdict).toBe('GOOD');
    expect(verify.firstDifference).toBeNull();
    expect(Object.values(verify.levels).every((state) => state === 'equal' || state === 'not compared')).toBe(true);
    expect(verify.settings).toMatchObject({ sourceDateEpoch: EPOCH, sourceDateEpochFrom: 'input' });
    // skopeo: the temporary tag names the published manifest itself.
    const rebuiltTag = verify.rebuilt.ref.replace(/^docker:\/\//, '').replace(/@.*$/, '');
    expect(await skopeoDigest(rebuiltTag)).toBe(published.get('good'));
    expect(verify.rebuilt.manifestDigest).toBe(published.get('good'));
    // Deleting that digest would delete the release: the rebuild's tag stays, and the report says why.
    expect(verify.rebuilt.removal).toEqual({ removed: false, reason: expect.stringMatching(/stays in the registry: it names sha256:\w+, which the published image holds/) });
    expect(await skopeoTags(`${host}/good`)).toEqual(expect.arrayContaining(['v1', rebuiltTag.replace(/^.*:/, '')]));
    // BuildKit wrote SOURCE_DATE_EPOCH as the config's created time: from-image recovers it.
    const fromImage = await runVerifyCheck(settings(image, context, { sourceDateEpoch: { mode: 'from-image' } }), engine, 'test');
    expect(fromImage.verify).toMatchObject({ verdict: 'GOOD', settings: { sourceDateEpoch: EPOCH, sourceDateEpochFrom: 'image-created' } });
    // Another platform is not rebuilt on this engine: UNKNOWN, an error.
    await expect(runVerifyCheck(settings(image, context, { platform: 'linux/s390x' }), engine, 'test')).rejects.toThrow(/UNKNOWN: linux\/s390x cannot be rebuilt here/);
    // A single manifest of another architecture, said by its config: UNKNOWN too, before any build.
    const armConfig = await uploadBlob('good', Buffer.from('{"architecture":"s390x","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]}}'), 'application/vnd.oci.image.config.v1+json');
    const arm = await putManifest('good', 's390x', { schemaVersion: 2, mediaType: MANIFEST, config: armConfig, layers: [] }, MANIFEST);
    await expect(runVerifyCheck(settings(`${host}/good@${arm.digest}`, context), engine, 'test')).rejects.toThrow(/UNKNOWN: the published image is linux\/s390x/);
  });

  it('rebuilds with the build arguments and SOURCE_DATE_EPOCH the index\'s provenance records (BuildKit\'s own on the containerd store)', async () => {
    const dockerfile = 'FROM scratch\nARG GREETING\nCOPY greeting.txt /greeting.txt\nLABEL greeting=$GREETING\n';
    const { image, context } = await release('recorded', dockerfile, { 'greeting.txt': 'hi\n' }, { GREETING: 'hi' });
    const containerd = (await engine.info()).imageStore === 'containerd';
    let indexDigest: string;
    let imageDigest: string;
    if (containerd) {
      // The containerd store lets the engine's builder push an index with BuildKit's provenance.
      ({ indexDigest, imageDigest } = await buildxRelease('recorded', context, { GREETING: 'hi' }));
    } else {
      // The graph-driver store cannot export attestations: the same layout, made by hand.
      imageDigest = published.get('recorded')!;
      const statement = {
        _type: 'https://in-toto.io/Statement/v0.1',
        predicateType: 'https://slsa.dev/provenance/v0.2',
        subject: [],
        predicate: { invocation: { parameters: { frontend: 'dockerfile.v0', args: { 'build-arg:GREETING': 'hi', 'build-arg:SOURCE_DATE_EPOCH': String(EPOCH) } } }, metadata: { 'https://mobyproject.org/buildkit@v1#metadata': { vcs: { revision: 'abc' } } } },
      };
      indexDigest = await indexWithProvenance('recorded', imageDigest, statement);
    }
    const indexed = image.replace(/@.*$/, `@${indexDigest}`);
    // Neither the argument nor the time is given: both come from the provenance.
    const report = await runVerifyCheck(settings(indexed, context, { sourceDateEpoch: { mode: 'none' } }), engine, 'test');
    const verify = report.verify!;
    if (containerd) {
      // BuildKit records every build argument given (buildx may add its own) and no revision outside a git checkout.
      expect(verify.settings).toMatchObject({ sourceDateEpoch: EPOCH, sourceDateEpochFrom: 'provenance', target: null, provenance: expect.stringMatching(/^https:\/\/slsa\.dev\/provenance\/v(0\.2|1)$/) });
      expect(verify.settings.buildArgsFromProvenance).toEqual(expect.arrayContaining(['GREETING', 'SOURCE_DATE_EPOCH']));
      // The index BuildKit pushed holds its attestation manifest; the rebuild's has none, or is no index.
      expect(verify.levels.index).not.toBe('differs');
    } else {
      expect(verify.settings).toEqual({ sourceDateEpoch: EPOCH, sourceDateEpochFrom: 'provenance', target: null, buildArgsFromProvenance: ['GREETING', 'SOURCE_DATE_EPOCH'], provenance: 'https://slsa.dev/provenance/v0.2', revision: 'abc' });
      expect(verify.levels.index).toBe('not compared');
    }
    expect(verify.published).toMatchObject({ digest: indexDigest, isIndex: true, manifestDigest: imageDigest });
    expect(verify.platforms).toEqual([{ platform: 'linux/amd64', published: imageDigest, rebuilt: imageDigest, verdict: 'GOOD', firstDifference: null }]);
    expect(verify.verdict).toBe('GOOD');
    // The rebuild is deleted exactly when its digest is none of the published image's.
    expect(verify.rebuilt.removal.removed).toBe(verify.rebuilt.digest !== indexDigest && verify.rebuilt.digest !== imageDigest);
    // Without the provenance's argument the label differs: only the config does.
    const bare = await runVerifyCheck(settings(image, context), engine, 'test');
    expect(bare.verify).toMatchObject({ verdict: 'BAD', firstDifference: 'config' });
    expect(bare.config.map((field) => field.field)).toContain('config.Labels.greeting');
  });

  it('says FAIL when the context does not build, and leaves no image', async () => {
    const broken = await makeContext({ Dockerfile: 'FROM scratch\nCOPY missing.txt /missing.txt\n' });
    dirs.push(broken);
    const image = `${host}/good@${published.get('good')}`;
    await expect(runVerifyCheck(settings(image, broken), engine, 'test')).rejects.toThrow(/^verify: FAIL: .*missing\.txt/);
  });

  it('calls RUN date BAD: the difference begins at the file, at the RUN line; exit 1 and a signed FAILED summary', async () => {
    const dockerfile = 'FROM scratch\nCOPY busybox /busybox\nRUN ["/busybox", "sh", "-c", "/busybox date +%s%N > /x"]\n';
    const { image, context } = await release('bad', dockerfile, {});
    const out = await mkdtemp(join(tmpdir(), 'repro-check-verify-out-'));
    dirs.push(out);
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(join(out, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(join(out, 'pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    // Busybox's date and the engine's layer tars count whole seconds: a rebuild in the release's
    // second would reproduce it.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const io = { ...recordingIo(out), engine: () => engine };
    const status = await runCli(['verify', image, context, '--source-date-epoch', String(EPOCH), '--report', 'report.json', '--attestation', 'att.jsonl', '--sign-key', 'key.pem'], io);
    expect(io.err.join('')).not.toMatch(/repro-check:/);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(status).toBe(1);
    expect(report.verify.verdict).toBe('BAD');
    expect(report.verify.firstDifference).toBe('file');
    expect(report.verify.origin).toMatchObject({ layer: 1, line: 3 });
    expect(report.changes.map((change: { path: string }) => change.path)).toContain('/x');
    expect(report.layers[0].identical).toBe(true);
    // The rebuild differs from every published digest and no other tag names it: deleted, tag and
    // manifest, as skopeo sees; the release stays.
    expect(report.verify.rebuilt.removal).toMatchObject({ removed: true });
    expect(report.verify.rebuilt.digest).not.toBe(published.get('bad'));
    expect(await skopeoTags(`${host}/bad`)).toEqual(['v1']);
    await expect(skopeoDigest(`${host}/bad@${report.verify.rebuilt.digest}`)).rejects.toThrow(/manifest unknown|not found/i);
    expect(await skopeoDigest(`${host}/bad:v1`)).toBe(published.get('bad'));
    // The envelopes verify with the public key, and the summary says FAILED.
    expect(await runCli(['verify-attestation', 'att.jsonl', '--key', 'pub.pem'], io)).toBe(0);
    const lines = (await readFile(join(out, 'att.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    const summary = JSON.parse(Buffer.from(lines[0].payload, 'base64').toString('utf8'));
    expect(summary.predicateType).toBe('https://slsa.dev/verification_summary/v1');
    expect(summary.predicate.verificationResult).toBe('FAILED');
    expect(summary.predicate.resourceUri).toBe(image);
  });
});

describe('verify --rebuild-repository on a registry that deletes nothing', () => {
  it('pushes the rebuild to the scratch repository, leaves the published one alone, and says the tag stays', async () => {
    // The release of the test above, read through the registry whose deletion is disabled.
    const digest = published.get('bad')!;
    const report = await runVerifyCheck(settings(`${keepHost}/bad@${digest}`, contexts.get('bad')!, { rebuildRepository: `docker://${keepHost}/scratch/rebuilds` }), engine, 'test');
    const verify = report.verify!;
    expect(verify.verdict).toBe('BAD');
    const tag = new RegExp(`^docker://${keepHost}/scratch/rebuilds:(repro-check-verify-[\\w.-]+)@sha256:`).exec(verify.rebuilt.ref)?.[1];
    expect(tag).toBeDefined();
    expect(verify.rebuilt.removal).toEqual({ removed: false, reason: expect.stringMatching(/stays in the registry: the registry does not delete manifests \(deletion disabled/) });
    // skopeo: the scratch repository holds the rebuild under its tag; the published repository gained no tag.
    expect(await skopeoTags(`${keepHost}/scratch/rebuilds`)).toEqual([tag]);
    expect(await skopeoDigest(`${keepHost}/scratch/rebuilds:${tag}`)).toBe(verify.rebuilt.digest);
    expect(await skopeoTags(`${keepHost}/bad`)).toEqual(['v1']);
  });
});

describe('diff of two indexes', () => {
  it('compares platform by platform; attestation manifests decide nothing', async () => {
    const files = { 'greeting.txt': 'hello\n' };
    await release('multi', 'FROM scratch\nCOPY greeting.txt /greeting.txt\n', files, {}, 'one');
    await release('multi', 'FROM scratch\nCOPY greeting.txt /greeting.txt\nLABEL variant=other\n', files, {}, 'two');
    const one = published.get('multi:one')!;
    const two = published.get('multi:two')!;
    // The arm64 entries point at amd64 images: the registry checks no platform, and the diff needs none.
    const x = await putIndex('multi', 'x', { 'linux/amd64': one, 'linux/arm64': one }, 'first build');
    const sameButAttestation = await putIndex('multi', 'x2', { 'linux/amd64': one, 'linux/arm64': one }, 'second build');
    const otherArm = await putIndex('multi', 'y', { 'linux/amd64': one, 'linux/arm64': two }, 'second build');
    const amdOnly = await putIndex('multi', 'z', { 'linux/amd64': one }, 'second build');
    const out = await mkdtemp(join(tmpdir(), 'repro-check-verify-out-'));
    dirs.push(out);
    const diff = async (a: string, b: string) => {
      const io = recordingIo(out);
      const status = await runCli(['diff', a, b, '--report', 'diff.json'], io);
      return { status, text: io.out.join(''), report: JSON.parse(await readFile(join(out, 'diff.json'), 'utf8')) };
    };

    const attest = await diff(x, sameButAttestation);
    expect(attest.status).toBe(0);
    expect(attest.report.attestations.identical).toBe(false);
    expect(attest.report.platforms.map((row: { platform: string; reproducible: boolean }) => [row.platform, row.reproducible])).toEqual([['linux/amd64', true], ['linux/arm64', true]]);
    expect(attest.text).toMatch(/attestation manifests \(decide nothing\): 1 in A, 1 in B, different/);

    const arm = await diff(x, otherArm);
    expect(arm.status).toBe(1);
    expect(arm.report.platforms[0]).toEqual({ platform: 'linux/amd64', a: one, b: one, verdicts: { strict: true, layers: true, content: true }, reproducible: true, differingLayers: 0, changes: 0, note: 'detailed in this report' });
    // The label differs (the greetings' mtimes are the same, see release).
    expect(arm.report.platforms[1]).toMatchObject({ platform: 'linux/arm64', a: one, b: two, verdicts: { strict: false, content: true }, reproducible: false });
    expect(arm.text).toMatch(/linux\/arm64 +\S+ +\S+ +DIFFER/);

    const missing = await diff(x, amdOnly);
    expect(missing.status).toBe(1);
    expect(missing.report.platforms[1]).toMatchObject({ platform: 'linux/arm64', a: one, b: null, verdicts: null, note: 'only in A' });
  });
});
