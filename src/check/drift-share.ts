import { readFile } from 'node:fs/promises';
import { compareDrift } from '../drift/drift-compare.js';
import type { DriftReport } from '../drift/drift-report.js';
import { buildRules } from '../drift/rule-set.js';
import { readManifestFileShare } from '../manifest/read-manifest.js';
import type { PathShare } from '../manifest/path-share.js';
import { InputError } from '../settings.js';

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
  const [baseline, snapshot, files] = await Promise.all([
    readManifestFileShare(job.baseline.path, job.baseline.name, job.share),
    // Only the baseline's behaviour keywords are rules (see compareTrees).
    readManifestFileShare(job.snapshot.path, job.snapshot.name, job.share, false),
    Promise.all(job.settings.rules.map(readRulesFile)),
  ]);
  const rules = buildRules({ defaults: job.settings.defaultRules, files, ignore: job.settings.ignore });
  return compareDrift(baseline.tree, snapshot.tree, {
    rules,
    clone: job.settings.clone,
    baselineName: job.baseline.name,
    snapshotName: job.snapshot.name,
    verifyElsewhere: baseline.verifyElsewhere,
  });
}

/** Reads a rules file for `buildRules`. */
export async function readRulesFile(file: NamedFile): Promise<{ name: string; text: string }> {
  try {
    return { name: file.name, text: await readFile(file.path, 'utf8') };
  } catch (error) {
    throw new InputError(`rules file ${file.name} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
