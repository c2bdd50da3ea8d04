import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driftShare, shareJob, type DriftRuleSettings, type NamedFile } from '../../src/check/drift-share.js';
import { driftShareInWorker, driftThreads, firstError, threadWeights, THREADS_FROM_BYTES } from '../../src/check/drift-threads.js';
import { ManifestFormatError } from '../../src/manifest/manifest-error.js';
import { writeMtree } from '../../src/manifest/mtree-writer.js';
import { splitShares, WHOLE } from '../../src/manifest/path-share.js';
import type { FileEntry } from '../../src/tree/file-entry.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
// The committed bundle: CI checks that it equals a fresh one before the tests run.
const cli = join(root, 'dist', 'cli.cjs');
const worker = join(root, 'dist', 'drift-worker.cjs');
const dir = mkdtempSync(join(tmpdir(), 'drift-threads-'));
const settings: DriftRuleSettings = { ignore: [], rules: [], defaultRules: true, clone: false };
let baseline: NamedFile;
let snapshot: NamedFile;
let broken: NamedFile;

/** Entries enough for manifests past the threshold: 60,000 files with long names and digests. */
function* entries(snapshotSide: boolean): Generator<FileEntry> {
  yield { path: '/', type: 'dir', mode: 0o755, uid: 0, gid: 0 };
  for (let i = 0; i < 60_000; i++) {
    if (snapshotSide && i % 97 === 0) continue;
    const changed = snapshotSide && i % 31 === 0;
    yield {
      path: `/srv/data/directory-${String(Math.floor(i / 100)).padStart(5, '0')}/file ${i}.dat`,
      type: 'file',
      mode: changed ? 0o600 : 0o644,
      uid: 1000,
      gid: 1000,
      size: 4096 + (i % 100),
      mtime: { sec: 1_700_000_000 + i, nsec: 0 },
      digest: 'sha256:' + (i % 16).toString(16).repeat(64),
    };
  }
}

async function writeManifest(name: string, side: boolean, damage?: (line: string) => string): Promise<NamedFile> {
  const path = join(dir, name);
  const out = createWriteStream(path);
  if (!damage) {
    await writeMtree(entries(side), out);
  } else {
    // A bad value on one line, late in the file.
    const { PassThrough } = await import('node:stream');
    const through = new PassThrough();
    const chunks: Buffer[] = [];
    through.on('data', (chunk: Buffer) => chunks.push(chunk));
    await writeMtree(entries(side), through);
    out.end(damage(Buffer.concat(chunks).toString('utf8')));
    await new Promise<void>((resolve) => out.on('close', () => resolve()));
  }
  return { path, name };
}

beforeAll(async () => {
  baseline = await writeManifest('baseline.mtree', false);
  snapshot = await writeManifest('snapshot.mtree', true);
  broken = await writeManifest('broken.mtree', true, (text) => text.replace('time=1700050054.', 'time=1700050054.x'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('drift on threads', () => {
  it('uses threads only for manifests past the threshold', () => {
    expect(driftThreads(THREADS_FROM_BYTES - 1)).toBe(1);
    expect(driftThreads(THREADS_FROM_BYTES)).toBe(Math.min(availableParallelism(), 4));
    expect(statSync(baseline.path).size + statSync(snapshot.path).size).toBeGreaterThan(THREADS_FROM_BYTES);
  });

  it('a share compared on the bundled worker thread is the share compared here', async () => {
    const job = shareJob(baseline, snapshot, settings, splitShares(threadWeights(2))[1]!);
    expect(await driftShareInWorker(worker, job)).toEqual(await driftShare(job));
  });

  it("the worker's error is raised here as the reader raised it there", async () => {
    const job = shareJob(baseline, broken, settings, WHOLE);
    const failure = (promise: Promise<unknown>) => promise.then(() => new Error('no error'), (error: unknown) => error as ManifestFormatError);
    const here = await failure(driftShare(job));
    const there = await failure(driftShareInWorker(worker, job));
    expect(here).toBeInstanceOf(ManifestFormatError);
    expect(there).toBeInstanceOf(ManifestFormatError);
    const fields = (error: Error) => [error.message, (error as ManifestFormatError).file, (error as ManifestFormatError).line];
    expect(fields(there)).toEqual(fields(here));
  });

  it('the first problem is the earliest line of the baseline, then of the snapshot', () => {
    const a = new ManifestFormatError('snap', 3, 'x');
    const b = new ManifestFormatError('base', 9, 'y');
    const c = new ManifestFormatError('base', 4, 'z');
    expect(firstError([a, b, c], 'base')).toBe(c);
    expect(firstError([a], 'base')).toBe(a);
    const other = new Error('other');
    expect(firstError([other, a], 'base')).toBe(a);
    expect(firstError([other], 'base')).toBe(other);
  });

  it('the bundled CLI compares big manifests on threads and reports what one thread finds', async () => {
    const whole = await driftShare(shareJob(baseline, snapshot, settings, WHOLE));
    expect(whole.counts.modified).toBeGreaterThan(1000);
    const result = await run(process.execPath, [cli, 'drift', '--baseline', baseline.path, '--snapshot', snapshot.path, '--json'], { maxBuffer: 256 * 1024 * 1024 }).catch(
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect('code' in result ? result.code : 0).toBe(1);
    const report = JSON.parse(result.stdout);
    expect({ ...report, baseline: 'baseline.mtree', snapshot: 'snapshot.mtree' }).toEqual(whole);
  });

  it('the bundled CLI names the bad line of a big manifest, exit 2', async () => {
    const error = await run(process.execPath, [cli, 'drift', '--baseline', baseline.path, '--snapshot', broken.path]).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(error?.code).toBe(2);
    expect(error?.stderr.trim()).toMatch(new RegExp(`^repro-check: ${broken.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: .*1700050054\\.x`));
  });
});
