import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveImageSource } from '../../src/check/image-source.js';
import { InputError } from '../../src/settings.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'repro-check-source-'));
  await writeFile(join(dir, 'image.tar'), '');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveImageSource', () => {
  it('tells registry images, archive files and engine references apart', async () => {
    expect(await resolveImageSource('docker://127.0.0.1:5000/app:1', { insecure: ['reg.lan'], platform: 'linux/arm64' })).toEqual({
      kind: 'registry',
      ref: 'docker://127.0.0.1:5000/app:1',
      insecure: ['reg.lan'],
      platform: 'linux/arm64',
    });
    expect(await resolveImageSource('docker://ghcr.io/o/app')).toEqual({ kind: 'registry', ref: 'docker://ghcr.io/o/app', insecure: [] });
    expect(await resolveImageSource(join(dir, 'image.tar'))).toEqual({ kind: 'archive', path: join(dir, 'image.tar') });
    expect(await resolveImageSource('debian:bookworm')).toEqual({ kind: 'engine', ref: 'debian:bookworm' });
  });

  it.each([
    ['docker://app', undefined, /names its host and repository/],
    ['docker://ghcr.io/o/app', 'linux', /"linux" is not a platform/],
  ])('refuses %s (platform %s) as an input error', async (arg, platform, message) => {
    const result = resolveImageSource(arg, { insecure: [], ...(platform ? { platform } : {}) });
    await expect(result).rejects.toThrow(message);
    await expect(result).rejects.toBeInstanceOf(InputError);
  });
});
