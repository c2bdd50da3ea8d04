/**
 * Benchmark of drift on big manifests: writes two mtree manifests of one million entries each
 * (about 3% of entries differ: modified, added, removed), then reads both and compares them with
 * the default rules, printing the wall time of each phase and the peak resident set size.
 * Run: npx tsx bench/drift-bench.ts [ENTRIES]   (npm run bench:drift)
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareDrift } from '../src/drift/drift-compare.js';
import { buildRules } from '../src/drift/rule-set.js';
import { writeMtree } from '../src/manifest/mtree-writer.js';
import { readManifest } from '../src/manifest/read-manifest.js';
import type { FileEntry } from '../src/tree/file-entry.js';

const total = Number(process.argv[2] ?? 1_000_000);
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
function* entries(snapshot: boolean): Generator<FileEntry> {
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

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'drift-bench-'));
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const baselinePath = join(dir, 'baseline.mtree');
    const snapshotPath = join(dir, 'snapshot.mtree');
    let t = performance.now();
    await writeMtree(entries(false), createWriteStream(baselinePath));
    await writeMtree(entries(true), createWriteStream(snapshotPath));
    const sizes = [(await stat(baselinePath)).size, (await stat(snapshotPath)).size].map((b) => `${(b / 1e6).toFixed(0)} MB`);
    console.log(`generated two manifests (${sizes.join(', ')}) in ${((performance.now() - t) / 1000).toFixed(2)} s`);
    peak = process.memoryUsage().rss;
    t = performance.now();
    const [baseline, snapshot] = await Promise.all([
      readManifest(createReadStream(baselinePath), 'baseline.mtree'),
      readManifest(createReadStream(snapshotPath), 'snapshot.mtree'),
    ]);
    const read = performance.now() - t;
    const report = compareDrift(baseline, snapshot, { rules: buildRules({ defaults: true, files: [], ignore: [] }), clone: false, baselineName: 'baseline', snapshotName: 'snapshot' });
    const total = performance.now() - t;
    peak = Math.max(peak, process.memoryUsage().rss);
    const c = report.counts;
    console.log(`entries: ${c.baselineEntries} baseline, ${c.snapshotEntries} snapshot`);
    console.log(`changes: ${c.added} added, ${c.removed} removed, ${c.modified} modified, ${c.ignored} ignored by rules`);
    console.log(`read both: ${(read / 1000).toFixed(2)} s; compare: ${((total - read) / 1000).toFixed(2)} s; read + compare: ${(total / 1000).toFixed(2)} s`);
    console.log(`peak RSS: ${(peak / 1024 / 1024).toFixed(0)} MiB`);
  } finally {
    clearInterval(sampler);
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
