import { readFileSync } from 'node:fs';
import { describe, expect, it, test } from 'vitest';
import { allBuildArgs, InputError, looksSecret, parseBuildArgs, parseBuilder, parseBuildxBuilder, parseLevel, secretValues } from '../src/settings.js';
import { VERSION } from '../src/version.js';

describe('parseLevel', () => {
  test.each([['strict'], ['layers'], ['content'], [' Content ']])('accepts %j', (value) => {
    expect(parseLevel(value, 'level')).toBe(value.trim().toLowerCase());
  });
  it('names the input and the choices', () => {
    expect(() => parseLevel('exact', 'level')).toThrow(new InputError('level must be one of strict, layers, content, not "exact"'));
  });
});

describe('parseBuildArgs', () => {
  it('reads KEY=VALUE, keeps = in values, skips blanks and takes bare keys from the environment', () => {
    expect(parseBuildArgs(['A=1', ' B=x=y ', '', 'HOME_DIR', 'MISSING'], 'build-args', { HOME_DIR: '/root' })).toEqual({ A: '1', B: 'x=y', HOME_DIR: '/root' });
  });
  it('rejects names that are not build argument names', () => {
    expect(() => parseBuildArgs(['=1'], 'build-args')).toThrow('build-args: "" is not a valid build argument name');
    expect(() => parseBuildArgs(['A B=1'], 'build-args')).toThrow(InputError);
  });
});

describe('secret build arguments', () => {
  test.each([
    ['GITHUB_TOKEN', true],
    ['npm_auth', true],
    ['SSH_PRIVATE', true],
    ['ApiKey', true],
    ['DB_PASSWD', true],
    ['db_password', true],
    ['AWS_CREDENTIALS', true],
    ['MY_SECRET_THING', true],
    ['FLAVOR', false],
    ['ARCH', false],
    ['VERSION', false],
    ['SOURCE_DATE_EPOCH', false],
  ])('%s looks secret: %s', (name, expected) => expect(looksSecret(name)).toBe(expected));

  it('masks the values of secret-looking names and of every secret build argument, and no others', () => {
    const settings = { buildArgs: { FLAVOR: 'busybox', ARCH: 'amd64', NPM_TOKEN: 'npm_abc123' }, secretBuildArgs: { PLAIN_NAME: 'hidden-value', NPM_TOKEN: 'npm_override' } };
    expect(secretValues(settings).sort()).toEqual(['hidden-value', 'npm_abc123', 'npm_override']);
    expect(allBuildArgs(settings)).toEqual({ FLAVOR: 'busybox', ARCH: 'amd64', NPM_TOKEN: 'npm_override', PLAIN_NAME: 'hidden-value' });
    expect(secretValues({ buildArgs: { FLAVOR: 'busybox' } })).toEqual([]);
  });

  it('takes a value of several lines whole and line by line, as a log shows it', () => {
    expect(secretValues({ buildArgs: {}, secretBuildArgs: { PEM: '-----BEGIN KEY-----\r\nabc\n\n-----END KEY-----' } })).toEqual([
      '-----BEGIN KEY-----\r\nabc\n\n-----END KEY-----',
      '-----BEGIN KEY-----',
      'abc',
      '-----END KEY-----',
    ]);
  });
});

describe('parseBuilder', () => {
  test.each(['auto', 'buildkit', 'classic', 'buildx'])('accepts %s', (value) => expect(parseBuilder(value, 'builder')).toBe(value));
  it('rejects others', () => expect(() => parseBuilder('kaniko', 'builder')).toThrow('builder must be auto, buildkit, classic or buildx, not "kaniko"'));
});

it('keeps VERSION equal to package.json', () => {
  expect(VERSION).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
});

describe('parseBuildxBuilder', () => {
  test.each([
    ['', 'auto', { builder: 'auto' }],
    ['  ', 'classic', { builder: 'classic' }],
    ['remote-builder', 'auto', { builder: 'buildx', buildxBuilder: 'remote-builder' }],
    [' k8s.cluster_1 ', 'buildx', { builder: 'buildx', buildxBuilder: 'k8s.cluster_1' }],
  ] as const)('reads %j with builder %s', (name, builder, expected) => {
    expect(parseBuildxBuilder(name, builder, 'builder-name', 'builder')).toEqual(expected);
  });

  test.each([
    ['x', 'classic', 'builder-name builds through docker buildx; it cannot go with builder classic (use buildx or auto)'],
    ['x', 'buildkit', 'builder-name builds through docker buildx; it cannot go with builder buildkit (use buildx or auto)'],
    ['--push', 'auto', 'builder-name: "--push" is not a buildx builder name (letters, digits, and _ . + - after the first)'],
    ['a b', 'auto', 'builder-name: "a b" is not a buildx builder name (letters, digits, and _ . + - after the first)'],
  ] as const)('refuses %j with builder %s', (name, builder, message) => {
    expect(() => parseBuildxBuilder(name, builder, 'builder-name', 'builder')).toThrow(new InputError(message));
  });
});
