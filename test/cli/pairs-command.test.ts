import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import { parseCliArgs } from '../../src/cli/args.js';
import { runCli } from '../../src/cli/cli-main.js';
import Docker from 'dockerode';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { InputError } from '../../src/settings.js';
import { recordingIo } from './cli-io.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'save');
const DIGEST = 'sha256:' + 'ab'.repeat(32);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'repro-check-pairs-'));
  await mkdir(join(dir, 'images'));
  await mkdir(join(dir, 'app'));
  for (const name of ['legacy.tar.gz', 'oci-graphdriver.tar.gz']) await copyFile(join(FIXTURES, name), join(dir, 'images', name));
  // Paths in the file are taken from its own directory, not the working directory.
  await writeFile(join(dir, 'images', 'pairs.txt'), '# built on two engines: differ\nlegacy.tar.gz oci-graphdriver.tar.gz\n\n# one archive with itself: the same\nlegacy.tar.gz legacy.tar.gz  # same\n# no such image, and this test has no engine\nmissing.tar nosuch:tag\n');
  await writeFile(join(dir, 'verify.txt'), `reg.example/app@${DIGEST} app\nreg.example/tool@${DIGEST}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('diff --pairs and verify --pairs arguments', () => {
  it('reads the pairs once, with the options every pair shares', () => {
    const parsed = parseCliArgs(['diff', '--pairs', 'images/pairs.txt', '--level', 'content', '--changes', 'none', '--report', 'out', '--timeout', '60'], dir, {});
    expect(parsed).toEqual({
      command: 'pairs',
      kind: 'diff',
      file: 'images/pairs.txt',
      pairs: [
        { line: 2, a: 'legacy.tar.gz', b: 'oci-graphdriver.tar.gz', baseDir: join(dir, 'images') },
        { line: 5, a: 'legacy.tar.gz', b: 'legacy.tar.gz', baseDir: join(dir, 'images') },
        { line: 7, a: 'missing.tar', b: 'nosuch:tag', baseDir: join(dir, 'images') },
      ],
      level: 'content',
      changes: 'none',
      registry: { insecure: [] },
      reportDir: join(dir, 'out'),
      output: { json: false, quiet: false, debug: false, timeoutSeconds: 60 },
    });
  });

  it('makes every verify line a full set of settings', () => {
    const parsed = parseCliArgs(['verify', '--pairs', 'verify.txt', '--build-arg', 'A=1', '--source-date-epoch', 'from-image', '--insecure-registry', 'reg.example'], dir, {});
    expect(parsed).toMatchObject({ command: 'pairs', kind: 'verify' });
    expect(parsed.command === 'pairs' && parsed.kind === 'verify' && parsed.pairs).toEqual([
      { line: 1, image: `reg.example/app@${DIGEST}`, context: join(dir, 'app'), dockerfile: join(dir, 'app', 'Dockerfile'), buildArgs: { A: '1' }, sourceDateEpoch: { mode: 'from-image' }, level: 'strict', insecure: ['reg.example'] },
      { line: 2, image: `reg.example/tool@${DIGEST}`, context: dir, dockerfile: join(dir, 'Dockerfile'), buildArgs: { A: '1' }, sourceDateEpoch: { mode: 'from-image' }, level: 'strict', insecure: ['reg.example'] },
    ]);
  });

  test.each([
    [['diff', 'a', '--pairs', 'images/pairs.txt'], 'diff --pairs FILE takes its images from FILE, not from the command line (got a)'],
    [['diff', '--pairs', 'images/pairs.txt', '--sarif', 'x.sarif', '--html', 'x.html'], '--pairs writes one report per pair into the --report directory; --sarif, --html name one file and cannot be used with it'],
    [['verify', '--pairs', 'verify.txt', '-f', 'Dockerfile.prod'], '--pairs writes one report per pair into the --report directory; --file names one file and cannot be used with it'],
    [['diff', '--pairs', 'nothing.txt'], '--pairs nothing.txt: no such file'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArgs(argv, dir, {})).toThrow(new InputError(message));
  });
});

describe('diff --pairs over docker save archives', () => {
  it('runs every pair, writes a report each and summary.json, prints one table, and exits with the worst status', async () => {
    const io = recordingIo(dir);
    const status = await runCli(['diff', '--pairs', join('images', 'pairs.txt'), '--report', 'out'], io);
    // The missing image fails (this test has no engine): exit 2, the worst, and the other pairs still ran.
    expect(status).toBe(2);
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(['01-legacy.tar.gz-vs-oci-graphdriver.tar.gz.json', '02-legacy.tar.gz-vs-legacy.tar.gz.json', 'summary.json']);
    const same = JSON.parse(await readFile(join(dir, 'out', '02-legacy.tar.gz-vs-legacy.tar.gz.json'), 'utf8'));
    expect(same).toMatchObject({ schemaVersion: 1, command: 'diff', reproducible: true, verdicts: { strict: true, layers: true, content: true }, counts: { changes: 0 } });
    const summary = JSON.parse(await readFile(join(dir, 'out', 'summary.json'), 'utf8'));
    expect(summary.rows.map((row: { exitStatus: number; report: string | null }) => [row.exitStatus, row.report])).toEqual([
      [1, '01-legacy.tar.gz-vs-oci-graphdriver.tar.gz.json'],
      [0, '02-legacy.tar.gz-vs-legacy.tar.gz.json'],
      [2, null],
    ]);
    expect(summary.rows[2].error).toBe('this test has no engine (run with --debug for details)');
    const table = io.out.join('').split('\n');
    expect(table[0]).toMatch(/^#\s+A\s+B\s+strict\s+layers\s+content\s+changes\s+causes\s+time\s+result$/);
    expect(table[1]).toMatch(/^1\s+legacy\.tar\.gz\s+oci-graphdriver\.tar\.gz\s+DIFFERS\s+DIFFERS\s+DIFFERS\s+\d+\s+\d+\s+\d+\.\d s\s+NOT reproducible at strict$/);
    expect(table[2]).toMatch(/^2\s+legacy\.tar\.gz\s+legacy\.tar\.gz\s+same\s+same\s+same\s+0\s+0\s+\d+\.\d s\s+reproducible at strict$/);
    expect(table[3]).toMatch(/^3\s+missing\.tar\s+nosuch:tag\s+-\s+-\s+-\s+-\s+-\s+\d+\.\d s\s+error: this test has no engine/);
    expect(table).toContain('3 pairs: 1 reproducible, 1 not reproducible or not verified, 1 failed; exit status 2');
    expect(io.err.join('')).toContain('[3/3] failed: this test has no engine');
  });

  it('prints summary.json with --json, and nothing with --quiet', async () => {
    const json = recordingIo(dir);
    expect(await runCli(['diff', '--pairs', join('images', 'pairs.txt'), '--json'], json)).toBe(2);
    expect(JSON.parse(json.out.join(''))).toMatchObject({ kind: 'repro-check-summary', source: 'diff', exitStatus: 2 });
    expect(json.err).toEqual([]);
    const quiet = recordingIo(dir);
    await runCli(['diff', '--pairs', join('images', 'pairs.txt'), '-q'], quiet);
    expect(quiet.out).toEqual([]);
  });
});

describe('verify --pairs', () => {
  it('verifies every line, one failing image not stopping the next, and exits with the worst status', async () => {
    await writeFile(join(dir, 'app', 'Dockerfile'), 'FROM scratch\n');
    // Port 1 on the loopback: nothing answers, so each published image fails to read, quickly and offline.
    await writeFile(join(dir, 'offline.txt'), `127.0.0.1:1/app@${DIGEST} app\n127.0.0.1:1/tool@${DIGEST} app\n`);
    const io = recordingIo(dir);
    // An engine that is never reached: reading the published image fails first.
    io.engine = () => new DockerEngine(new Docker({ socketPath: join(dir, 'no-engine.sock') }));
    expect(await runCli(['verify', '--pairs', 'offline.txt', '--report', 'verified', '--json'], io)).toBe(2);
    const summary = JSON.parse(io.out.join(''));
    expect(summary).toMatchObject({ kind: 'repro-check-summary', source: 'verify', exitStatus: 2 });
    expect(summary.rows.map((row: { a: string; b: string; exitStatus: number; report: string | null }) => [row.a, row.b, row.exitStatus, row.report])).toEqual([
      [`127.0.0.1:1/app@${DIGEST}`, join(dir, 'app'), 2, null],
      [`127.0.0.1:1/tool@${DIGEST}`, join(dir, 'app'), 2, null],
    ]);
    expect(summary.rows[0].error).toContain('127.0.0.1:1');
    expect(await readdir(join(dir, 'verified'))).toEqual(['summary.json']);
  });
});
