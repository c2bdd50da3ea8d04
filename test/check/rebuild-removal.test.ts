import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { removeRebuild, TAG_LIMIT } from '../../src/check/rebuild-removal.js';
import { registryClientFor } from '../../src/registry/registry-access.js';

/**
 * When `verify` deletes its rebuild, against a small server on 127.0.0.1 answering as the
 * distribution spec says a registry answers (tags list with Link pagination, HEAD with
 * Docker-Content-Digest, DELETE by digest: 202, or 405 UNSUPPORTED when deletion is off). The
 * repository's tags and what they name are written here by hand; the real registry is
 * exercised by test/integration/verify.test.ts.
 */
const d = (c: string) => `sha256:${c.repeat(64)}`;
const INDEX = 'application/vnd.oci.image.index.v1+json';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const REBUILT = d('1');
const PUBLISHED = d('2');

/** The repository `app`: tag → [digest, media type, body for a GET]. */
let tags: Map<string, [string, string, string]>;
let deletion: 'on' | 'off' | 'denied';
let deleted: string[];
let pageSize: number;
let server: Server;
let host: string;

function handle(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://x');
  const json = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(value));
  };
  if (url.pathname === '/v2/app/tags/list') {
    const names = [...tags.keys()].sort();
    const last = url.searchParams.get('last');
    const n = Math.min(Number(url.searchParams.get('n') ?? 1000), pageSize);
    const from = last === null ? 0 : names.indexOf(last) + 1;
    const page = names.slice(from, from + n);
    const more = from + n < names.length;
    json(200, { name: 'app', tags: page }, more ? { Link: `</v2/app/tags/list?last=${page.at(-1)}&n=${n}>; rel="next"` } : {});
    return;
  }
  const ref = /^\/v2\/app\/manifests\/(.+)$/.exec(url.pathname)?.[1];
  if (ref && request.method === 'DELETE') {
    if (deletion === 'off') return json(405, { errors: [{ code: 'UNSUPPORTED', message: 'The operation is unsupported.' }] });
    if (deletion === 'denied') return json(403, { errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] });
    deleted.push(ref);
    response.writeHead(202).end();
    return;
  }
  const entry = ref && [...tags.entries()].find(([tag, [digest]]) => tag === ref || digest === ref)?.[1];
  if (!entry) return json(404, { errors: [{ code: 'MANIFEST_UNKNOWN' }] });
  const [digest, type, body] = entry;
  response.writeHead(200, { 'Content-Type': type, 'Docker-Content-Digest': digest, 'Content-Length': String(Buffer.byteLength(body)) });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** An index body listing `digests`, and its real digest (the client checks what it GETs). */
function index(digests: string[]): [string, string, string] {
  const body = JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: digests.map((digest) => ({ mediaType: MANIFEST, digest, size: 1 })) });
  return [`sha256:${createHash('sha256').update(body).digest('hex')}`, INDEX, body];
}

const remove = (published: string[] = [PUBLISHED]) => removeRebuild({ client: registryClientFor(`docker://${host}/app:t`).client, tag: 't', digest: REBUILT }, published);

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  tags = new Map([
    ['t', [REBUILT, MANIFEST, '{}']],
    ['v1', [PUBLISHED, MANIFEST, '{}']],
  ]);
  deletion = 'on';
  deleted = [];
  pageSize = 1000;
});

describe('removeRebuild', () => {
  it('deletes the rebuild by digest when no published digest and no other tag names it', async () => {
    pageSize = 1; // Every tag on its own page: the Link header is followed.
    for (const tag of ['a', 'b', 'c']) tags.set(tag, [d(tag === 'a' ? '3' : tag === 'b' ? '4' : '5'), MANIFEST, '{}']);
    expect(await remove()).toEqual({ removed: true, reason: `docker://${host}/app:t (${REBUILT}) was deleted after it was read back: no published digest and no other tag names it` });
    expect(deleted).toEqual([REBUILT]);
  });

  it.each([
    ['the rebuild is the published manifest', [REBUILT], () => undefined, /which the published image holds/],
    ['the rebuild is an entry of the published index', [d('9'), REBUILT], () => undefined, /which the published image holds/],
    ['another tag names the digest', [PUBLISHED], () => tags.set('latest', [REBUILT, MANIFEST, '{}']), /the tag latest names sha256:1{64} too/],
    ['another tag names an index listing it', [PUBLISHED], () => tags.set('multi', index([d('7'), REBUILT])), /the tag multi names/],
    ['the registry deletes nothing (405 UNSUPPORTED)', [PUBLISHED], () => (deletion = 'off'), /does not delete manifests \(deletion disabled/],
    ['the registry denies the deletion', [PUBLISHED], () => (deletion = 'denied'), /403 .*DENIED/],
    ['the repository has too many tags to check', [PUBLISHED], () => { for (let i = 0; i < TAG_LIMIT; i++) tags.set(`x${i}`, [d('8'), MANIFEST, '{}']); }, /more than 500 tags/],
  ])('keeps it when %s', async (_case, published, arrange, reason) => {
    arrange();
    const outcome = await remove(published);
    expect(outcome.removed).toBe(false);
    expect(outcome.reason).toMatch(/^docker:\/\/127\.0\.0\.1:\d+\/app:t stays in the registry: /);
    expect(outcome.reason).toMatch(reason);
    if (deletion === 'on') expect(deleted).toEqual([]);
  });

  it('deletes it when an index of another tag lists other manifests only', async () => {
    tags.set('multi', index([d('7'), PUBLISHED]));
    expect((await remove()).removed).toBe(true);
    expect(deleted).toEqual([REBUILT]);
  });
});
