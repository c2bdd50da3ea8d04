import { readFileSync } from 'node:fs';
import { describe, expect, it, test } from 'vitest';
import { InputError, parseBuildArgs, parseBuilder, parseLevel } from '../src/settings.js';
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

describe('parseBuilder', () => {
  test.each(['auto', 'buildkit', 'classic', 'buildx'])('accepts %s', (value) => expect(parseBuilder(value, 'builder')).toBe(value));
  it('rejects others', () => expect(() => parseBuilder('kaniko', 'builder')).toThrow('builder must be auto, buildkit, classic or buildx, not "kaniko"'));
});

it('keeps VERSION equal to package.json', () => {
  expect(VERSION).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
});
