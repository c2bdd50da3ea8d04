import { execFile } from 'node:child_process';
import { createSign, randomUUID, X509Certificate } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiffCheck } from '../../src/check/diff-check.js';
import { runCli } from '../../src/cli/cli-main.js';
import { createContextTar, NO_CONTEXT_VARIATION } from '../../src/context/context-tar.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { archiveMembers } from '../../src/image/archive-members.js';
import { extractFiles } from '../../src/image/file-extractor.js';
import { readImageArchive } from '../../src/image/save-reader.js';
import { readRegistryImage } from '../../src/registry/registry-image.js';
import type { Report } from '../../src/report/report.js';
import type { DiffSettings, ImageSource } from '../../src/settings.js';
import { recordingIo } from '../cli/cli-io.js';
import { BUSYBOX_BASE, makeContext, removeDir, snapshotEngine, type EngineSnapshot } from './engine-fixture.js';

/**
 * Registry images against the engine's own `docker save` of the same images: Debian's
 * docker-registry (distribution 2.8) runs on 127.0.0.1 (scripts/registry.sh), the engine pushes
 * to it with `docker push`, and the save reader, which shares no code with the registry client,
 * is the reference the registry read must match.
 */
const run = promisify(execFile);
const engine = new DockerEngine();
const noEngine = () => {
  throw new Error('registry images must not need the engine');
};
let dir: string;
let state: string;
let open: string;
let basic: string;
let password: string;
let before: EngineSnapshot;
const tags: string[] = [];

const ref = (host: string, tag: string) => `docker://${host}/repro-check-it/app:${tag}`;
const registry = (text: string): ImageSource => ({ kind: 'registry', ref: text, insecure: [] });
const archive = (i: number): ImageSource => ({ kind: 'archive', path: join(dir, `image-${i}.tar`) });
const diff = (a: ImageSource, b: ImageSource): Promise<Report> => runDiffCheck({ a, b, level: 'strict' } satisfies DiffSettings, noEngine, 'test');

/** What a report says about the images' differences, without where they were read from or when. */
function findings(report: Report) {
  const { images: _images, timings: _timings, ...rest } = report as Report & { timings?: unknown };
  return rest;
}

/** The blob file of a digest in the registry's storage. */
function blobFile(digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(state, 'storage', 'docker', 'registry', 'v2', 'blobs', 'sha256', hex.slice(0, 2), hex, 'data');
}

/** Changes one byte of a blob on disk for the length of `body`, then puts it back. */
async function tampered<T>(digest: string, offset: number, body: () => Promise<T>): Promise<T> {
  const file = blobFile(digest);
  const original = await readFile(file);
  const changed = Buffer.from(original);
  changed[offset] = changed[offset]! ^ 0x01;
  await writeFile(file, changed);
  try {
    return await body();
  } finally {
    await writeFile(file, original);
  }
}

beforeAll(async () => {
  before = await snapshotEngine();
  state = await mkdtemp(join(tmpdir(), 'repro-check-registry-'));
  await run('bash', ['scripts/registry.sh', 'start', state]);
  open = `127.0.0.1:${(await readFile(join(state, 'open.port'), 'utf8')).trim()}`;
  basic = `127.0.0.1:${(await readFile(join(state, 'basic.port'), 'utf8')).trim()}`;
  password = await readFile(join(state, 'password'), 'utf8');
  // Busybox makes a layer of about a megabyte: large enough to cut a connection in the middle of.
  dir = await makeContext({ Dockerfile: [...BUSYBOX_BASE, 'RUN date +%s%N > /stamp', 'LABEL purpose=test'].join('\n') + '\n' }, true);
  for (const [i, tag] of ['one', 'two'].entries()) {
    const name = `${open}/repro-check-it/app:${tag}`;
    tags.push(name);
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 1_100));
    const context = await createContextTar(dir, join(dir, 'Dockerfile'), NO_CONTEXT_VARIATION);
    await engine.build({ context: context.stream, dockerfile: context.dockerfile, buildArgs: {}, noCache: true, tag: name, builder: 'buildkit' });
    await run('docker', ['push', '--quiet', name]);
    await pipeline(await engine.save(name), createWriteStream(join(dir, `image-${i}.tar`)));
  }
});

afterAll(async () => {
  for (const tag of tags) await engine.removeTag(tag);
  if (state) await run('bash', ['scripts/registry.sh', 'stop', state]);
  if (dir) await removeDir(dir);
  expect(await snapshotEngine()).toEqual(before);
});

describe('diff of registry images', () => {
  it('finds what the diff of their docker save archives finds, with no engine', async () => {
    const [fromRegistry, fromArchives] = await Promise.all([diff(registry(ref(open, 'one')), registry(ref(open, 'two'))), diff(archive(0), archive(1))]);
    expect(fromArchives.reproducible).toBe(false);
    expect(fromArchives.changes.some((c) => c.path === '/stamp')).toBe(true);
    expect(findings(fromRegistry)).toEqual(findings(fromArchives));
    expect(fromRegistry.images.map((i) => [i.source, i.layout])).toEqual([['registry', 'registry'], ['registry', 'registry']]);
    expect(fromRegistry.images.map((i) => i.configDigest)).toEqual(fromArchives.images.map((i) => i.configDigest));
    expect(fromRegistry.images[0]!.ref).toMatch(new RegExp(`^${ref(open, 'one')}@sha256:[0-9a-f]{64}$`));
    expect(fromRegistry.engine).toBeNull();
  });

  it('compares a registry image with an archive of the same image as identical', async () => {
    const report = await diff(registry(ref(open, 'one')), archive(0));
    expect(report.reproducible).toBe(true);
    expect(report.changes).toEqual([]);
  });

  it('reads through Basic authentication with the credentials of config.json, and says when there are none', async () => {
    const config = join(state, 'docker-config');
    await mkdir(config);
    await writeFile(join(config, 'config.json'), JSON.stringify({ auths: { [basic]: { auth: Buffer.from(`repro:${password}`).toString('base64') } } }));
    const viaBasic = await readRegistryImage(ref(basic, 'one'), { env: { DOCKER_CONFIG: config } });
    const viaOpen = await readRegistryImage(ref(open, 'one'), { env: {} });
    expect(viaBasic.archive.configDigest).toBe(viaOpen.archive.configDigest);
    expect(viaBasic.archive.layers.map((l) => l.diffId)).toEqual(viaOpen.archive.layers.map((l) => l.diffId));
    await expect(readRegistryImage(ref(basic, 'one'), { env: { DOCKER_CONFIG: join(state, 'none') } })).rejects.toThrow(/asks for a user name and password and none is stored/);
    await writeFile(join(config, 'config.json'), JSON.stringify({ auths: { [basic]: { auth: Buffer.from('repro:wrong').toString('base64') } } }));
    await expect(readRegistryImage(ref(basic, 'one'), { env: { DOCKER_CONFIG: config } })).rejects.toThrow(/refused the credentials/);
  });
});

describe('reading a registry image again', () => {
  it('fetches only the layers asked for, and gives their files as the save archive does', async () => {
    const [fromRegistry, fromArchive] = await Promise.all([
      readRegistryImage(ref(open, 'one'), { env: {} }),
      readImageArchive(createReadStream(join(dir, 'image-0.tar'))),
    ]);
    const last = fromRegistry.archive.layers.length - 1;
    const member = fromRegistry.archive.layers[last]!.member;
    const members: string[] = [];
    for await (const entry of archiveMembers(await fromRegistry.reopen(new Set([member])))) {
      members.push(entry.name);
      entry.stream.resume();
    }
    expect(members).toEqual([member]);
    const [again, saved] = await Promise.all([
      extractFiles(await fromRegistry.reopen(new Set([member])), new Map([[member, new Set(['/stamp'])]])),
      extractFiles(createReadStream(join(dir, 'image-0.tar')), new Map([[fromArchive.layers[last]!.member, new Set(['/stamp'])]])),
    ]);
    const stamp = again.get(member)?.get('/stamp');
    expect(stamp?.content.toString()).toMatch(/^\d{10}/);
    expect(stamp).toEqual(saved.get(fromArchive.layers[last]!.member)?.get('/stamp'));
  });
});

describe('bearer tokens', () => {
  it('fetches a pull token from the realm with the stored credentials, for the scope the registry names', async () => {
    const server = await tokenServer();
    try {
      const host = `127.0.0.1:${(await readFile(join(state, 'token.port'), 'utf8')).trim()}`;
      const config = join(state, 'bearer-config');
      await mkdir(config);
      await writeFile(join(config, 'config.json'), JSON.stringify({ auths: { [host]: { auth: Buffer.from(`repro:${password}`).toString('base64') } } }));
      const viaToken = await readRegistryImage(ref(host, 'one'), { env: { DOCKER_CONFIG: config } });
      const viaOpen = await readRegistryImage(ref(open, 'one'), { env: {} });
      expect(viaToken.archive.configDigest).toBe(viaOpen.archive.configDigest);
      expect(viaToken.archive.layers.map((l) => l.diffId)).toEqual(viaOpen.archive.layers.map((l) => l.diffId));
      expect(server.requests[0]).toEqual({ service: 'repro-check-test', scope: 'repository:repro-check-it/app:pull', user: 'repro' });
      await expect(readRegistryImage(ref(host, 'one'), { env: { DOCKER_CONFIG: join(state, 'none') } })).rejects.toThrow(/refused a pull token anonymously: 401/);
    } finally {
      await server.close();
    }
  });
});

describe('an image index in the registry', () => {
  /** Pushes an OCI index of the two images (as linux/amd64 and linux/arm64) and an attestation entry. */
  async function pushIndex(): Promise<{ manifests: { digest: string }[] }> {
    const api = `http://${open}/v2/repro-check-it/app/manifests`;
    const entries = [];
    for (const [tag, architecture] of [['one', 'amd64'], ['two', 'arm64']] as const) {
      const response = await fetch(`${api}/${tag}`, { headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json' } });
      expect(response.status).toBe(200);
      const bytes = Buffer.from(await response.arrayBuffer());
      entries.push({ mediaType: response.headers.get('content-type')!, digest: response.headers.get('docker-content-digest')!, size: bytes.length, platform: { architecture, os: 'linux' } });
    }
    // BuildKit's shape for an attestation manifest: unknown/unknown, annotated with the image it describes.
    const attestation = { ...entries[1]!, platform: { architecture: 'unknown', os: 'unknown' }, annotations: { 'vnd.docker.reference.digest': entries[1]!.digest, 'vnd.docker.reference.type': 'attestation-manifest' } };
    const index = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [...entries, attestation] };
    const put = await fetch(`${api}/multi`, { method: 'PUT', headers: { 'Content-Type': index.mediaType }, body: JSON.stringify(index) });
    expect(put.status, await put.text()).toBe(201);
    return { manifests: entries };
  }

  it('reads the platform asked (default linux/amd64) and sets the attestation apart', async () => {
    const { manifests } = await pushIndex();
    const [saved0, saved1, byDefault, arm] = await Promise.all([
      diff(archive(0), archive(0)),
      diff(archive(1), archive(1)),
      readRegistryImage(ref(open, 'multi'), { env: {} }),
      readRegistryImage(ref(open, 'multi'), { env: {}, platform: 'linux/arm64' }),
    ]);
    expect(byDefault.archive.configDigest).toBe(saved0.images[0].configDigest);
    expect(byDefault.manifestDigest).toBe(manifests[0]!.digest);
    expect(arm.archive.configDigest).toBe(saved1.images[0].configDigest);
    expect(arm.archive.attestations).toEqual([manifests[1]!.digest]);
    await expect(readRegistryImage(ref(open, 'multi'), { env: {}, platform: 'linux/s390x' })).rejects.toThrow(/has no image for linux\/s390x; it holds linux\/amd64, linux\/arm64$/);
    const report = await runDiffCheck({ a: { kind: 'registry', ref: ref(open, 'multi'), insecure: [], platform: 'linux/arm64' }, b: archive(1), level: 'strict' }, noEngine, 'test');
    expect(report.changes).toEqual([]);
    expect(report.attestations).toEqual({ a: [manifests[1]!.digest], b: [], identical: false });
  });
});

describe('registry blobs that are not what their digest says', () => {
  it('refuses a config blob changed on disk, and writes no report', async () => {
    const image = await readRegistryImage(ref(open, 'two'), { env: {} });
    const config = image.archive.configDigest;
    const text = await readFile(blobFile(config), 'utf8');
    // A digit of the build time: still valid JSON of the same size, only the digest tells.
    const offset = Buffer.byteLength(text.slice(0, text.indexOf('"created":"') + '"created":"20'.length));
    const reportPath = join(dir, 'tampered-report.json');
    const io = recordingIo(dir);
    const status = await tampered(config, offset, () => runCli(['diff', ref(open, 'one'), ref(open, 'two'), '--report', reportPath], io));
    expect(status).toBe(2);
    expect(io.err.join('')).toContain(`config ${config} of docker://${open}/repro-check-it/app does not match its digest`);
    await expect(stat(reportPath)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a layer blob changed on disk where only its digest can tell', async () => {
    const image = await readRegistryImage(ref(open, 'two'), { env: {} });
    const layer = image.archive.layers[0]!;
    expect(layer.compression).toBe('gzip');
    // Byte 4 of a gzip stream is its MTIME, which decompression ignores: the tar read is the same.
    const read = tampered(layer.blobDigest, 4, () => diff(registry(ref(open, 'one')), registry(ref(open, 'two'))));
    await expect(read).rejects.toThrow(`layer 0 ${layer.blobDigest} of docker://${open}/repro-check-it/app does not match its digest`);
  });

  it('fails when the connection breaks in the middle of a layer blob', async () => {
    const image = await readRegistryImage(ref(open, 'one'), { env: {} });
    const largest = Math.max(...(await Promise.all(image.archive.layers.map((l) => stat(blobFile(l.blobDigest)).then((s) => s.size)))));
    expect(largest).toBeGreaterThan(500_000);
    const proxy = await cuttingProxy(Number(open.split(':')[1]), 300_000);
    try {
      const host = `127.0.0.1:${proxy.port}`;
      await expect(diff(registry(ref(host, 'one')), archive(1))).rejects.toThrow(/layer \d sha256:[0-9a-f]{64} of docker:\/\/127\.0\.0\.1:\d+\/repro-check-it\/app: the connection broke after part of the blob/);
    } finally {
      await proxy.close();
    }
  });
});

/**
 * The token service of the `token` registry (distribution's token auth): checks the user's Basic
 * credentials and answers a JWT for the scope asked, signed with the key whose certificate the
 * registry trusts, as the token spec describes (RS256, the certificate in `x5c`; distribution 2.8
 * reads `aud` as one string).
 */
async function tokenServer(): Promise<{ requests: { service: string | null; scope: string | null; user: string }[]; close: () => Promise<void> }> {
  const key = await readFile(join(state, 'token.key'), 'utf8');
  const certificate = new X509Certificate(await readFile(join(state, 'token.pem'))).raw.toString('base64');
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const requests: { service: string | null; scope: string | null; user: string }[] = [];
  const server = createHttpServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://token');
    const [user, secret] = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
    if (user !== 'repro' || secret !== password) {
      response.writeHead(401).end();
      return;
    }
    requests.push({ service: url.searchParams.get('service'), scope: url.searchParams.get('scope'), user });
    const [, name, actions] = /^repository:(.+):([a-z,]+)$/.exec(url.searchParams.get('scope') ?? '') ?? [];
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: 'repro-check-test-issuer', sub: user, aud: 'repro-check-test', exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access: [{ type: 'repository', name, actions: (actions ?? '').split(',') }] };
    const signed = `${part({ typ: 'JWT', alg: 'RS256', x5c: [certificate] })}.${part(claims)}`;
    const signature = createSign('RSA-SHA256').update(signed).sign(key).toString('base64url');
    response.setHeader('Content-Type', 'application/json');
    response.end(JSON.stringify({ token: `${signed}.${signature}`, expires_in: 300 }));
  });
  const port = Number(await readFile(join(state, 'token-server.port'), 'utf8'));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A TCP proxy to the registry that closes each connection after `limit` bytes have come back from it. */
async function cuttingProxy(port: number, limit: number): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    let sent = 0;
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      if (sent > limit) {
        client.write(chunk.subarray(0, chunk.length - (sent - limit)));
        client.destroy();
        upstream.destroy();
      } else client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
