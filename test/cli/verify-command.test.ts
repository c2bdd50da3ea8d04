import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/args.js';
import { runCli } from '../../src/cli/cli-main.js';
import { InputError } from '../../src/settings.js';
import { recordingIo } from './cli-io.js';

const image = `127.0.0.1:5000/app@sha256:${'a'.repeat(64)}`;

describe('verify arguments', () => {
  it('reads the image, the context and build options', () => {
    const parsed = parseCliArgs(['verify', image, 'ctx', '-f', 'd/Dockerfile', '--target', 'run', '--build-arg', 'A=1', '--source-date-epoch', 'from-image', '--level', 'layers', '--platform', 'linux/arm64', '--attestation', 'a.jsonl', '--sign-key', 'k.pem'], '/w', {});
    expect(parsed).toMatchObject({
      command: 'verify',
      attestation: '/w/a.jsonl',
      signKey: '/w/k.pem',
      settings: { image, context: '/w/ctx', dockerfile: '/w/d/Dockerfile', target: 'run', buildArgs: { A: '1' }, sourceDateEpoch: { mode: 'from-image' }, level: 'layers', platform: 'linux/arm64' },
    });
  });

  it.each([
    ['127.0.0.1:5000/scratch', '127.0.0.1:5000/scratch'],
    ['docker://ghcr.io/org/scratch/rebuilds', 'ghcr.io/org/scratch/rebuilds'],
    ['docker.io/scratch', 'docker.io/library/scratch'],
  ])('--rebuild-repository %s pushes to %s', (given, repository) => {
    expect(parseCliArgs(['verify', image, '--rebuild-repository', given], '/w', {})).toMatchObject({ settings: { rebuildRepository: repository } });
  });

  it.each([
    [['verify', '127.0.0.1:5000/app:v1'], /must name its digest/],
    [['verify'], /IMAGE@sha256:DIGEST/],
    [['verify', image, '--sign-key', 'k.pem'], /give both/],
    [['verify', image, '--source-date-epoch', 'soon'], /--source-date-epoch/],
    [['verify-attestation', 'f.jsonl'], /--key PUB.pem is required/],
    [['verify', image, '--rebuild-repository', '127.0.0.1:5000/scratch:tag'], /names a tag or digest/],
    [['verify', image, '--rebuild-repository', `127.0.0.1:5000/scratch@sha256:${'b'.repeat(64)}`], /names a tag or digest/],
    [['verify', image, '--rebuild-repository', 'scratch'], /names its host and repository/],
    [['verify', image, '--rebuild-repository', '127.0.0.1:5000/Scratch'], /not a repository name component/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArgs(argv, '/w', {})).toThrow(InputError);
    expect(() => parseCliArgs(argv, '/w', {})).toThrow(message);
  });

  it('verify-attestation exits 2 when the file cannot be read', async () => {
    const io = recordingIo('/nonexistent');
    expect(await runCli(['verify-attestation', 'missing.jsonl', '--key', 'missing.pem'], io)).toBe(2);
    expect(io.err.join('')).toMatch(/verify-attestation: .*ENOENT/);
  });
});
