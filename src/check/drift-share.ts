import { readFile, stat } from 'node:fs/promises';
import { compareDrift } from '../drift/drift-compare.js';
import type { DriftReport } from '../drift/drift-report.js';
import { EqualSieve, SieveGaveUp } from '../drift/equal-sieve.js';
import { cloneKeeps } from '../drift/identity-files.js';
import { buildRules } from '../drift/rule-set.js';
import { LineArena } from '../manifest/line-arena.js';
import { readManifestFileShare } from '../manifest/read-manifest.js';
import { isWhole, shareFraction, type PathShare, type ShareReading } from '../manifest/path-share.js';
import { InputError } from '../settings.js';
import type { FileEntry, FileTree } from '../tree/file-entry.js';

/** A manifest file, with the name messages and reports give it. */
export interface NamedFile {
  path: string;
  name: string;
}

/** Which rules a drift check applies. */
export interface DriftRuleSettings {
  /** `ignore GLOB` for every change under each glob. */
  ignore: string[];
  /** Rules files, in order. */
  rules: NamedFile[];
  defaultRules: boolean;
  /** The snapshot is a clone of the baseline machine: shared identity files are hazards. */
  clone: boolean;
}

/**
 * One share of the paths of a drift check between two manifest files: plain data, so that a worker
 * thread can be handed it (see drift-threads.ts).
 */
export interface DriftShareJob {
  baseline: NamedFile;
  snapshot: NamedFile;
  settings: DriftRuleSettings;
  share: PathShare;
}

/** The job's settings and nothing else: the CLI passes its whole parsed command as settings. */
export function shareJob(baseline: NamedFile, snapshot: NamedFile, settings: DriftRuleSettings, share: PathShare): DriftShareJob {
  const file = (f: NamedFile): NamedFile => ({ path: f.path, name: f.name });
  return {
    baseline: file(baseline),
    snapshot: file(snapshot),
    settings: { ignore: [...settings.ignore], rules: settings.rules.map(file), defaultRules: settings.defaultRules, clone: settings.clone },
    share,
  };
}

/**
 * Reads the job's share of both manifests and compares it: the drift report of those paths only
 * (src/drift/drift-merge.ts joins the shares). Errors are left as the readers raise them.
 */
export async function driftShare(job: DriftShareJob): Promise<DriftReport> {
  const files = await Promise.all(job.settings.rules.map(readRulesFile));
  const rules = buildRules({ defaults: job.settings.defaultRules, files, ignore: job.settings.ignore });
  const trees = await readPair(job);
  return compareDrift(trees.baseline, trees.snapshot, {
    rules,
    clone: job.settings.clone,
    baselineName: job.baseline.name,
    snapshotName: job.snapshot.name,
    verifyElsewhere: trees.verifyElsewhere,
    leftOut: trees.leftOut,
    shared: !isWhole(job.share),
  });
}

/** The trees a share's comparison needs (see `readPair`). */
interface PairTrees {
  baseline: FileTree;
  snapshot: FileTree;
  /** The baseline's entries with behaviour keywords in other shares. */
  verifyElsewhere: FileEntry[];
  /** Pairs of equal entries left out of both trees. */
  leftOut: number;
}

/**
 * Reads the job's share of both manifests: the baseline, then the snapshot through an EqualSieve,
 * so that neither tree holds the entries equal in both. When the sieve gives up (a snapshot in
 * another order than the baseline, which shows within its first entries), the snapshot is read
 * again without it.
 */
async function readPair(job: DriftShareJob): Promise<PairTrees> {
  const lines = new LineArena(await shareBytes(job));
  const baseline = await readManifestFileShare(job.baseline.path, job.baseline.name, { share: job.share, lines });
  // Identity and host-name files stay in both trees: a clone's hazards are the ones equal in both.
  const keep = job.settings.clone ? cloneKeeps : undefined;
  const sieve = new EqualSieve(baseline.tree, keep, lines);
  // Only the baseline's behaviour keywords are rules (see compareTrees).
  const readSnapshot = (reading: ShareReading) => readManifestFileShare(job.snapshot.path, job.snapshot.name, reading);
  try {
    const snapshot = await readSnapshot({ share: job.share, verifyElsewhere: false, sieve });
    return { baseline: sieve.baseline(), snapshot: snapshot.tree, verifyElsewhere: baseline.verifyElsewhere, leftOut: sieve.leftOut };
  } catch (error) {
    if (!(error instanceof SieveGaveUp)) throw error;
    const snapshot = await readSnapshot({ share: job.share, verifyElsewhere: false });
    return { baseline: baseline.tree, snapshot: snapshot.tree, verifyElsewhere: baseline.verifyElsewhere, leftOut: 0 };
  }
}

/**
 * About how many bytes of the baseline's lines the job's share holds: the share's part of the file,
 * with a little room (paths fall into shares by hash, so each holds close to its part).
 */
async function shareBytes(job: DriftShareJob): Promise<number> {
  const size = await stat(job.baseline.path).then((s) => s.size, () => 0);
  return size * shareFraction(job.share) * 1.05;
}

/** Reads a rules file for `buildRules`. */
export async function readRulesFile(file: NamedFile): Promise<{ name: string; text: string }> {
  try {
    return { name: file.name, text: await readFile(file.path, 'utf8') };
  } catch (error) {
    throw new InputError(`rules file ${file.name} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
