import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parseChallenges, type AuthChallenge } from './auth-challenge.js';
import { BlobVerifier, type BlobExpectation } from './blob-verifier.js';
import type { Credentials } from './docker-credentials.js';
import type { RegistryReference } from './image-reference.js';
import { RegistryError } from './registry-error.js';

/**
 * A client of the OCI distribution API (`/v2/<name>/manifests/<ref>`, `/v2/<name>/blobs/<digest>`,
 * `/v2/<name>/tags/list`) for one repository. It reads, and deletes one thing only: a manifest by
 * digest (`deleteManifest`, for `verify`'s own rebuild, after the checks of rebuild-removal.ts). It uses Node's built-in fetch (undici): it follows the
 * redirects registries send for blobs (to their storage), drops the Authorization header when a
 * redirect leaves the registry's origin, and streams bodies, so no dependency is added for HTTP.
 */

/** Media types of manifests and indexes, OCI and Docker: what the registry may answer with. */
export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
/** The media types of an index (of platform images and attestations) rather than of one image manifest. */
export const INDEX_TYPES: ReadonlySet<string> = new Set([MANIFEST_TYPES[0]!, MANIFEST_TYPES[2]!]);
/** The OCI image manifest's media type (BuildKit writes it when it pushes attestations). */
export const OCI_MANIFEST = MANIFEST_TYPES[1]!;
/** Largest manifest or index accepted (the distribution registry refuses to store larger ones). */
export const MANIFEST_LIMIT = 4 * 1024 * 1024;
/** Largest answer of a token service accepted. */
const TOKEN_LIMIT = 1024 * 1024;

/** How to reach the registry. */
export interface ClientOptions {
  /** Plain HTTP (loopback hosts, `--insecure-registry`); HTTPS otherwise. */
  plainHttp: boolean;
  /** Looked up once, at the first challenge: anonymous access needs no credentials at all. */
  credentials: () => Promise<Credentials | null>;
  /** Stops every request and download (`--timeout`, SIGINT). */
  signal?: AbortSignal;
}

/** A manifest or index as fetched: its bytes, checked digest and parsed JSON. */
export interface FetchedManifest {
  mediaType: string;
  digest: string;
  size: number;
  value: unknown;
}

export class RegistryClient {
  /** `docker://host/repository`, to name the image in errors. */
  readonly where: string;
  private readonly base: string;
  private authorization: string | null = null;
  private credentials: Promise<Credentials | null> | null = null;

  constructor(
    readonly reference: RegistryReference,
    private readonly options: ClientOptions,
  ) {
    this.where = `docker://${reference.host}/${reference.repository}`;
    this.base = `${options.plainHttp ? 'http' : 'https'}://${reference.apiHost}/v2/${reference.repository}`;
  }

  /**
   * Fetches a manifest or index by tag or digest, capped at MANIFEST_LIMIT. Its digest is checked
   * against `expected` (a descriptor that named it), or against the digest the reference names,
   * or against the registry's `Docker-Content-Digest` header for a tag.
   */
  async manifest(ref: string, expected?: BlobExpectation): Promise<FetchedManifest> {
    const what = `manifest ${ref}`;
    const response = await this.request(`${this.base}/manifests/${ref}`, { Accept: MANIFEST_TYPES.join(', ') }, what);
    const bytes = await readBody(response, expected ? Math.min(expected.size, MANIFEST_LIMIT) : MANIFEST_LIMIT, `${this.where} ${what}`);
    const wanted = expected?.digest ?? (ref.includes(':') ? ref : response.headers.get('docker-content-digest') ?? undefined);
    const algorithm = wanted?.split(':')[0] ?? 'sha256';
    if (algorithm !== 'sha256' && algorithm !== 'sha512') throw new RegistryError(`${this.where} ${what}: digest algorithm ${JSON.stringify(algorithm)} is not supported`);
    const digest = `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
    if (wanted !== undefined && digest !== wanted) throw new RegistryError(`${this.where} ${what} does not match its digest ${wanted}: the registry sent bytes whose digest is ${digest}`);
    if (expected && bytes.length !== expected.size) throw new RegistryError(`${this.where} ${what} is ${bytes.length} bytes, its descriptor says ${expected.size}`);
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new RegistryError(`${this.where} ${what} is not valid JSON`);
    }
    const declared = typeof (value as { mediaType?: unknown })?.mediaType === 'string' ? (value as { mediaType: string }).mediaType : undefined;
    const mediaType = declared ?? response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
    return { mediaType, digest, size: bytes.length, value };
  }

  /**
   * Opens a blob as a stream that checks its size and digest while the bytes pass (see
   * BlobVerifier): a mismatch or a broken connection fails the stream, naming `what`.
   */
  async openBlob(descriptor: BlobExpectation, what: string, onBytes?: (count: number) => void): Promise<BlobVerifier> {
    const named = `${what} ${descriptor.digest} of ${this.where}`;
    const verifier = new BlobVerifier(descriptor, named, onBytes);
    const response = await this.request(`${this.base}/blobs/${descriptor.digest}`, {}, `${what} ${descriptor.digest}`);
    const length = response.headers.get('content-length');
    if (length !== null && Number(length) !== descriptor.size) {
      await response.body?.cancel();
      throw new RegistryError(`${named}: the registry sends ${length} bytes, its descriptor says ${descriptor.size}`);
    }
    if (!response.body) throw new RegistryError(`${named}: the registry sent no body`);
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    body.on('error', (error: Error) => verifier.abort(`${named}: the connection broke after part of the blob (${causeText(error)})`));
    // A reader that gives up (or a mismatch) closes the verifier: the download stops with it.
    verifier.on('close', () => body.destroy());
    body.pipe(verifier);
    return verifier;
  }

  /** Reads a small blob (an image config) whole, capped at `limit`, checked against its descriptor. */
  async blobBytes(descriptor: BlobExpectation, what: string, limit: number): Promise<Buffer> {
    if (descriptor.size > limit) throw new RegistryError(`${what} ${descriptor.digest} of ${this.where} is ${descriptor.size} bytes, more than the ${limit}-byte limit`);
    const stream = await this.openBlob(descriptor, what);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /**
   * The digest and media type a tag or digest names, by HEAD. A registry that sends no
   * Docker-Content-Digest has the manifest fetched and hashed instead.
   */
  async head(ref: string): Promise<{ digest: string; mediaType: string }> {
    const response = await this.request(`${this.base}/manifests/${ref}`, { Accept: MANIFEST_TYPES.join(', ') }, `manifest ${ref}`, 'HEAD');
    const digest = response.headers.get('docker-content-digest');
    const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim() ?? '';
    if (digest) return { digest, mediaType };
    const fetched = await this.manifest(ref);
    return { digest: fetched.digest, mediaType: fetched.mediaType };
  }

  /**
   * The repository's tags, page by page (`?n=`, the `Link: <…>; rel="next"` header), or null when
   * there are more than `limit`: a caller that must know every tag then knows it cannot.
   */
  async tags(limit: number): Promise<string[] | null> {
    const tags: string[] = [];
    let url: string | null = `${this.base}/tags/list?n=${Math.min(limit + 1, 1000)}`;
    while (url) {
      const response = await this.request(url, { Accept: 'application/json' }, 'tags list');
      const body = await readBody(response, MANIFEST_LIMIT, `${this.where} tags list`);
      let listed: unknown;
      try {
        listed = (JSON.parse(body.toString('utf8')) as { tags?: unknown }).tags;
      } catch {
        throw new RegistryError(`${this.where} tags list is not valid JSON`);
      }
      // distribution answers `"tags": null` for a repository whose tags are all gone.
      if (listed !== null && listed !== undefined && !(Array.isArray(listed) && listed.every((tag) => typeof tag === 'string'))) throw new RegistryError(`${this.where} tags list holds no list of names`);
      tags.push(...((listed as string[] | null) ?? []));
      if (tags.length > limit) return null;
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(response.headers.get('link') ?? '')?.[1];
      url = next ? new URL(next, this.base).toString() : null;
    }
    return tags;
  }

  /**
   * Deletes the manifest with this digest (`DELETE /v2/<name>/manifests/<digest>`; the registry
   * drops the tags naming it too). Answers `deleted`, or `unsupported` when the registry does not
   * delete (distribution's default: 405 with UNSUPPORTED), or throws RegistryError (denied, …).
   */
  async deleteManifest(digest: string): Promise<'deleted' | 'unsupported'> {
    if (!/^sha(256|512):[0-9a-f]+$/.test(digest)) throw new RegistryError(`${this.where}: delete: ${JSON.stringify(digest)} is not a digest (tags are never deleted)`);
    try {
      const response = await this.request(`${this.base}/manifests/${digest}`, {}, `delete manifest ${digest}`, 'DELETE');
      await response.body?.cancel();
      return 'deleted';
    } catch (error) {
      if (error instanceof RegistryError && /: 405 |UNSUPPORTED/.test(error.message)) return 'unsupported';
      throw error;
    }
  }

  /** Sends a request (GET unless said), answering one authentication challenge (a 401) if the registry makes one. */
  private async request(url: string, headers: Record<string, string>, what: string, method = 'GET'): Promise<Response> {
    let response = await this.send(url, headers, what, method);
    if (response.status === 401) {
      await response.body?.cancel();
      this.authorization = await this.authorize(parseChallenges(response.headers.get('www-authenticate') ?? ''), what);
      response = await this.send(url, headers, what, method);
      if (response.status === 401) {
        await response.body?.cancel();
        throw new RegistryError(`${this.where}: ${what}: the registry refused the credentials (401 after authenticating)`);
      }
    }
    if (!response.ok) throw new RegistryError(`${this.where}: ${what}: ${response.status} ${response.statusText}${await errorDetail(response)}`);
    return response;
  }

  private async send(url: string, headers: Record<string, string>, what: string, method: string): Promise<Response> {
    const all = this.authorization ? { ...headers, Authorization: this.authorization } : headers;
    try {
      return await fetch(url, { method, headers: all, redirect: 'follow', signal: this.options.signal });
    } catch (error) {
      throw new RegistryError(`${this.where}: ${what}: cannot reach ${new URL(url).origin} (${causeText(error)})`);
    }
  }

  /** The Authorization header that answers the registry's challenges: a bearer token or Basic credentials. */
  private async authorize(challenges: AuthChallenge[], what: string): Promise<string> {
    const bearer = challenges.find((challenge) => challenge.scheme === 'bearer');
    if (bearer) return this.token(bearer, what);
    if (challenges.some((challenge) => challenge.scheme === 'basic')) {
      const credentials = await this.lookup();
      if (!credentials) throw new RegistryError(`${this.where}: ${what}: the registry asks for a user name and password and none is stored for ${this.reference.host} (docker login ${this.reference.host})`);
      return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
    }
    const schemes = challenges.map((challenge) => challenge.scheme).join(', ') || 'none named';
    throw new RegistryError(`${this.where}: ${what}: the registry asks for authentication by a scheme repro-check does not support (${schemes})`);
  }

  /** Fetches a pull token from the challenge's realm (with the stored credentials, if any: anonymous otherwise). */
  private async token(challenge: AuthChallenge, what: string): Promise<string> {
    const realm = challenge.params.realm;
    let url: URL;
    try {
      url = new URL(realm ?? '');
    } catch {
      throw new RegistryError(`${this.where}: ${what}: the registry's bearer challenge names no valid realm (${JSON.stringify(realm)})`);
    }
    // Credentials go in clear to a plain-HTTP realm only when the registry itself is asked that way.
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.options.plainHttp)) {
      throw new RegistryError(`${this.where}: ${what}: the token realm ${url.origin} is not HTTPS`);
    }
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', challenge.params.scope ?? `repository:${this.reference.repository}:pull`);
    const credentials = await this.lookup();
    const headers: Record<string, string> = credentials ? { Authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` } : {};
    let response: Response;
    try {
      response = await fetch(url, { headers, redirect: 'follow', signal: this.options.signal });
    } catch (error) {
      throw new RegistryError(`${this.where}: ${what}: cannot reach the token service ${url.origin} (${causeText(error)})`);
    }
    if (!response.ok) {
      const who = credentials ? `with the credentials stored for ${this.reference.host}` : 'anonymously';
      throw new RegistryError(`${this.where}: ${what}: the token service ${url.origin} refused a pull token ${who}: ${response.status} ${response.statusText}${await errorDetail(response)}`);
    }
    const body = await readBody(response, TOKEN_LIMIT, `the token service's answer`);
    let answer: { token?: unknown; access_token?: unknown };
    try {
      answer = JSON.parse(body.toString('utf8')) as typeof answer;
    } catch {
      throw new RegistryError(`${this.where}: the token service ${url.origin} did not answer JSON`);
    }
    const token = typeof answer.token === 'string' && answer.token ? answer.token : answer.access_token;
    if (typeof token !== 'string' || !token) throw new RegistryError(`${this.where}: the token service ${url.origin} answered no token`);
    return `Bearer ${token}`;
  }

  private lookup(): Promise<Credentials | null> {
    return (this.credentials ??= this.options.credentials());
  }
}

/** Reads a whole body, failing past `limit` bytes (from Content-Length, before reading, when it is given). */
async function readBody(response: Response, limit: number, what: string): Promise<Buffer> {
  const length = Number(response.headers.get('content-length') ?? NaN);
  if (length > limit) {
    await response.body?.cancel();
    throw new RegistryError(`${what} is ${length} bytes, more than the ${limit}-byte limit`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (!response.body) return Buffer.alloc(0);
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > limit) throw new RegistryError(`${what} is larger than the ${limit}-byte limit`);
      chunks.push(Buffer.from(chunk));
    }
  } catch (error) {
    if (error instanceof RegistryError) throw error;
    throw new RegistryError(`${what}: the connection broke (${causeText(error)})`);
  }
  return Buffer.concat(chunks, total);
}

/** The registry's own words for an error (`{"errors":[{"code","message"}]}`), short. */
async function errorDetail(response: Response): Promise<string> {
  const text = await readBody(response, 64 * 1024, 'error').then((body) => body.toString('utf8'), () => '');
  try {
    const errors = (JSON.parse(text) as { errors?: { code?: string; message?: string }[] }).errors ?? [];
    const words = errors.map((error) => [error.code, error.message].filter(Boolean).join(': ')).filter(Boolean).join('; ');
    return words ? ` (${words.slice(0, 300)})` : '';
  } catch {
    return '';
  }
}

/** fetch's errors say "fetch failed"; what failed is in their cause (ECONNREFUSED, a TLS error). */
function causeText(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const message = (error as Error).message;
  return cause?.message ? `${message}: ${cause.code ? `${cause.code} ` : ''}${cause.message}` : message;
}
