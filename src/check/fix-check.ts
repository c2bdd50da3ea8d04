import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseDockerfile } from '../dockerfile/dockerfile-parser.js';
import type { Engine } from '../engine/engine.js';
import { applyEdits } from '../fix/dockerfile-edits.js';
import { dockerfilePatch } from '../fix/fix-patch.js';
import { describeCheckout, describeSettings, groupResult, unfixableGroups } from '../fix/fix-result.js';
import { planRemedies, type FixPlan } from '../fix/plan-remedies.js';
import type { Announced, FixSetting, GroupRemedy } from '../fix/remedy.js';
import { narrowForSideEffects, type SideEffectSource } from '../fix/narrow-plan.js';
import { findSideEffects, type SideEffect } from '../fix/side-effects.js';
import type { ImageArchive } from '../image/image-archive.js';
import { imageFileSystem } from '../manifest/image-manifest.js';
import type { FixReport, Report } from '../report/report.js';
import type { BuildSettings, CheckoutSettings } from '../settings.js';
import { PairBuildError, runBuildCheck, type CheckHooks } from './build-check.js';

/**
 * `build --fix`: the normal check, then its causes turned into one patch of a temporary copy of
 * the Dockerfile (the user's file is written only with `--fix-write`), settings and checkout steps
 * for the rebuilds, and with `verify` the pair built again under the same variations, compared,
 * explained, and A′ checked against A for differences the patch did not announce. Rounds repeat
 * while a round removes differences and new causes get remedies. The report is the original
 * check's (its verdict decides the exit status) with `fix` filled in.
 */
export async function runFixCheck(settings: BuildSettings, engine: Engine, version: string, hooks: CheckHooks = {}): Promise<Report> {
  const fix = settings.fix;
  if (!fix || fix.mode === 'off') return runBuildCheck(settings, engine, version, hooks);
  let original: ImageArchive | undefined;
  const report = await runBuildCheck(settings, engine, version, { ...hooks, loaded: (a) => (original = a) });
  const text = await readFile(settings.dockerfile, 'utf8');
  const epoch = report.timestamps?.sourceDateEpoch ?? 0;
  const existsBelow = original ? directoriesBelow(original) : undefined;
  const first = planRemedies(report, parseDockerfile(text), existsBelow);
  const result: FixReport = {
    mode: fix.mode,
    patch: '',
    patchFile: null,
    written: false,
    settings: [],
    checkoutSteps: [],
    rounds: 0,
    before: { ...report.verdicts },
    after: null,
    differingLayers: { before: differing(report), after: null },
    groups: [],
    sideEffects: [],
    unfixable: [],
    buildError: null,
    verified: null,
    images: null,
  };
  const state: RoundState = { text, plans: [first], checkout: checkoutOf(first, epoch, {}), after: null };
  if (fix.mode === 'verify' && original) await verifyRounds(settings, engine, version, hooks, report, original, state, result);
  else state.text = applyEdits(text, parseDockerfile(text), first.edits);

  const name = relative(settings.context, settings.dockerfile) || 'Dockerfile';
  result.patch = dockerfilePatch(name, text, state.text);
  const allSettings = state.plans.flatMap((plan) => plan.settings);
  // The settings the rebuilds used: on the containerd store SOURCE_DATE_EPOCH brings rewrite-timestamp
  // with it, asked for by a group or not (with suggest, what a rebuild would use).
  const rewrote = state.after?.timestamps?.rewriteTimestamp ?? (report.engine?.imageStore === 'containerd' && report.engine.builder !== 'classic');
  result.settings = describeSettings(epoch, report.timestamps?.source === 'git', allSettings, rewrote);
  result.checkoutSteps = describeCheckout(state.checkout);
  // Narrowing may have replaced the first plan (clamps dropped): its groups are what was done.
  result.groups = state.plans[0]!.groups.map((group) => groupResult(group, state.after));
  result.unfixable = unfixableGroups(state.plans[0]!, result.groups);
  if (state.after) {
    result.differingLayers.after = differing(state.after);
    result.images = [state.after.images[0].ref, state.after.images[1].ref];
  }
  // A later round whose patch broke the build is dropped; the rounds before it stand on their own.
  if (fix.mode === 'verify') result.verified = state.after !== null && result.sideEffects.length === 0;
  if (fix.patchPath && result.patch !== '') {
    await writeFile(fix.patchPath, result.patch);
    result.patchFile = fix.patchPath;
  }
  if (fix.write && state.text !== text && result.verified !== false) {
    await writeFile(settings.dockerfile, state.text);
    result.written = true;
  }
  report.fix = result;
  return report;
}

interface RoundState {
  /** The Dockerfile with every kept round's edits. */
  text: string;
  /** Each kept round's plan, the first from the original check. */
  plans: FixPlan[];
  checkout: CheckoutSettings;
  /** The report of the last kept round's rebuild. */
  after: Report | null;
}

async function verifyRounds(
  settings: BuildSettings,
  engine: Engine,
  version: string,
  hooks: CheckHooks,
  report: Report,
  original: ImageArchive,
  state: RoundState,
  result: FixReport,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'repro-check-fix-'));
  const epoch = report.timestamps?.sourceDateEpoch ?? 0;
  const remedied = new Set(state.plans[0]!.groups.filter(hasRemedy).map(groupKey));
  let plan = state.plans[0]!;
  // Whether `plan` is a later round's, not yet in state.plans (the first plan is there already).
  let pending = false;
  let previous = differenceCount(report);
  let fixMillis = 0;
  try {
    for (let round = 1; round <= (settings.fix?.rounds ?? 3); round++) {
      const text = applyEdits(state.text, parseDockerfile(state.text), plan.edits);
      const checkout = checkoutOf(plan, epoch, state.checkout);
      const dockerfile = join(dir, `Dockerfile.round${round}`);
      await writeFile(dockerfile, text);
      await copyFile(`${settings.dockerfile}.dockerignore`, `${dockerfile}.dockerignore`).catch(() => undefined);
      hooks.phase?.(`fix round ${round}: build A′ and B′`);
      let patched: ImageArchive | undefined;
      let after: Report;
      try {
        const asked = [...state.plans, plan].flatMap((kept) => kept.settings);
        after = await runBuildCheck(rebuildSettings(settings, dockerfile, epoch, checkout, asked), engine, version, { ...hooks, loaded: (a) => (patched = a) });
      } catch (error) {
        if (!(error instanceof PairBuildError)) throw error;
        // A patch that breaks the build is reported and dropped; the rounds before it stand.
        result.buildError = error.message;
        break;
      }
      result.rounds = round;
      fixMillis += (after.timings.buildA ?? 0) + (after.timings.buildB ?? 0);
      const announced = announcedBy([...state.plans.slice(1), ...(pending ? [plan] : [])]);
      const effects = patched ? findSideEffects(imageFileSystem(original), imageFileSystem(patched), mergeAnnounced(announced, state.plans[0]!.announced), report.contentChanges) : [];
      if (effects.length > 0 && patched && round < (settings.fix?.rounds ?? 3)) {
        // A clamp's ARG SOURCE_DATE_EPOCH may have changed what a RUN wrote: try again without it.
        const narrowed = narrowForSideEffects(plan, parseDockerfile(state.text), sideEffectSources(effects, original, patched, report));
        if (narrowed) {
          hooks.phase?.(`fix round ${round}: ${effects.length} side effects; dropping the clamps that exposed SOURCE_DATE_EPOCH`);
          if (settings.keepImages) for (const image of after.images) await engine.removeTag(image.ref).catch(() => undefined);
          if (!pending) state.plans[0] = narrowed;
          plan = narrowed;
          continue;
        }
      }
      result.sideEffects = effects;
      // --keep-images keeps the last kept round's pair (fix.images), not every round's.
      if (settings.keepImages && state.after) for (const image of state.after.images) await engine.removeTag(image.ref).catch(() => undefined);
      if (pending) state.plans.push(plan);
      pending = false;
      state.text = text;
      state.checkout = checkout;
      state.after = after;
      result.after = { ...after.verdicts };
      const count = differenceCount(after);
      if (result.sideEffects.length > 0 || count === 0 || count >= previous) break;
      previous = count;
      // Another round only for causes that appear now and have a remedy not tried yet.
      const next = planRemedies(after, parseDockerfile(text), patched ? directoriesBelow(patched) : undefined);
      const fresh = next.groups.filter((group) => hasRemedy(group) && !remedied.has(groupKey(group)));
      if (fresh.length === 0) break;
      for (const group of fresh) remedied.add(groupKey(group));
      plan = { ...next, groups: fresh, edits: fresh.flatMap((group) => (group.remedy.kind === 'edit' ? group.remedy.edits : [])) };
      pending = true;
    }
  } finally {
    report.timings.fixBuilds = fixMillis;
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The Dockerfile line each side effect came from: the layer of A′ that last wrote the path (of A
 * for a path A′ lacks), which is the same layer index in the original build, as patches add no
 * layers; one entry per line.
 */
function sideEffectSources(effects: readonly SideEffect[], original: ImageArchive, patched: ImageArchive, report: Report): SideEffectSource[] {
  const byLine = new Map<number, SideEffectSource>();
  const lastLayer = (archive: ImageArchive, path: string) => archive.layers.findLastIndex((layer) => layer.tree.get(path) !== undefined);
  for (const effect of effects) {
    const inPatched = lastLayer(patched, effect.path);
    const index = inPatched >= 0 ? inPatched : lastLayer(original, effect.path);
    const line = report.layers[index]?.line;
    if (line !== null && line !== undefined && !byLine.has(line)) byLine.set(line, { line, path: effect.path });
  }
  return [...byLine.values()];
}

/** Whether a directory is in one of the image's layers below `layer` (the root always is). */
function directoriesBelow(archive: ImageArchive): (layer: number, path: string) => boolean {
  return (layer, path) => path === '/' || archive.layers.slice(0, layer).some((below) => below.tree.get(path)?.type === 'dir');
}

/**
 * The settings of a round's rebuilds: the patched Dockerfile, SOURCE_DATE_EPOCH (which brings
 * rewrite-timestamp where the store honours it), the checkout steps, and `--provenance=false` when
 * a plan asked for it.
 */
export function rebuildSettings(settings: BuildSettings, dockerfile: string, epoch: number, checkout: CheckoutSettings, asked: readonly FixSetting[] = []): BuildSettings {
  const { fix: _fix, emitManifest: _manifest, baseline: _baseline, reportPath: _report, ...rest } = settings;
  const rebuild: BuildSettings = { ...rest, dockerfile, bisect: false, sourceDateEpoch: { mode: 'fixed', value: epoch }, checkout };
  if (asked.includes('provenance-false')) rebuild.provenance = false;
  return rebuild;
}

function checkoutOf(plan: FixPlan, epoch: number, base: CheckoutSettings): CheckoutSettings {
  const checkout: CheckoutSettings = { ...base };
  if (plan.checkoutSteps.includes('clamp-mtimes')) checkout.mtime = epoch;
  if (plan.checkoutSteps.includes('normalise-modes')) checkout.normaliseModes = true;
  return checkout;
}

function announcedBy(plans: FixPlan[]): Announced {
  return plans.reduce<Announced>((all, plan) => mergeAnnounced(all, plan.announced), { removed: [], rewritten: [] });
}

function mergeAnnounced(x: Announced, y: Announced): Announced {
  return { removed: [...x.removed, ...y.removed], rewritten: [...x.rewritten, ...y.rewritten] };
}

function hasRemedy(group: GroupRemedy): boolean {
  return group.remedy.kind !== 'none';
}

function groupKey(group: GroupRemedy): string {
  return `${group.layer}\0${group.cause}`;
}

function differing(report: Report): number[] {
  return report.layers.filter((layer) => !layer.identical).map((layer) => layer.index);
}

/** Differences a round is measured by: each differing aspect of a file, config fields, differing layers. */
function differenceCount(report: Report): number {
  const files = report.changes.reduce((sum, change) => sum + Math.max(1, change.aspects.length), 0);
  return files + report.config.length + report.counts.differingLayers;
}
