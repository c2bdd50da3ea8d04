import { execFile } from 'node:child_process';
import { access, constants, readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { RegistryError } from './registry-error.js';

/** A user name and password (or token) for a registry, as `docker login` stored them. */
export interface Credentials {
  username: string;
  password: string;
}

/** Where to look for `config.json` and credential helpers. */
export interface CredentialEnvironment {
  /** `DOCKER_CONFIG` (the directory of `config.json`) and `PATH` are read; `HOME` is the fallback. */
  env: NodeJS.ProcessEnv;
  /** The home directory, when `DOCKER_CONFIG` is not set. */
  home: string;
}

/** The fields of Docker's `config.json` that hold credentials. */
interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** Docker Hub's credentials are stored under this key, whatever host the image names. */
const HUB_KEY = 'https://index.docker.io/v1/';
const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** Seconds a credential helper may take. */
const HELPER_TIMEOUT_MS = 30_000;

/** The path of the `config.json` that the docker CLI would read. */
export function dockerConfigPath({ env, home }: CredentialEnvironment): string {
  return join(env.DOCKER_CONFIG || join(home, '.docker'), 'config.json');
}

/**
 * Finds the credentials the docker CLI would use for a registry host: the credential helper named
 * for the host (`credHelpers`), else the default store (`credsStore`), else the plain `auths`
 * entry (base64 `user:password` in `auth`, or `username` and `password`). A helper is asked only
 * when its binary `docker-credential-<name>` is on the PATH; one that is not installed is passed
 * over, as a config copied from another machine often names one. No config file: no credentials.
 * A config that is not JSON is a RegistryError naming it.
 */
export async function findCredentials(host: string, where: CredentialEnvironment): Promise<Credentials | null> {
  const path = dockerConfigPath(where);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
    throw new RegistryError(`cannot read ${path}: ${error.message}`);
  });
  if (text === null) return null;
  let config: DockerConfig;
  try {
    config = JSON.parse(text) as DockerConfig;
  } catch {
    throw new RegistryError(`${path} is not valid JSON`);
  }
  if (typeof config !== 'object' || config === null) throw new RegistryError(`${path} is not a JSON object`);
  const key = HUB_HOSTS.has(host) ? HUB_KEY : host;
  const helper = (typeof config.credHelpers === 'object' && config.credHelpers?.[key]) || config.credsStore;
  if (typeof helper === 'string' && helper !== '') {
    const binary = await findOnPath(`docker-credential-${helper}`, where.env.PATH ?? '');
    if (binary) return askHelper(binary, key);
  }
  return fromAuths(config.auths, key, path);
}

/** The `auths` entry of a host: keyed by the host, or by a URL of it (`https://host/v1/`, as older CLIs wrote). */
function fromAuths(auths: DockerConfig['auths'], key: string, path: string): Credentials | null {
  if (typeof auths !== 'object' || auths === null) return null;
  const entry = auths[key] ?? Object.entries(auths).find(([name]) => hostOfKey(name) === hostOfKey(key))?.[1];
  if (typeof entry !== 'object' || entry === null) return null;
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new RegistryError(`${path}: the auth entry of ${key} is not base64 of user:password`);
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (typeof entry.username === 'string' && typeof entry.password === 'string') return { username: entry.username, password: entry.password };
  return null;
}

/** `https://host:5000/v1/` → `host:5000`, as the docker CLI matches `auths` keys. */
function hostOfKey(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').split('/')[0]!;
}

async function findOnPath(name: string, path: string): Promise<string | null> {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return null;
}

/**
 * Runs `docker-credential-<name> get` with the server on stdin (the credential helper protocol).
 * A helper that knows no credentials for the server says so and exits non-zero: then there are none.
 * A `<token>` user name marks an identity token, which needs an OAuth exchange not done here.
 */
async function askHelper(binary: string, server: string): Promise<Credentials | null> {
  const output = await new Promise<string | null>((resolve) => {
    const child = execFile(binary, ['get'], { timeout: HELPER_TIMEOUT_MS, maxBuffer: 1024 * 1024 }, (error, stdout) => resolve(error ? null : stdout));
    child.stdin?.end(server);
  });
  if (output === null) return null;
  let answer: { Username?: unknown; Secret?: unknown };
  try {
    answer = JSON.parse(output) as typeof answer;
  } catch {
    throw new RegistryError(`${binary} get did not answer JSON`);
  }
  if (typeof answer.Username !== 'string' || typeof answer.Secret !== 'string' || answer.Username === '<token>') return null;
  return { username: answer.Username, password: answer.Secret };
}
