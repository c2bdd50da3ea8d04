import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getInputs } from '../../src/action/inputs.js';
import { InputError } from '../../src/settings.js';

const DIGEST = 'sha256:' + 'cd'.repeat(32);
let workspace: string;
const set: string[] = [];

/** Sets an action input the way the runner passes it: INPUT_<NAME> in the environment. */
function input(name: string, value: string): void {
  const key = `INPUT_${name.toUpperCase()}`;
  process.env[key] = value;
  set.push(key);
}

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'repro-check-inputs-'));
  await writeFile(join(workspace, 'pairs.txt'), 'a.tar b.tar\n# comment\nimg:1 img:2\n');
  await writeFile(join(workspace, 'images.txt'), `ghcr.io/o/app@${DIGEST} app\n`);
});

afterEach(() => {
  for (const key of set.splice(0)) delete process.env[key];
});

afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe('action inputs of many images and buildx builders', () => {
  const env = () => ({ GITHUB_WORKSPACE: workspace, RUNNER_TEMP: '/runner/temp' });

  it('reads builder-name as building through buildx', () => {
    input('builder-name', 'cluster');
    expect(getInputs(env()).settings).toMatchObject({ builder: 'buildx', buildxBuilder: 'cluster' });
  });

  it('reads diff-pairs into a plan, its reports under RUNNER_TEMP by default', () => {
    input('diff-pairs', 'pairs.txt');
    input('level', 'content');
    expect(getInputs(env()).pairs).toEqual({
      plan: {
        kind: 'diff',
        pairs: [
          { line: 1, a: 'a.tar', b: 'b.tar', baseDir: workspace },
          { line: 3, a: 'img:1', b: 'img:2', baseDir: workspace },
        ],
        level: 'content',
        changes: 'content',
        registry: { insecure: [] },
      },
      reportDir: '/runner/temp/repro-check-reports',
    });
  });

  it('reads verify-pairs with the shared settings, source-date-epoch from-image included', () => {
    input('verify-pairs', 'images.txt');
    input('source-date-epoch', 'from-image');
    input('report', 'out');
    input('build-args', 'A=1');
    expect(getInputs(env()).pairs).toEqual({
      plan: { kind: 'verify', pairs: [{ line: 1, image: `ghcr.io/o/app@${DIGEST}`, context: join(workspace, 'app'), dockerfile: join(workspace, 'app', 'Dockerfile'), buildArgs: { A: '1' }, secretBuildArgs: {}, sourceDateEpoch: { mode: 'from-image' }, level: 'strict', insecure: [] }] },
      reportDir: join(workspace, 'out'),
    });
  });

  it('reads merge-reports, one path a line', () => {
    input('merge-reports', 'reports\nextra/one.json\n');
    expect(getInputs(env()).merge).toEqual([
      { path: join(workspace, 'reports'), name: 'reports' },
      { path: join(workspace, 'extra', 'one.json'), name: 'extra/one.json' },
    ]);
  });

  it('refuses both kinds of pairs at once, and a missing file', () => {
    input('diff-pairs', 'pairs.txt');
    input('verify-pairs', 'images.txt');
    expect(() => getInputs(env())).toThrow(new InputError('diff-pairs and verify-pairs are two kinds of run: give one'));
    delete process.env['INPUT_VERIFY-PAIRS'];
    input('diff-pairs', 'absent.txt');
    expect(() => getInputs(env())).toThrow(new InputError('diff-pairs absent.txt: no such file'));
  });
});
