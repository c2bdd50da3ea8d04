/**
 * Benchmark of drift on big manifests: writes two manifests of one million entries each (about 3%
 * of entries differ: modified, added, removed) as mtree and as JSON, then for each format runs the
 * bundled CLI (`node dist/cli.cjs drift … --report FILE`, as users run it: threads for big
 * manifests, the JSON report written) several times and prints the median wall time and the peak
 * resident set size; then, for reference, the same comparison on one thread in a process of its own.
 * The mtree figures come first, in the lines bench/drift-run.ts picks out.
 * Run: npm run bundle && npx tsx bench/drift-bench.ts [ENTRIES]   (npm run bench:drift)
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { access, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { driftShare, shareJob } from '../src/check/drift-share.js';
import type { DriftReport } from '../src/drift/drift-report.js';
import { writeJsonManifest } from '../src/manifest/json-manifest-writer.js';
import { writeMtree } from '../src/manifest/mtree-writer.js';
import { WHOLE } from '../src/manifest/path-share.js';
import type { FileEntry } from '../src/tree/file-entry.js';
import { median, requireGnuTime, run } from './measure.js';

const FILES_PER_DIR = 50;

/** A deterministic pseudo-random hex digest for entry i, variant v. */
function digest(i: number, v: number): string {
  let x = (i * 2654435761 + v * 40503) >>> 0;
  let hex = '';
  for (let k = 0; k < 8; k++) {
    x = (x * 1103515245 + 12345) >>> 0;
    hex += x.toString(16).padStart(8, '0');
  }
  return hex;
}

/**
 * The entries of one side; `snapshot` changes every 50th file, drops every 200th and adds some.
 * One name in twenty has a space (escaped as `\040`), as real file systems have a few.
 */
function* entries(snapshot: boolean, total: number): Generator<FileEntry> {
  yield { path: '/', type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: { sec: 1_700_000_000, nsec: 0 } };
  const dirs = Math.ceil(total / (FILES_PER_DIR + 1));
  let written = 1;
  for (let d = 0; d < dirs && written < total; d++) {
    const dir = `/srv/data/d${String(d).padStart(6, '0')}`;
    yield { path: dir, type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: { sec: 1_700_000_000 + (snapshot ? d % 7 : 0), nsec: 0 } };
    written++;
    for (let f = 0; f < FILES_PER_DIR && written < total; f++, written++) {
      const i = d * FILES_PER_DIR + f;
      if (snapshot && i % 200 === 199) continue;
      const changed = snapshot && i % 50 === 0;
      yield {
        path: i % 20 === 0 ? `${dir}/file ${i}.dat` : `${dir}/file-${i}.dat`,
        type: 'file',
        mode: 0o644,
        uid: 1000,
        gid: 1000,
        size: 4096 + (i % 1000),
        mtime: { sec: 1_700_000_000 + i, nsec: (i * 7919) % 1_000_000_000 },
        digest: 'sha256:' + digest(i, changed ? 1 : 0),
      };
      if (snapshot && i % 100 === 0) yield { path: `${dir}/new ${i}.tmp`, type: 'file', mode: 0o600, uid: 0, gid: 0, size: 1, mtime: { sec: 1, nsec: 0 }, digest: 'sha256:' + digest(i, 2) };
    }
  }
}

const FORMATS = [
  { name: 'mtree', extension: 'mtree', write: writeMtree },
  { name: 'JSON', extension: 'json', write: writeJsonManifest },
] as const;

/** Compares the pair of one format in `dir` on one thread, printing the figures (run in a child process). */
async function measure(dir: string, extension: string, label: string): Promise<void> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const t = performance.now();
    const file = (side: string) => ({ path: join(dir, `${side}.${extension}`), name: `${side}.${extension}` });
    const report = await driftShare(shareJob(file('baseline'), file('snapshot'), { ignore: [], rules: [], defaultRules: true, clone: false }, WHOLE));
    const all = performance.now() - t;
    peak = Math.max(peak, process.memoryUsage().rss);
    const c = report.counts;
    console.log(`${label}one thread, in process (${c.baselineEntries} + ${c.snapshotEntries} entries): read and compared in ${(all / 1000).toFixed(2)} s; peak ${(peak / 1024 / 1024).toFixed(0)} MiB`);
  } finally {
    clearInterval(sampler);
  }
}

const CLI = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
const RUNS = 3;

/** Runs the bundled CLI on the pair of one format in `dir`, RUNS times, and prints the figures. */
async function measureCli(dir: string, extension: string, label: string): Promise<void> {
  const report = join(dir, 'report.json');
  const args = [CLI, 'drift', '--baseline', join(dir, `baseline.${extension}`), '--snapshot', join(dir, `snapshot.${extension}`), '--report', report, '--quiet'];
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await run(process.execPath, args, { okCodes: [1], rss: true }));
  const c = (JSON.parse(await readFile(report, 'utf8')) as DriftReport).counts;
  console.log(`${label}entries: ${c.baselineEntries} baseline, ${c.snapshotEntries} snapshot`);
  console.log(`${label}changes: ${c.added} added, ${c.removed} removed, ${c.modified} modified, ${c.ignored} ignored by rules`);
  const walls = runs.map((r) => r.wallMs / 1000);
  console.log(`${label}read + compare: ${median(walls).toFixed(2)} s (bundled CLI, report written; median of ${RUNS}: ${walls.map((w) => w.toFixed(2)).join(', ')} s)`);
  console.log(`${label}peak RSS: ${Math.max(...runs.map((r) => r.maxRssKiB ?? 0)) >> 10} MiB`);
}

async function main(total: number): Promise<void> {
  await requireGnuTime();
  await access(CLI).catch(() => {
    throw new Error(`${CLI} is missing: npm run bundle first`);
  });
  const dir = await mkdtemp(join(tmpdir(), 'drift-bench-'));
  try {
    const sizes: string[] = [];
    const t = performance.now();
    for (const format of FORMATS) {
      for (const [side, snapshot] of [['baseline', false], ['snapshot', true]] as const) {
        const path = join(dir, `${side}.${format.extension}`);
        await format.write(entries(snapshot, total), createWriteStream(path));
        sizes.push(`${format.name} ${((await stat(path)).size / 1e6).toFixed(0)} MB`);
      }
    }
    console.log(`generated the manifests (${sizes.join(', ')}) in ${((performance.now() - t) / 1000).toFixed(2)} s`);
    for (const format of FORMATS) await measureCli(dir, format.extension, format.name === 'mtree' ? '' : `${format.name}: `);
    for (const format of FORMATS) {
      // The same node, with tsx's loader as this process was started.
      const script = fileURLToPath(import.meta.url);
      const child = spawnSync(process.execPath, [...process.execArgv, script, '--measure', dir, format.extension, `${format.name}: `], { stdio: 'inherit' });
      if (child.status !== 0) throw new Error(`measuring the ${format.name} pair failed (exit ${child.status ?? child.signal})`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--measure') await measure(process.argv[3]!, process.argv[4]!, process.argv[5] ?? '');
else await main(Number(process.argv[2] ?? 1_000_000));
