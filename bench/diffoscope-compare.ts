/**
 * diffoscope (Debian's package) on the two images of the main pair. diffoscope cannot pair the
 * layers of two `docker save` archives itself (their blobs are named by digest, so every differing
 * layer is "removed" on one side and "added" on the other), so both archives are unpacked and each
 * image becomes a directory of `config.json` and `layer-<position>.tar`. diffoscope then compares
 * the layer tars pair by pair, member by member; the paths it reports (members with a content
 * difference, and lines of a tar's file list that differ in mode, owner, size or time) are checked
 * against the changes in repro-check's report.
 */
import { mkdir, mkdtemp, readFile, rm, link, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BuiltPair } from './bench-images.js';
import { median, run } from './measure.js';
import type { ReportedChange } from './pair-bench.js';

export interface DiffoscopeResult {
  pair: string;
  version: string;
  /** Saving and unpacking both images, not counted in diffoscope's time. */
  normaliseMs: number;
  /** The median of `diffoscopeRunsMs`. */
  diffoscopeMs: number;
  /** Every run of diffoscope on the pair, in order. */
  diffoscopeRunsMs: number[];
  /** repro-check's median full diff on the same pair. */
  reproCheckMs: number;
  speedRatio: number;
  /** `layer-<n>:<path>` of every differing path diffoscope reports, sorted. */
  paths: string[];
  configDiffers: boolean;
  agreement: { same: boolean; onlyDiffoscope: string[]; onlyReproCheck: string[] };
}

/**
 * Runs of diffoscope, of which the median counts: its time varied from 51 to 79 s between runs on
 * the benchmark's machine, more than any other figure, and one run decided the ratio.
 */
export const DIFFOSCOPE_RUNS = 3;

/** One node of diffoscope's JSON output. */
interface DiffNode {
  source1: string;
  source2: string;
  unified_diff?: string | null;
  details?: DiffNode[];
}

/** A line of diffoscope's tar file list: `-rw-r--r--   0   0   0   12054 2023-11-14 22:13:20.000000 data/x`. */
const LISTING = /^[-+][-dlcbps][-rwxsStT]{9}\s+\S+\s+\S+\s+\S+\s+\d+\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?\s(.*)$/;

/** Differing paths of one layer tar's node: members with details, and changed lines of its file list. */
function layerPaths(node: DiffNode): string[] {
  const paths = new Set<string>();
  for (const child of node.details ?? []) {
    if (child.source1 === 'file list') {
      for (const line of (child.unified_diff ?? '').split('\n')) {
        const match = LISTING.exec(line);
        if (match) paths.add(match[1]!.replace(/ -> .*$/, ''));
      }
    } else paths.add(child.source1);
  }
  return [...paths].map((p) => '/' + p.replace(/^\.?\//, '').replace(/\/$/, ''));
}

/** Every differing path of diffoscope's JSON report, as `layer-<n>:<path>`. */
export function diffoscopePaths(report: DiffNode): { paths: string[]; configDiffers: boolean } {
  const paths: string[] = [];
  let configDiffers = false;
  for (const child of report.details ?? []) {
    const name = child.source1.split('/').pop() ?? '';
    const layer = /^layer-(\d+)\.tar$/.exec(name);
    if (layer) paths.push(...layerPaths(child).map((p) => `layer-${layer[1]}:${p}`));
    else if (name === 'config.json') configDiffers = true;
  }
  return { paths: paths.sort(), configDiffers };
}

/** Saves an image and lays it out as `config.json` and `layer-<n>.tar` in `into`. */
async function normalise(tag: string, work: string, into: string): Promise<void> {
  await mkdir(work);
  await mkdir(into);
  await run('bash', ['-c', 'docker save "$0" | tar -x -C "$1"', tag, work]);
  const manifest = JSON.parse(await readFile(join(work, 'manifest.json'), 'utf8')) as { Config: string; Layers: string[] }[];
  const image = manifest[0]!;
  await copyFile(join(work, image.Config), join(into, 'config.json'));
  for (const [i, layer] of image.Layers.entries()) await link(join(work, layer), join(into, `layer-${i}.tar`));
}

export async function runDiffoscope(pair: BuiltPair, changes: ReportedChange[], reproCheckMs: number, log: (line: string) => void): Promise<DiffoscopeResult | { skipped: string }> {
  const version = await run('diffoscope', ['--version'], { allowFailure: true }).catch(() => null);
  if (!version || version.exitCode !== 0) return { skipped: 'diffoscope is not installed (apt-get install -y --no-install-recommends diffoscope)' };
  const dir = await mkdtemp(join(tmpdir(), 'repro-check-bench-diffoscope-'));
  try {
    let started = performance.now();
    await Promise.all([normalise(pair.a, join(dir, 'save-a'), join(dir, 'a')), normalise(pair.b, join(dir, 'save-b'), join(dir, 'b'))]);
    const normaliseMs = performance.now() - started;
    log(`  diffoscope: both images unpacked in ${(normaliseMs / 1000).toFixed(1)} s; comparing…`);
    const out = join(dir, 'diffoscope.json');
    const diffoscopeRunsMs: number[] = [];
    let found: { paths: string[]; configDiffers: boolean } | undefined;
    for (let i = 0; i < DIFFOSCOPE_RUNS; i++) {
      started = performance.now();
      // Exit status 1 means "differences found".
      await run('diffoscope', ['--exclude-directory-metadata=yes', '--json', out, join(dir, 'a'), join(dir, 'b')], { okCodes: [1], cwd: dir });
      diffoscopeRunsMs.push(performance.now() - started);
      log(`  diffoscope run ${i + 1}/${DIFFOSCOPE_RUNS}: ${(diffoscopeRunsMs.at(-1)! / 1000).toFixed(1)} s`);
      const reported = diffoscopePaths(JSON.parse(await readFile(out, 'utf8')) as DiffNode);
      if (found && found.paths.join('\n') !== reported.paths.join('\n')) throw new Error('diffoscope reported other paths in another run of the same pair');
      found = reported;
    }
    const diffoscopeMs = median(diffoscopeRunsMs);
    const { paths, configDiffers } = found!;
    const ours = [...new Set(changes.map((c) => `layer-${c.layer}:${c.path}`))].sort();
    const theirs = new Set(paths);
    const onlyDiffoscope = paths.filter((p) => !ours.includes(p));
    const onlyReproCheck = ours.filter((p) => !theirs.has(p));
    return {
      pair: pair.spec.name,
      version: version.stdout.trim().replace(/^diffoscope\s*/, ''),
      normaliseMs,
      diffoscopeMs,
      diffoscopeRunsMs,
      reproCheckMs,
      speedRatio: diffoscopeMs / reproCheckMs,
      paths,
      configDiffers,
      agreement: { same: onlyDiffoscope.length === 0 && onlyReproCheck.length === 0, onlyDiffoscope, onlyReproCheck },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
