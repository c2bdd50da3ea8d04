import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerConfigPath, findCredentials } from '../../src/registry/docker-credentials.js';

let dir: string;
/** A directory holding `config.json`, used as DOCKER_CONFIG. */
async function configDir(name: string, config: unknown): Promise<string> {
  const path = join(dir, name);
  await mkdir(path, { recursive: true });
  await writeFile(join(path, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'repro-check-creds-'));
  // A credential helper as the protocol defines one: `get` reads the server URL on stdin and
  // prints {ServerURL, Username, Secret}, or fails for a server it does not know.
  await mkdir(join(dir, 'bin'));
  const helper = join(dir, 'bin', 'docker-credential-repro');
  await writeFile(
    helper,
    [
      '#!/bin/sh',
      '[ "$1" = get ] || exit 2',
      'read -r server',
      'case "$server" in',
      '  helped.example:5000) printf \'{"ServerURL":"%s","Username":"helper-user","Secret":"helper-secret"}\' "$server" ;;',
      '  token.example) printf \'{"ServerURL":"%s","Username":"<token>","Secret":"refresh"}\' "$server" ;;',
      '  *) echo "credentials not found in native keychain"; exit 1 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  await chmod(helper, 0o755);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PATH = () => `${join(dir, 'bin')}:/usr/bin:/bin`;

describe('findCredentials from auths', () => {
  // base64 of user:pa:ss, repro:secret and hub:pw, written by `printf … | base64`.
  const auths = {
    auths: {
      '127.0.0.1:5000': { auth: 'dXNlcjpwYTpzcw==' },
      'https://old.example:5000/v1/': { auth: 'cmVwcm86c2VjcmV0' },
      'https://index.docker.io/v1/': { auth: 'aHViOnB3' },
      'fields.example': { username: 'u', password: 'p' },
      'empty.example': {},
    },
  };
  it.each([
    ['127.0.0.1:5000', { username: 'user', password: 'pa:ss' }],
    ['old.example:5000', { username: 'repro', password: 'secret' }],
    ['docker.io', { username: 'hub', password: 'pw' }],
    ['registry-1.docker.io', { username: 'hub', password: 'pw' }],
    ['fields.example', { username: 'u', password: 'p' }],
    ['empty.example', null],
    ['127.0.0.1:5001', null],
  ])('%s', async (host, expected) => {
    const config = await configDir('auths', auths);
    expect(await findCredentials(host, { env: { DOCKER_CONFIG: config, PATH: PATH() }, home: '/nonexistent' })).toEqual(expected);
  });

  it('reads ~/.docker/config.json without DOCKER_CONFIG', async () => {
    await configDir('home/.docker', auths);
    expect(await findCredentials('127.0.0.1:5000', { env: { PATH: PATH() }, home: join(dir, 'home') })).toEqual({ username: 'user', password: 'pa:ss' });
    expect(dockerConfigPath({ env: {}, home: '/h' })).toBe('/h/.docker/config.json');
    expect(dockerConfigPath({ env: { DOCKER_CONFIG: '/c' }, home: '/h' })).toBe('/c/config.json');
  });

  it('has none without a config file, and names a config that is not JSON', async () => {
    expect(await findCredentials('x.example', { env: { DOCKER_CONFIG: join(dir, 'missing') }, home: '/nonexistent' })).toBeNull();
    const broken = await configDir('broken', '{"auths": ');
    await expect(findCredentials('x.example', { env: { DOCKER_CONFIG: broken }, home: '/' })).rejects.toThrow(`${join(broken, 'config.json')} is not valid JSON`);
    const bad = await configDir('bad-auth', { auths: { 'x.example': { auth: 'bm9jb2xvbg==' } } });
    await expect(findCredentials('x.example', { env: { DOCKER_CONFIG: bad }, home: '/' })).rejects.toThrow(/not base64 of user:password/);
  });
});

describe('findCredentials from credential helpers', () => {
  const config = {
    credsStore: 'not-installed',
    credHelpers: { 'helped.example:5000': 'repro', 'token.example': 'repro', 'missing.example': 'repro' },
    auths: { 'plain.example': { auth: 'aHViOnB3' }, 'missing.example': { auth: 'aHViOnB3' } },
  };
  it.each([
    ['the host named in credHelpers', 'helped.example:5000', { username: 'helper-user', password: 'helper-secret' }],
    ['an identity token (not exchanged)', 'token.example', null],
    ['a host the helper does not know', 'missing.example', null],
    ['a credsStore whose binary is not installed: auths', 'plain.example', { username: 'hub', password: 'pw' }],
  ])('%s', async (_name, host, expected) => {
    const path = await configDir('helpers', config);
    expect(await findCredentials(host, { env: { DOCKER_CONFIG: path, PATH: PATH() }, home: '/' })).toEqual(expected);
  });

  it('asks credsStore for every host when its binary is installed', async () => {
    const path = await configDir('store', { credsStore: 'repro', auths: { 'helped.example:5000': { auth: 'aHViOnB3' } } });
    expect(await findCredentials('helped.example:5000', { env: { DOCKER_CONFIG: path, PATH: PATH() }, home: '/' })).toEqual({ username: 'helper-user', password: 'helper-secret' });
  });

  it('passes over a helper that is not on the PATH', async () => {
    const path = await configDir('no-path', { credHelpers: { 'plain.example': 'repro' }, auths: { 'plain.example': { auth: 'aHViOnB3' } } });
    expect(await findCredentials('plain.example', { env: { DOCKER_CONFIG: path, PATH: '/usr/bin:/bin' }, home: '/' })).toEqual({ username: 'hub', password: 'pw' });
  });
});
