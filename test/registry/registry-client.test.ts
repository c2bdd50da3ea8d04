import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegistryImage } from '../../src/registry/registry-image.js';

/**
 * The HTTP side of the registry client against a small server on 127.0.0.1 that answers what the
 * distribution spec says a registry answers, with documents written here by hand; the real
 * registry (Debian's docker-registry) is exercised by test/integration/registry.test.ts. This
 * covers what that registry does not do: redirects to another origin, oversized and malformed
 * documents, unsupported challenges.
 */
type Handler = (request: IncomingMessage, response: ServerResponse) => void;
const routes = new Map<string, Handler>();
const storageAuth: (string | undefined)[] = [];
let registry: Server;
let storage: Server;
let host: string;
let storageOrigin: string;
/** A DOCKER_CONFIG directory whose config.json holds the user and password the registry wants. */
let config: string;

const sha = (bytes: Buffer | string) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
// An empty tar (two zero blocks): its digest is the well-known one of Docker's empty layer.
const EMPTY_TAR = Buffer.alloc(1024);
const EMPTY_TAR_DIGEST = 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef';
const CONFIG = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [EMPTY_TAR_DIGEST] }, history: [{ created_by: 'ADD nothing' }] }));

function manifest(overrides: Record<string, unknown> = {}): Buffer {
  return Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(CONFIG), size: CONFIG.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: EMPTY_TAR_DIGEST, size: EMPTY_TAR.length }],
    ...overrides,
  }));
}

const send = (bytes: Buffer, type = 'application/octet-stream', headers: Record<string, string> = {}): Handler => (_request, response) => {
  response.writeHead(200, { 'Content-Type': type, 'Content-Length': String(bytes.length), ...headers });
  response.end(bytes);
};

/** Every /v2 request needs `Basic repro:pw`, as a registry with htpasswd asks for it. */
function registryHandler(request: IncomingMessage, response: ServerResponse): void {
  if (request.headers.authorization !== `Basic ${Buffer.from('repro:pw').toString('base64')}`) {
    response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' }).end();
    return;
  }
  const route = routes.get(request.url ?? '');
  if (route) route(request, response);
  else response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }));
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as { port: number }).port}`;
}

/** Reads `docker://HOST/repo/app<reference>` with the stored credentials, or with none. */
const read = (reference: string, credentials = true) =>
  readRegistryImage(`docker://${host}/repo/app${reference}`, { env: { DOCKER_CONFIG: credentials ? config : '/nonexistent' }, home: '/nonexistent' });

beforeAll(async () => {
  storage = createServer((request, response) => {
    storageAuth.push(request.headers.authorization);
    send(EMPTY_TAR)(request, response);
  });
  storageOrigin = `http://${await listen(storage)}`;
  registry = createServer(registryHandler);
  host = await listen(registry);
  config = await mkdtemp(join(tmpdir(), 'repro-check-client-'));
  await writeFile(join(config, 'config.json'), JSON.stringify({ auths: { [host]: { auth: Buffer.from('repro:pw').toString('base64') } } }));
  routes.set('/v2/repo/app/manifests/good', send(manifest(), 'application/vnd.oci.image.manifest.v1+json'));
  routes.set(`/v2/repo/app/blobs/${sha(CONFIG)}`, send(CONFIG));
  // Registries send blobs from their storage: a redirect to another origin.
  routes.set(`/v2/repo/app/blobs/${EMPTY_TAR_DIGEST}`, (_request, response) => response.writeHead(307, { Location: `${storageOrigin}/blob?signed=1` }).end());
});

afterAll(async () => {
  await Promise.all([registry, storage].map((server) => new Promise((resolve) => server.close(resolve))));
  await rm(config, { recursive: true, force: true });
});

describe('readRegistryImage over HTTP', () => {
  it('follows a blob redirect to another origin without sending the registry credentials there', async () => {
    const image = await read(':good');
    expect(image.archive.configDigest).toBe(sha(CONFIG));
    expect(image.archive.layers.map((l) => [l.diffId, l.blobDigest, l.compression, l.size])).toEqual([[EMPTY_TAR_DIGEST, EMPTY_TAR_DIGEST, 'none', 1024]]);
    expect(image.manifestDigest).toBe(sha(manifest()));
    expect(storageAuth).toEqual([undefined]);
  });

  it('says when the registry asks for credentials and none are stored', async () => {
    await expect(read(':good', false)).rejects.toThrow(`docker://${host}/repo/app: manifest good: the registry asks for a user name and password and none is stored for ${host}`);
  });
});

describe('stopping a read', () => {
  it('aborts a download that stalls when the signal fires', async () => {
    const layer = Buffer.alloc(64 * 1024, 0x61);
    routes.set('/v2/repo/app/manifests/slow', send(manifest({ layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha(layer), size: layer.length }] })));
    // Sends the blob's first bytes, then nothing: only the signal can end the read.
    routes.set(`/v2/repo/app/blobs/${sha(layer)}`, (_request, response) => {
      response.writeHead(200, { 'Content-Length': String(layer.length) });
      response.write(Buffer.from([0x1f, 0x8b, 0x08, 0x00]));
    });
    const stopper = new AbortController();
    setTimeout(() => stopper.abort(new Error('timed out')), 200);
    const started = Date.now();
    await expect(readRegistryImage(`docker://${host}/repo/app:slow`, { env: { DOCKER_CONFIG: config }, home: '/nonexistent', signal: stopper.signal })).rejects.toThrow(
      /layer 0 sha256:[0-9a-f]{64} of docker:\/\/127\.0\.0\.1:\d+\/repo\/app: the connection broke after part of the blob/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('registry answers refused, with credentials', () => {
  const cases: [string, Handler | null, RegExp][] = [
    ['a manifest past the 4 MiB cap', send(Buffer.alloc(4 * 1024 * 1024 + 1, 0x20), 'application/vnd.oci.image.manifest.v1+json'), /manifest m is 4194305 bytes, more than the 4194304-byte limit/],
    ['a schema 1 manifest', send(Buffer.from('{"schemaVersion":1,"config":{}}'), 'application/vnd.docker.distribution.manifest.v1+prettyjws'), /is a schema 1 manifest/],
    ['an artifact, not an image', send(manifest({ config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha('{}'), size: 2 } })), /is not an image: its config is application\/vnd\.oci\.empty\.v1\+json/],
    ['a layer that is not a tar', send(manifest({ layers: [{ mediaType: 'application/vnd.in-toto+json', digest: sha('x'), size: 1 }] })), /layers\[0\] is not a layer tar \(application\/vnd\.in-toto\+json\)/],
    ['a manifest whose digest header lies', send(manifest(), 'application/vnd.oci.image.manifest.v1+json', { 'Docker-Content-Digest': sha('other') }), /manifest m does not match its digest/],
    ['an unknown manifest', null, /manifest m: 404 Not Found \(MANIFEST_UNKNOWN: manifest unknown\)/],
  ];
  it.each(cases)('%s', async (_name, handler, message) => {
    if (handler) routes.set('/v2/repo/app/manifests/m', handler);
    else routes.delete('/v2/repo/app/manifests/m');
    await expect(read(':m')).rejects.toThrow(message);
  });
});
