import { RegistryError } from './registry-error.js';

/**
 * The scheme that marks a `diff` side as an image in a registry, as skopeo names its registry
 * transport: `docker://HOST/NAME[:TAG|@DIGEST]`. The host is always written out, so a reference
 * never depends on a default registry.
 */
export const REGISTRY_SCHEME = 'docker://';

/** An image in a registry, parsed from `docker://HOST/NAME[:TAG|@DIGEST]`. */
export interface RegistryReference {
  /** The host (and port) as written: `127.0.0.1:5000`, `ghcr.io`, `[::1]:5000`. */
  host: string;
  /** The host the API is asked at (`docker.io` is served at `registry-1.docker.io`). */
  apiHost: string;
  /** The repository: `library/debian`, `owner/app`. */
  repository: string;
  /** The tag, when the reference names one (`latest` when it names neither a tag nor a digest). */
  tag?: string;
  /** `algorithm:hex`, when the reference names a digest; it wins over the tag. */
  digest?: string;
  /** The reference as given, with its scheme. */
  text: string;
}

/** One repository path component of the distribution reference grammar. */
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** A host: DNS labels, an IPv4 address or a bracketed IPv6 address, with an optional port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** Whether a `diff` argument names a registry image (rather than a file or an engine image). */
export function isRegistryReference(arg: string): boolean {
  return arg.startsWith(REGISTRY_SCHEME);
}

/** Parses `docker://HOST/NAME[:TAG][@DIGEST]`; a malformed reference is a RegistryError saying which part is wrong. */
export function parseRegistryReference(text: string): RegistryReference {
  if (!isRegistryReference(text)) throw new RegistryError(`${JSON.stringify(text)} is not a registry reference (it must start with ${REGISTRY_SCHEME})`);
  let rest = text.slice(REGISTRY_SCHEME.length);
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new RegistryError(`${text}: ${JSON.stringify(digest)} is not a digest (algorithm:hex)`);
  }
  const slash = rest.indexOf('/');
  if (slash <= 0) throw new RegistryError(`${text}: a registry reference names its host and repository (docker://HOST/NAME[:TAG|@DIGEST])`);
  const host = rest.slice(0, slash);
  if (!HOST.test(host)) throw new RegistryError(`${text}: ${JSON.stringify(host)} is not a registry host`);
  let path = rest.slice(slash + 1);
  let tag: string | undefined;
  const colon = path.lastIndexOf(':');
  if (colon >= 0) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
    if (!TAG.test(tag)) throw new RegistryError(`${text}: ${JSON.stringify(tag)} is not a tag`);
  }
  const components = path.split('/');
  const bad = components.find((component) => !COMPONENT.test(component));
  if (bad !== undefined) throw new RegistryError(`${text}: ${JSON.stringify(bad)} is not a repository name component (lower-case letters, digits, separators)`);
  const hub = host === 'docker.io' || host === 'index.docker.io' || host === 'registry-1.docker.io';
  // Docker Hub's official images live under `library/`, which `docker pull debian` leaves out.
  const repository = hub && components.length === 1 ? `library/${path}` : path;
  if (repository.length > 255) throw new RegistryError(`${text}: the repository name is longer than 255 characters`);
  return { host, apiHost: hub ? 'registry-1.docker.io' : host, repository, tag: tag ?? (digest ? undefined : 'latest'), digest, text };
}

/** The host without its port or brackets: `127.0.0.1`, `::1`, `ghcr.io`. */
export function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon >= 0 ? host.slice(0, colon) : host;
}

/**
 * Whether the registry is asked over plain HTTP: the loopback names (as Docker does for its own
 * pushes), or a host the user named with `--insecure-registry` (as HOST or HOST:PORT). Every
 * other registry is asked over HTTPS, with the certificate checked.
 */
export function usesPlainHttp(host: string, insecure: readonly string[]): boolean {
  const name = hostName(host);
  if (name === 'localhost' || name === '127.0.0.1' || name === '::1') return true;
  return insecure.some((entry) => entry === host || entry === name);
}

/**
 * Parses a repository without tag or digest, `HOST/NAME` (with or without `docker://`), as a
 * destination is named (`verify --rebuild-repository`): RegistryError if it names a tag or digest.
 */
export function parseRepository(text: string, what: string): RegistryReference {
  const bare = text.startsWith(REGISTRY_SCHEME) ? text.slice(REGISTRY_SCHEME.length) : text;
  const slash = bare.indexOf('/');
  if (bare.includes('@') || (slash >= 0 && bare.slice(slash + 1).includes(':'))) throw new RegistryError(`${what}: ${JSON.stringify(text)} names a tag or digest; give the repository alone (HOST/NAME)`);
  return parseRegistryReference(`${REGISTRY_SCHEME}${bare}`);
}
