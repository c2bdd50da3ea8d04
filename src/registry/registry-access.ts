import { homedir } from 'node:os';
import { findCredentials } from './docker-credentials.js';
import { parseRegistryReference, usesPlainHttp, type RegistryReference } from './image-reference.js';
import { RegistryClient } from './registry-client.js';

/** How a registry is reached: which hosts take plain HTTP, where credentials are looked up, when to stop. */
export interface RegistryAccess {
  /** Hosts (HOST or HOST:PORT) asked over plain HTTP besides the loopback ones. */
  insecure?: readonly string[];
  /** Stops the read: every request and download is aborted (`--timeout`, SIGINT). */
  signal?: AbortSignal;
  /** Where `config.json` is looked for (default: this process's environment and home). */
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/** A client for the registry that `docker://HOST/NAME[:TAG|@DIGEST]` names, and the reference parsed. */
export function registryClientFor(text: string, access: RegistryAccess = {}): { reference: RegistryReference; client: RegistryClient } {
  const reference = parseRegistryReference(text);
  const env = access.env ?? process.env;
  const home = access.home ?? homedir();
  const client = new RegistryClient(reference, {
    plainHttp: usesPlainHttp(reference.host, access.insecure ?? []),
    credentials: () => findCredentials(reference.host, { env, home }),
    signal: access.signal,
  });
  return { reference, client };
}
