import { isAbsolute, join, resolve } from 'node:path';
import * as core from '@actions/core';
import { InputError, parseBuildArgs, parseBuilder, parseBuildxBuilder, parseFixMode, parseLevel, parseSourceDateEpoch, parseTimeout, type BuildSettings } from '../settings.js';
import { rebuildRepository } from '../registry/rebuild-repository.js';
import type { DriftRuleSettings, NamedFile } from '../check/drift-check.js';
import { diffPairs, verifyPairs, type PairsPlan } from '../check/pairs-run.js';
import { parseVariations } from '../variations.js';

/** Everything the action reads from its inputs, parsed once. */
export interface ActionInputs {
  settings: BuildSettings;
  /** Fail the step when the image is not reproducible at the chosen level (default true). */
  failOnDifference: boolean;
  /** Extra report files: SARIF for code scanning, a self-contained HTML report. */
  files: { sarif?: string; html?: string };
  /** Seconds the whole check may take; undefined for no limit. */
  timeoutSeconds?: number;
  /** With `fix` and a pull request: the token the fix's review is posted with (`pull-requests: write`). */
  githubToken?: string;
  /** With `vm-manifest`: a drift check of a VM snapshot manifest against `vm-baseline`, instead of a build. */
  drift?: { baseline: NamedFile; snapshot: NamedFile; rules: DriftRuleSettings };
  /** With `merge-reports`: report files and directories (absolute, with the names as written) to join into one table, instead of a build. */
  merge?: { path: string; name: string }[];
  /** With `diff-pairs` or `verify-pairs`: many pairs from a pairs file, and where their reports go, instead of a build. */
  pairs?: { plan: PairsPlan; reportDir: string };
  /** With `verify-image`: verify a published image (rebuilt once) instead of building twice. */
  verify?: { image: string; fromImage: boolean; attestation?: string; signKey?: string; rebuildRepository?: string };
}

/** Reads the action's inputs (names as in action.yml) into typed settings. */
export function getInputs(env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const context = resolve(workspace, core.getInput('context') || '.');
  const file = core.getInput('file');
  const report = core.getInput('report');
  const verify = verifyInputs(workspace);
  const epochInput = core.getInput('source-date-epoch') || 'auto';
  const settings: BuildSettings = {
      context,
      // As in docker/build-push-action, `file` is relative to the workspace, not the context.
      dockerfile: file ? resolve(workspace, file) : join(context, 'Dockerfile'),
      target: core.getInput('target') || undefined,
      buildArgs: parseBuildArgs(core.getMultilineInput('build-args'), 'build-args', env),
      secretBuildArgs: parseBuildArgs(core.getMultilineInput('secret-build-args'), 'secret-build-args', env),
      variations: parseVariations(core.getInput('variations') || 'all', 'variations'),
      level: parseLevel(core.getInput('level') || 'strict', 'level'),
      ...parseBuildxBuilder(core.getInput('builder-name'), parseBuilder(core.getInput('builder') || 'auto', 'builder'), 'builder-name', 'builder'),
      noCache: !booleanInput('cache', false),
      reportPath: report ? (isAbsolute(report) ? report : resolve(workspace, report)) : join(env.RUNNER_TEMP || workspace, 'repro-check-report.json'),
      keepImages: booleanInput('keep-images', false),
      bisect: booleanInput('bisect', false),
      // from-image is `verify-image`'s and `verify-pairs`' own: the published config's created time.
      sourceDateEpoch: verify?.fromImage || (core.getInput('verify-pairs').trim() && epochInput.trim().toLowerCase() === 'from-image') ? { mode: 'none' } : parseSourceDateEpoch(epochInput, 'source-date-epoch'),
      emitManifest: optionalPath('emit-manifest', workspace),
      baseline: namedFile('baseline', workspace),
      fix: fixInput(),
  };
  return {
    settings,
    failOnDifference: booleanInput('fail-on-difference', true),
    files: { sarif: optionalPath('sarif', workspace), html: optionalPath('html', workspace) },
    timeoutSeconds: parseTimeout(core.getInput('timeout'), 'timeout'),
    drift: driftInputs(workspace),
    verify,
    merge: mergeInputs(workspace),
    pairs: pairsInputs(workspace, settings, env),
    githubToken: core.getInput('github-token') || undefined,
  };
}

/** Reads `verify-image` and the attestation inputs that go with it. */
function verifyInputs(workspace: string): ActionInputs['verify'] {
  const image = core.getInput('verify-image').trim().replace(/^docker:\/\//, '');
  const attestation = optionalPath('attestation', workspace);
  const signKey = optionalPath('sign-key', workspace);
  const repository = core.getInput('rebuild-repository').trim();
  if (!image) {
    if (attestation || signKey || repository) throw new InputError('attestation, sign-key and rebuild-repository go with verify-image');
    return undefined;
  }
  if (!/@sha256:[0-9a-f]{64}$/.test(image)) throw new InputError(`verify-image must name its digest (HOST/NAME@sha256:DIGEST), not "${image}"`);
  if (signKey && !attestation) throw new InputError('sign-key signs the attestation file; give attestation too');
  const fromImage = core.getInput('source-date-epoch').trim().toLowerCase() === 'from-image';
  return { image, fromImage, ...(attestation ? { attestation } : {}), ...(signKey ? { signKey } : {}), ...(repository ? { rebuildRepository: rebuildRepository(repository, 'rebuild-repository') } : {}) };
}

/**
 * Reads `diff-pairs` or `verify-pairs` (a pairs file relative to the workspace) into the plan of a
 * many-pair run, with `level` (and for verify the build arguments, target and source-date-epoch)
 * shared by every pair; `report` names the reports' directory (default RUNNER_TEMP/repro-check-reports).
 */
function pairsInputs(workspace: string, settings: BuildSettings, env: NodeJS.ProcessEnv): ActionInputs['pairs'] {
  const diff = core.getInput('diff-pairs').trim();
  const verify = core.getInput('verify-pairs').trim();
  if (!diff && !verify) return undefined;
  if (diff && verify) throw new InputError('diff-pairs and verify-pairs are two kinds of run: give one');
  const report = core.getInput('report');
  const reportDir = report ? resolve(workspace, report) : join(env.RUNNER_TEMP || workspace, 'repro-check-reports');
  if (diff) return { plan: { kind: 'diff', pairs: diffPairs(diff, workspace, 'diff-pairs'), level: settings.level, changes: 'content', registry: { insecure: [] } }, reportDir };
  const fromImage = core.getInput('source-date-epoch').trim().toLowerCase() === 'from-image';
  const shared: Parameters<typeof verifyPairs>[2] = {
    buildArgs: settings.buildArgs,
    sourceDateEpoch: fromImage ? { mode: 'from-image' } : settings.sourceDateEpoch,
    level: settings.level,
    insecure: [],
  };
  if (settings.secretBuildArgs) shared.secretBuildArgs = settings.secretBuildArgs;
  if (settings.target) shared.target = settings.target;
  return { plan: { kind: 'verify', pairs: verifyPairs(verify, workspace, shared, 'verify-pairs') }, reportDir };
}

/** Reads `merge-reports`: files or directories of reports, one per line, relative to the workspace. */
function mergeInputs(workspace: string): ActionInputs['merge'] {
  const names = core.getMultilineInput('merge-reports');
  return names.length === 0 ? undefined : names.map((name) => ({ path: resolve(workspace, name), name }));
}

/** Reads the `fix` input: off (default), suggest or verify; the patch goes to the report and the job summary. */
function fixInput(): BuildSettings['fix'] {
  const mode = parseFixMode(core.getInput('fix') || 'off', 'fix');
  return mode === 'off' ? undefined : { mode, write: false, rounds: 3 };
}

/** Reads the drift inputs: `vm-manifest` and `vm-baseline` go together. */
function driftInputs(workspace: string): ActionInputs['drift'] {
  const snapshot = namedFile('vm-manifest', workspace);
  const baseline = namedFile('vm-baseline', workspace);
  if (!snapshot && !baseline) return undefined;
  if (!snapshot || !baseline) throw new InputError('vm-manifest and vm-baseline go together: give both to check a VM snapshot for drift');
  return {
    baseline,
    snapshot,
    rules: {
      ignore: core.getMultilineInput('drift-ignore'),
      rules: core.getMultilineInput('drift-rules').map((name) => ({ path: resolve(workspace, name), name })),
      defaultRules: booleanInput('default-rules', true),
      clone: booleanInput('clone', false),
    },
  };
}

/** Reads an optional file input, relative to the workspace, keeping the name as written for messages. */
function namedFile(name: string, workspace: string): NamedFile | undefined {
  const value = core.getInput(name);
  return value ? { path: resolve(workspace, value), name: value } : undefined;
}

/** Reads an optional path input, relative to the workspace. */
function optionalPath(name: string, workspace: string): string | undefined {
  const value = core.getInput(name);
  return value ? resolve(workspace, value) : undefined;
}

/** Reads a boolean input, accepting the YAML 1.2 core spellings and naming the input on error. */
function booleanInput(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name).trim();
  if (raw === '') return fallback;
  if (/^(true|True|TRUE)$/.test(raw)) return true;
  if (/^(false|False|FALSE)$/.test(raw)) return false;
  throw new InputError(`${name} must be true or false, not "${raw}"`);
}
