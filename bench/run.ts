/**
 * `npm run bench`: repro-check's speed and memory on the real engine, against the floor of reading
 * both images once, concurrently (issue 7). See bench-options.ts for the command line and
 * docs/performance.md for the results and how to read them.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureBase, ensurePair, makeContext, type BuiltPair } from './bench-images.js';
import { BENCH_HELP, DEFAULT_OUT_DIR, parseBenchArgs, type BenchOptions } from './bench-options.js';
import { checkTargets, entriesOf, fitOf, type BenchResults } from './bench-results.js';
import { COUNT_SCALING, GZIP_MTIME_PAIR, MAIN_PAIR, MTIME_PAIR, REGISTRY_PAIR, QUICK_COUNT_SCALING, QUICK_SIZE_SCALING, SIZE_SCALING } from './bench-sets.js';
import { benchBuildOrder } from './build-order.js';
import { runDiffoscope } from './diffoscope-compare.js';
import { runDriftBench } from './drift-run.js';
import { describeMachine, machineLine } from './machine.js';
import { requireGnuTime, run } from './measure.js';
import { benchPair, CLI, type PairResult } from './pair-bench.js';
import { updateReadme } from './readme-results.js';
import { resultsMarkdown, resultsText } from './results-table.js';

const log = (line: string) => console.log(line);
const TSX = new URL('../node_modules/.bin/tsx', import.meta.url).pathname;

/** The bundle must exist and be newer than the sources it is built from, or the figures are not repro-check's. */
async function checkBundle(): Promise<void> {
  const bundle = await stat(CLI).catch(() => null);
  if (!bundle) throw new Error(`${CLI} does not exist: run npm run bundle first`);
  const src = new URL('../src/', import.meta.url).pathname;
  const files = await readdir(src, { recursive: true });
  for (const file of files) {
    const info = await stat(join(src, file));
    if (info.isFile() && info.mtimeMs > bundle.mtimeMs) log(`warning: src/${file} is newer than dist/cli.cjs; run npm run bundle for figures of the current code`);
  }
}

async function main(options: BenchOptions): Promise<void> {
  await requireGnuTime();
  await checkBundle();
  const machine = await describeMachine();
  log(`machine: ${machineLine(machine)}`);
  const started = performance.now();

  const only = options.only;
  const pick = (set: typeof SIZE_SCALING) => (only ? set.filter((spec) => only.includes(spec.name)) : set);
  const sizeSet = pick(options.quick ? QUICK_SIZE_SCALING : SIZE_SCALING);
  const countSet = pick(options.quick ? QUICK_COUNT_SCALING : COUNT_SCALING);
  // Issue 16: the pairs users have, every mtime differing, as the engine and as the containerd store save them.
  // Issue 15: the main pair read from a local registry, as verify reads a published image and its rebuild.
  const specs = pick([MAIN_PAIR, MTIME_PAIR, GZIP_MTIME_PAIR, REGISTRY_PAIR, ...sizeSet, ...countSet]).filter((spec, i, all) => all.findIndex((s) => s.name === spec.name) === i);
  const unknown = (only ?? []).filter((name) => !specs.some((spec) => spec.name === name));
  if (unknown.length > 0) throw new Error(`--only: no pair named ${unknown.join(', ')}`);
  const context = await makeContext();
  const pairs = new Map<string, BuiltPair>();
  const results: PairResult[] = [];
  try {
    await ensureBase(context, log);
    for (const spec of specs) pairs.set(spec.name, await ensurePair(spec, context, log));
    log(`images ready after ${((performance.now() - started) / 1000).toFixed(0)} s`);

    for (const spec of specs) {
      const runs = spec === MAIN_PAIR || spec === MTIME_PAIR || spec === GZIP_MTIME_PAIR || spec === REGISTRY_PAIR || only ? options.runs : Math.max(3, Math.min(options.runs, 3));
      log(`measuring ${spec.name} (${runs} runs)`);
      results.push(await benchPair(pairs.get(spec.name)!, runs, log));
    }
    const byName = new Map(results.map((r) => [r.name, r]));
    const sizePairs = sizeSet.map((s) => byName.get(s.name)!);
    const countPairs = countSet.map((s) => byName.get(s.name)!);
    const memoryFit = fitOf(countPairs, entriesOf, (p) => p.median.rssMiB * 2 ** 20);
    const at250MB = byName.get(MAIN_PAIR.name)?.median.rssMiB;
    const at1GB = byName.get(SIZE_SCALING[2]!.name)?.median.rssMiB;

    const main = byName.get(MAIN_PAIR.name);
    const diffoscope = options.diffoscope && main ? await runDiffoscope(pairs.get(MAIN_PAIR.name)!, main.changes, main.median.reproCheckMs, log) : { skipped: 'not asked for (--quick or --no-diffoscope)' };
    const builds = options.builds ? await benchBuildOrder(context, MAIN_PAIR, 3, log) : { skipped: 'not asked for (--quick or --no-builds)' };
    if (options.drift) log('running bench/drift-bench.ts');
    const drift = options.drift ? await runDriftBench() : { skipped: 'not asked for (--quick or --no-drift)' };
    // Directory manifests against AIDE and bsdtar (issue 19): printed, not kept in results.json.
    if (options.drift) {
      log('running bench/dir-bench.ts');
      const dir = await run(TSX, [new URL('./dir-bench.ts', import.meta.url).pathname], { allowFailure: true });
      for (const line of (dir.stdout + dir.stderr).trim().split('\n')) log(`  ${line}`);
    }

    const partial: Omit<BenchResults, 'targets'> = {
      machine,
      options: { quick: options.quick, runs: options.runs, ...(only ? { only } : {}) },
      pairs: results,
      scaling: {
        size: sizePairs.map((p) => p.name),
        count: countPairs.map((p) => p.name),
        sizeFit: fitOf(sizePairs, (p) => p.bytes / 1e9, (p) => p.median.reproCheckMs),
        countFit: fitOf(countPairs, (p) => p.files / 1000, (p) => p.median.reproCheckMs),
      },
      memory: {
        bytesPerEntry: memoryFit.slope,
        fit: memoryFit,
        ...(countPairs.length >= 2 ? { marginalBytesPerEntry: fitOf(countPairs.slice(-2), entriesOf, (p) => p.median.rssMiB * 2 ** 20).slope } : {}),
        ...(at1GB === undefined || at250MB === undefined ? {} : { at250MB, at1GB, spread: Math.max(at250MB, at1GB) / Math.min(at250MB, at1GB) }),
      },
      diffoscope,
      builds,
      drift,
    };
    const full: BenchResults = options.merge ? await mergeInto(options.outDir, results) : { ...partial, targets: checkTargets(partial) };
    await mkdir(options.outDir, { recursive: true });
    await writeFile(join(options.outDir, 'results.json'), JSON.stringify(full, null, 2) + '\n');
    await writeFile(join(options.outDir, 'results.md'), resultsMarkdown(full));
    // Only a full run speaks for the project: a quick one, or one written elsewhere, leaves the README alone.
    const readme = new URL('../README.md', import.meta.url).pathname;
    if (!options.quick && (!only || options.merge) && options.outDir === DEFAULT_OUT_DIR) await updateReadme(readme, resultsMarkdown(full));
    log('');
    log(resultsText(full));
    log(`\nwrote ${join(options.outDir, 'results.json')} and results.md in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
  } finally {
    await context.dispose();
  }
}

/** The results in `outDir` with `measured` put in (a pair of the same name replaced), targets checked again. */
async function mergeInto(outDir: string, measured: PairResult[]): Promise<BenchResults> {
  const previous = JSON.parse(await readFile(join(outDir, 'results.json'), 'utf8')) as BenchResults;
  const pairs = previous.pairs.map((pair) => measured.find((m) => m.name === pair.name) ?? pair);
  // A new pair goes after the main pair's variants (250MB-12k…), where a full run measures it.
  const at = pairs.reduce((last, pair, index) => (pair.name.startsWith(MAIN_PAIR.name) ? index + 1 : last), 0);
  pairs.splice(at, 0, ...measured.filter((m) => !previous.pairs.some((pair) => pair.name === m.name)));
  const merged: Omit<BenchResults, 'targets'> = { ...previous, pairs };
  return { ...merged, targets: checkTargets(merged) };
}

const parsed = parseBenchArgs(process.argv.slice(2));
if (parsed === 'help') process.stdout.write(BENCH_HELP);
else {
  await main(parsed).catch((error: unknown) => {
    console.error(`bench: ${(error as Error).message}`);
    process.exitCode = 1;
  });
}
