import { relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { compareImages } from '../compare/image-compare.js';
import { parseDockerfile } from '../dockerfile/dockerfile-parser.js';
import { mapLayersToInstructions } from '../dockerfile/layer-mapping.js';
import { inspectBuildxBuilder } from '../engine/buildx-inspect.js';
import type { BuilderKind, BuildRequest, Engine, EngineInfo } from '../engine/engine.js';
import { maskSecrets, maskText } from '../report/mask-secrets.js';
import { buildReport } from '../report/build-report.js';
import type { LayerSource, Report, TimestampFixes } from '../report/report.js';
import { allBuildArgs, InputError, secretValues, type BuildSettings } from '../settings.js';
import { applicableVariations, conditionsFor, TIME_GAP_MS } from '../variations.js';
import { BuildSession } from './build-session.js';
import { findCulprits } from './culprit-search.js';
import { explainDifferences, PairedContent } from './explain-changes.js';
import { runDriftCheck } from './drift-check.js';
import type { DriftReport } from '../drift/drift-report.js';
import type { ImageArchive } from '../image/image-archive.js';
import { imageFileSystem } from '../manifest/image-manifest.js';
import { writeManifestFile } from '../manifest/manifest-file.js';
import { readDockerfileInputs, stageChainOf } from './dockerfile-inputs.js';
import { resolveSourceDateEpoch, type SourceDateEpoch } from './source-date-epoch.js';

export { PairBuildError } from './build-session.js';

/** Hooks through which a check reports progress; all optional. */
export interface CheckHooks {
  /** A phase starts (`build A`, `compare`); the action opens a log group per phase. */
  phase?: (name: string) => void;
  /** A line of build output. */
  output?: (line: string) => void;
  /** The run's id, as soon as it is known, so an interrupted run can be cleaned up later. */
  started?: (runId: string) => void;
  /** Bytes of an image's save stream read so far (`A`, `B`, or a culprit build's label). */
  bytes?: (image: string, total: number) => void;
  /** Images A and B as read, before the builds are removed (the fix compares its rebuild with A). */
  loaded?: (a: ImageArchive, b: ImageArchive) => void;
}

/**
 * Builds the image twice (B under the chosen variations), reads both through the engine's save
 * endpoint, compares them and returns the report; with `bisect`, also finds which variations alone
 * cause a difference. Every tag it creates is removed before it returns or throws, unless
 * `keepImages` is set.
 */
export async function runBuildCheck(settings: BuildSettings, engine: Engine, version: string, hooks: CheckHooks = {}): Promise<Report> {
  const dockerfileText = await readDockerfileInputs(settings);
  const chain = stageChainOf(dockerfileText, settings.target);
  const info = await engine.info();
  const builder = chooseBuilder(settings, info);
  // A builder that does not exist stops the check here, before any build.
  const buildx = settings.buildxBuilder ? await inspectBuildxBuilder(settings.buildxBuilder) : undefined;
  const { applied, skipped } = applicableVariations(settings.variations, builder, { noCache: settings.noCache });
  const sourceDateEpoch = await resolveSourceDateEpoch(settings.sourceDateEpoch, settings.context, settings.buildArgs);
  const timestamps = timestampFixes(sourceDateEpoch, builder, info);
  const buildArgs = allBuildArgs(settings);
  if (sourceDateEpoch) buildArgs.SOURCE_DATE_EPOCH = String(sourceDateEpoch.value);
  const dockerfileName = relative(process.cwd(), settings.dockerfile) || settings.dockerfile;
  // Secret build-argument values never reach the log, the report or an error message.
  const secrets = secretValues(settings);
  const output = hooks.output && ((line: string) => hooks.output!(maskText(line, secrets)));
  const session = new BuildSession(engine, {
    settings,
    builder,
    ...(buildx ? { buildx } : {}),
    buildArgs,
    outputs: timestamps.rewriteTimestamp ? REWRITE_TIMESTAMP : undefined,
    chain,
    dockerfileName,
    output,
    secrets,
  });
  const timings: Record<string, number> = {};
  hooks.started?.(session.runId);

  try {
    hooks.phase?.('build A');
    const builtA = await session.build('A', conditionsFor([], settings.noCache));
    timings.buildA = builtA.millis;
    // Every later build starts after the gap, so `time` holds for the culprit builds as well.
    await sleep(TIME_GAP_MS);
    hooks.phase?.('build B');
    const builtB = await session.build('B', conditionsFor(applied, settings.noCache));
    timings.buildB = builtB.millis;

    hooks.phase?.('compare');
    const started = Date.now();
    // Read as a pair: the files that differ are kept (and inspected) during this one read, so
    // explaining needs no second read of the images.
    const paired = new PairedContent();
    const [a, b] = await Promise.all([
      session.read(builtA, (n) => hooks.bytes?.('A', n), paired.sides[0]),
      session.read(builtB, (n) => hooks.bytes?.('B', n), paired.sides[1]),
    ]);
    hooks.loaded?.(a.archive, b.archive);
    const comparison = compareImages(a.archive, b.archive);
    timings.analysis = Date.now() - started;
    const baseline = await checkAgainstManifests(settings, a.archive, version);

    let culprits = null;
    if (settings.bisect && !comparison.verdicts.strict) {
      hooks.phase?.('find the culprits');
      const searchStarted = Date.now();
      culprits = await findCulprits(applied, comparison, async (label, variations) => {
        const built = await session.build(label, conditionsFor(variations, settings.noCache));
        const loaded = await session.read(built);
        await session.discard(built);
        return compareImages(a.archive, loaded.archive);
      }, culpritConcurrency(builder));
      timings.bisect = Date.now() - searchStarted;
    }

    const origins = mapLayersToInstructions(a.archive.config.history ?? [], chain);
    const layerSources: LayerSource[] = origins.map((o) => ({ instruction: o.instruction, line: o.line, createdBy: o.createdBy || null }));
    hooks.phase?.('explain');
    const explainStarted = Date.now();
    const explanations = await explainDifferences(comparison, a, b, {
      variations: applied,
      layerSources,
      rewriteTimestamp: timestamps.rewriteTimestamp,
      sourceDateEpoch: timestamps.sourceDateEpoch,
      built: true,
      culprits,
      paired,
      stages: parseDockerfile(dockerfileText).stages,
    });
    timings.explain = Date.now() - explainStarted;
    const report = buildReport({
      command: 'build',
      version,
      level: settings.level,
      comparison,
      images: [a.summary, b.summary],
      variations: applied,
      skippedVariations: skipped,
      dockerfile: dockerfileName,
      engine: { version: info.version, apiVersion: info.apiVersion, builder, imageStore: info.imageStore },
      layerSources,
      timestamps,
      culprits,
      explanations,
      baseline,
      timings,
    });
    return maskSecrets(report, secrets);
  } finally {
    await session.cleanup();
  }
}

/**
 * Writes image A's manifest and checks its file system against a stored baseline manifest, when
 * asked: how a build on one runner is compared with a manifest from another runner or another day.
 */
async function checkAgainstManifests(settings: BuildSettings, archive: ImageArchive, version: string): Promise<DriftReport | null> {
  if (!settings.emitManifest && !settings.baseline) return null;
  const tree = imageFileSystem(archive);
  if (settings.emitManifest) await writeManifestFile(tree, settings.emitManifest, { generator: `repro-check ${version}`, source: { type: 'image', ref: archive.configDigest } });
  if (!settings.baseline) return null;
  return runDriftCheck(settings.baseline, { tree, name: 'image A' }, { ignore: [], rules: [], defaultRules: true, clone: false });
}

/** BuildKit's exporter option that clamps layer file times to SOURCE_DATE_EPOCH. */
const REWRITE_TIMESTAMP: BuildRequest['outputs'] = [{ type: 'moby', attrs: { 'rewrite-timestamp': 'true' } }];

/**
 * Decides which timestamp fixes the engine can apply. SOURCE_DATE_EPOCH fixes the config's times
 * with BuildKit; clamping the files' mtimes in the layers (`rewrite-timestamp`) needs BuildKit and
 * the containerd image store, and where it cannot be used the report says why and what would fix it.
 */
function timestampFixes(sourceDateEpoch: SourceDateEpoch | null, builder: BuilderKind, info: EngineInfo): TimestampFixes {
  const fixes: TimestampFixes = { sourceDateEpoch: sourceDateEpoch?.value ?? null, source: sourceDateEpoch?.source ?? null, rewriteTimestamp: false, notes: [] };
  if (!sourceDateEpoch) {
    fixes.notes.push('SOURCE_DATE_EPOCH is not set (the context is not in a git checkout, or source-date-epoch is none): config and history times record when each build ran.');
    return fixes;
  }
  if (builder === 'classic') {
    fixes.notes.push('The classic builder ignores SOURCE_DATE_EPOCH for the config and cannot clamp layer times: build with BuildKit (builder auto, buildkit or buildx).');
  } else if (info.imageStore !== 'containerd') {
    fixes.notes.push(
      `Layer file times are not clamped: rewrite-timestamp needs the containerd image store, and the engine at ${info.endpoint} uses the graph-driver store (${info.storageDriver}). Enable it with {"features": {"containerd-snapshotter": true}} in daemon.json, or set file times in the Dockerfile (touch -d @$SOURCE_DATE_EPOCH in the same RUN).`,
    );
  } else {
    fixes.rewriteTimestamp = true;
  }
  return fixes;
}

function chooseBuilder(settings: BuildSettings, info: EngineInfo): BuilderKind {
  if (settings.builder === 'classic' || settings.builder === 'buildx') return settings.builder;
  if (settings.builder === 'buildkit' && !info.buildkit) {
    throw new InputError(`builder: the engine at ${info.endpoint} (API ${info.apiVersion}) has no BuildKit; use builder=classic or auto`);
  }
  return info.buildkit ? 'buildkit' : 'classic';
}

/**
 * How many culprit builds may run at once. BuildKit merges vertices of builds that run at the same
 * time when their cache keys match, even without the cache, and a COPY's key holds the context's
 * content but not its mtimes: a `context-mtime` build next to the control came out as the control's
 * image, and the search then missed `context-mtime` as a culprit. The classic builder merges nothing.
 */
function culpritConcurrency(builder: BuilderKind): number {
  return builder === 'classic' ? 2 : 1;
}
