import { stat } from 'node:fs/promises';
import { compareDrift } from '../drift/drift-compare.js';
import { mergeDriftReports } from '../drift/drift-merge.js';
import type { DriftReport } from '../drift/drift-report.js';
import { RulesFormatError } from '../drift/drift-rules.js';
import { buildRules } from '../drift/rule-set.js';
import { ManifestFormatError } from '../manifest/manifest-error.js';
import { splitShares, WHOLE } from '../manifest/path-share.js';
import { walkDirectory } from '../manifest/dir-walker.js';
import { readManifestFile } from '../manifest/read-manifest.js';
import type { HostnameTexts } from '../drift/identity-files.js';
import { readHostnameTexts } from './drift-hostnames.js';
import { InputError } from '../settings.js';
import type { FileTree } from '../tree/file-entry.js';
import { driftShare, readRulesFile, shareJob, type DriftRuleSettings, type NamedFile } from './drift-share.js';
import { driftShareInWorker, driftThreads, driftWorkerScript, firstError, threadWeights } from './drift-threads.js';

export type { DriftRuleSettings, NamedFile } from './drift-share.js';

/**
 * Compares a snapshot with a baseline manifest under the rules: the drift check shared by the CLI's
 * `drift`, the action's `vm-manifest` and a build's `baseline`. A malformed manifest or rules file
 * becomes an InputError whose one line names the file and line. `snapshot` may be a tree already
 * in memory (a built image's file system).
 */
export async function runDriftCheck(baseline: NamedFile, snapshot: NamedFile | { tree: FileTree; name: string }, settings: DriftRuleSettings): Promise<DriftReport> {
  try {
    if ('tree' in snapshot) return await compareWithTree(baseline, snapshot, settings);
    const dirs = await Promise.all([isDirectory(baseline), isDirectory(snapshot)]);
    if (dirs[0] || dirs[1]) return await compareWithDirectories(baseline, snapshot, dirs, settings);
    const threads = driftThreads((await fileSize(baseline)) + (await fileSize(snapshot)));
    const script = threads > 1 ? driftWorkerScript() : undefined;
    if (script === undefined) return await driftShare(shareJob(baseline, snapshot, settings, WHOLE));
    return await inShares(script, threads, baseline, snapshot, settings);
  } catch (error) {
    if (error instanceof ManifestFormatError || error instanceof RulesFormatError) throw new InputError(error.message);
    throw error;
  }
}

/**
 * Big manifests are compared in shares of their paths, one thread each, this one included: the
 * reading, which is nearly all the time, is then spread over the cores (bench/drift-bench.ts).
 */
async function inShares(script: string, threads: number, baseline: NamedFile, snapshot: NamedFile, settings: DriftRuleSettings): Promise<DriftReport> {
  const jobs = splitShares(threadWeights(threads)).map((share) => shareJob(baseline, snapshot, settings, share));
  const results = await Promise.allSettled(jobs.map((job, i) => (i === 0 ? driftShare(job) : driftShareInWorker(script, job))));
  const errors = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (errors.length > 0) throw firstError(errors, baseline.name);
  return mergeDriftReports(results.map((result) => (result as PromiseFulfilledResult<DriftReport>).value));
}

/** A baseline manifest against a tree already in memory (a built image's file system). */
async function compareWithTree(baseline: NamedFile, snapshot: { tree: FileTree; name: string }, settings: DriftRuleSettings): Promise<DriftReport> {
  const [baselineTree, files] = await Promise.all([readManifestFile(baseline.path, baseline.name), Promise.all(settings.rules.map(readRulesFile))]);
  const rules = buildRules({ defaults: settings.defaultRules, files, ignore: settings.ignore });
  return compareDrift(baselineTree, snapshot.tree, { rules, clone: settings.clone, baselineName: baseline.name, snapshotName: snapshot.name });
}

/** Whether a name given for a manifest is a directory (a mounted disk, an unpacked file system). */
async function isDirectory(file: NamedFile): Promise<boolean> {
  return (await stat(file.path).catch(() => null))?.isDirectory() === true;
}

/**
 * Either side a directory: walked (as `repro-check manifest --dir` walks it) and compared in one
 * thread. With `--clone` and both sides directories, the host names are read from /etc/hostname and
 * the clone's host-name files searched for the template's (see identity-files.ts).
 */
async function compareWithDirectories(baseline: NamedFile, snapshot: NamedFile, dirs: readonly boolean[], settings: DriftRuleSettings): Promise<DriftReport> {
  const read = (file: NamedFile, dir: boolean) => (dir ? walkDirectory(file.path) : readManifestFile(file.path, file.name));
  const [baselineTree, snapshotTree, files] = await Promise.all([read(baseline, dirs[0]!), read(snapshot, dirs[1]!), Promise.all(settings.rules.map(readRulesFile))]);
  const rules = buildRules({ defaults: settings.defaultRules, files, ignore: settings.ignore });
  let hostnames: HostnameTexts | undefined;
  if (settings.clone && dirs[0] && dirs[1]) hostnames = await readHostnameTexts({ root: baseline.path, tree: baselineTree }, { root: snapshot.path, tree: snapshotTree });
  return compareDrift(baselineTree, snapshotTree, { rules, clone: settings.clone, baselineName: baseline.name, snapshotName: snapshot.name, hostnames });
}

/** The size of a manifest file, 0 when it cannot be read (the reader then says why). */
async function fileSize(file: NamedFile): Promise<number> {
  return (await stat(file.path).catch(() => null))?.size ?? 0;
}

/** Whether a drift report fails the check: drift, or clone hazards that were verified. */
export function driftFails(report: DriftReport): boolean {
  return report.drift || report.hazards.some((hazard) => hazard.verified);
}
