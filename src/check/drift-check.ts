import { readFile } from 'node:fs/promises';
import { compareDrift } from '../drift/drift-compare.js';
import type { DriftReport } from '../drift/drift-report.js';
import { RulesFormatError } from '../drift/drift-rules.js';
import { buildRules } from '../drift/rule-set.js';
import { ManifestFormatError } from '../manifest/manifest-error.js';
import { readManifestFile } from '../manifest/read-manifest.js';
import { InputError } from '../settings.js';
import type { FileTree } from '../tree/file-entry.js';

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
 * Compares a snapshot with a baseline manifest under the rules: the drift check shared by the CLI's
 * `drift`, the action's `vm-manifest` and a build's `baseline`. A malformed manifest or rules file
 * becomes an InputError whose one line names the file and line. `snapshot` may be a tree already
 * in memory (a built image's file system).
 */
export async function runDriftCheck(baseline: NamedFile, snapshot: NamedFile | { tree: FileTree; name: string }, settings: DriftRuleSettings): Promise<DriftReport> {
  try {
    const [baselineTree, snapshotTree, files] = await Promise.all([
      readManifestFile(baseline.path, baseline.name),
      'tree' in snapshot ? snapshot.tree : readManifestFile(snapshot.path, snapshot.name),
      Promise.all(settings.rules.map(readRulesFile)),
    ]);
    const rules = buildRules({ defaults: settings.defaultRules, files, ignore: settings.ignore });
    return compareDrift(baselineTree, snapshotTree, { rules, clone: settings.clone, baselineName: baseline.name, snapshotName: snapshot.name });
  } catch (error) {
    if (error instanceof ManifestFormatError || error instanceof RulesFormatError) throw new InputError(error.message);
    throw error;
  }
}

/** Whether a drift report fails the check: drift, or clone hazards that were verified. */
export function driftFails(report: DriftReport): boolean {
  return report.drift || report.hazards.some((hazard) => hazard.verified);
}

async function readRulesFile(file: NamedFile): Promise<{ name: string; text: string }> {
  try {
    return { name: file.name, text: await readFile(file.path, 'utf8') };
  } catch (error) {
    throw new InputError(`rules file ${file.name} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
