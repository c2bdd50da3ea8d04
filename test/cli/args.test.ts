import { describe, expect, it, test } from 'vitest';
import { parseCliArgs } from '../../src/cli/args.js';
import { InputError } from '../../src/settings.js';

const cwd = '/work/project';

describe('parseCliArgs', () => {
  it('builds the settings of build with the defaults', () => {
    const parsed = parseCliArgs(['build'], cwd, {});
    expect(parsed).toEqual({
      command: 'build',
      settings: {
        context: cwd,
        dockerfile: `${cwd}/Dockerfile`,
        target: undefined,
        buildArgs: {},
        secretBuildArgs: {},
        variations: ['time', 'no-cache', 'context-mtime', 'context-mode', 'context-order', 'cpus'],
        level: 'strict',
        builder: 'auto',
        noCache: true,
        reportPath: undefined,
        keepImages: false,
        bisect: false,
        sourceDateEpoch: { mode: 'auto' },
      },
      output: { json: false, quiet: false, debug: false, files: {} },
    });
  });

  it('reads every build option', () => {
    const parsed = parseCliArgs(
      ['build', 'app', '-f', 'docker/Dockerfile.prod', '--target', 'final', '--build-arg', 'A=1', '--build-arg', 'B=2', '--secret-build-arg', 'NPMRC=registry-t0k3n', '--secret-build-arg', 'FROM_ENV', '--variations', 'time,context-mode', '--level', 'content', '--builder', 'classic', '--cache', '--report', 'out/r.json', '--keep-images', '--json', '--bisect', '--source-date-epoch', '0'],
      cwd,
      { FROM_ENV: 'env-s3cret' },
    );
    expect(parsed).toMatchObject({
      command: 'build',
      settings: {
        context: `${cwd}/app`,
        dockerfile: `${cwd}/docker/Dockerfile.prod`,
        target: 'final',
        buildArgs: { A: '1', B: '2' },
        secretBuildArgs: { NPMRC: 'registry-t0k3n', FROM_ENV: 'env-s3cret' },
        variations: ['time', 'context-mode'],
        level: 'content',
        builder: 'classic',
        noCache: false,
        reportPath: `${cwd}/out/r.json`,
        keepImages: true,
        bisect: true,
        sourceDateEpoch: { mode: 'fixed', value: 0 },
      },
      output: { json: true },
    });
  });

  it('reads --buildx-builder as building through buildx', () => {
    expect(parseCliArgs(['build', '--buildx-builder', 'remote'], cwd, {})).toMatchObject({ command: 'build', settings: { builder: 'buildx', buildxBuilder: 'remote' } });
    expect(() => parseCliArgs(['build', '--buildx-builder', 'remote', '--builder', 'classic'], cwd, {})).toThrow(new InputError('--buildx-builder builds through docker buildx; it cannot go with --builder classic (use buildx or auto)'));
  });

  it('reads diff with two images', () => {
    expect(parseCliArgs(['diff', 'a.tar', 'img:b', '--level', 'layers'], cwd, {})).toMatchObject({ command: 'diff', a: 'a.tar', b: 'img:b', level: 'layers', registry: { insecure: [] } });
  });

  test.each([
    [[], 'content'],
    [['--changes', 'all'], 'all'],
    [['--changes', 'none'], 'none'],
  ])('reads diff %j as listing %s changes', (extra, changes) => {
    expect(parseCliArgs(['diff', 'a.tar', 'b.tar', ...extra], cwd, {})).toMatchObject({ command: 'diff', changes });
  });

  it('refuses an unknown --changes', () => {
    expect(() => parseCliArgs(['diff', 'a.tar', 'b.tar', '--changes', 'some'], cwd, {})).toThrow('--changes takes all, content, none, not "some"');
  });

  it('reads diff of registry images with --insecure-registry (repeatable) and --platform', () => {
    const argv = ['diff', 'docker://reg.lan:5000/app:1', 'docker://reg.lan:5000/app:2', '--insecure-registry', 'reg.lan:5000', '--insecure-registry', 'other.lan', '--platform', 'linux/arm64'];
    expect(parseCliArgs(argv, cwd, {})).toMatchObject({ command: 'diff', a: 'docker://reg.lan:5000/app:1', registry: { insecure: ['reg.lan:5000', 'other.lan'], platform: 'linux/arm64' } });
  });

  it('returns help for every command', () => {
    expect(parseCliArgs([], cwd, {})).toMatchObject({ command: 'help' });
    expect(parseCliArgs(['build', '--help'], cwd, {})).toMatchObject({ command: 'help', text: expect.stringContaining('repro-check build [CONTEXT]') });
    expect(parseCliArgs(['diff', '-h'], cwd, {})).toMatchObject({ command: 'help', text: expect.stringContaining('repro-check diff IMAGE_A IMAGE_B') });
    expect(parseCliArgs(['--version'], cwd, {})).toEqual({ command: 'version' });
  });

  it.each([
    [['deploy'], 'unknown command "deploy"'],
    [['build', 'a', 'b'], 'build takes one CONTEXT, got 2'],
    [['build', '--colour'], "build: Unknown option '--colour'"],
    [['diff', 'one'], 'diff takes two images (IMAGE_A IMAGE_B), got 1'],
    [['build', '--variations', 'moon'], '--variations: unknown variation "moon"'],
  ])('rejects %j with a message naming the problem', (argv, message) => {
    expect(() => parseCliArgs(argv, cwd, {})).toThrow(InputError);
    expect(() => parseCliArgs(argv, cwd, {})).toThrow(message);
  });
});
