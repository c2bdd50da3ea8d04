import { homedir } from 'node:os';
import { relative } from 'node:path';
import { compareImages } from '../compare/image-compare.js';
import { mapLayersToInstructions } from '../dockerfile/layer-mapping.js';
import type { BuilderKind, BuildRequest, Engine } from '../engine/engine.js';
import { findCredentials } from '../registry/docker-credentials.js';
import { parsePlatform, platformText, type Platform } from '../registry/image-index.js';
import { parseRegistryReference, parseRepository } from '../registry/image-reference.js';
import { readPublishedTop, type PublishedTop } from '../registry/published-index.js';
import { registryClientFor } from '../registry/registry-access.js';
import { OCI_MANIFEST } from '../registry/registry-client.js';
import { maskText } from '../report/mask-secrets.js';
import { buildReport } from '../report/build-report.js';
import type { LayerSource, Report } from '../report/report.js';
import { allBuildArgs, InputError, secretValues, type BuildSettings, type Level, type SourceDateEpochSetting } from '../settings.js';
import { conditionsFor } from '../variations.js';
import { provenanceSettings, type ProvenanceSettings } from '../verify/provenance.js';
import { compareLevels, verdictAt, type SideFacts } from '../verify/verify-levels.js';
import type { SettingSource, VerifyPlatform, VerifyResult } from '../verify/verify-result.js';
import { BuildSession, PairBuildError } from './build-session.js';
import type { CheckHooks } from './build-check.js';
import { explainDifferences, PairedContent } from './explain-changes.js';
import { loadImage, type LoadedImage } from './image-source.js';
import { readDockerfileInputs, stageChainOf } from './dockerfile-inputs.js';
import { removeRebuild, type RebuildRemoval } from './rebuild-removal.js';
import { resolveSourceDateEpoch } from './source-date-epoch.js';

/** Settings of `verify`. */
export interface VerifySettings {
  /** The published image, `HOST/NAME@sha256:…` (no scheme). */
  image: string;
  context: string;
  dockerfile: string;
  /** Explicit settings win over what the provenance recorded. */
  target?: string;
  buildArgs: Record<string, string>;
  secretBuildArgs?: Record<string, string>;
  /** `from-image`: the published config's `created` when the provenance records none. */
  sourceDateEpoch: SourceDateEpochSetting | { mode: 'from-image' };
  level: Level;
  /** The platform rebuilt; default the engine's. */
  platform?: string;
  insecure: string[];
  /**
   * `HOST/NAME` the rebuild is pushed to (a scratch repository the job may push to and delete
   * from); default the published image's own repository.
   */
  rebuildRepository?: string;
  reportPath?: string;
}

/** The tag the rebuild is pushed under, in the rebuild repository. */
export function rebuildTag(runId: string): string {
  return `repro-check-verify-${runId}`;
}

/** The platform this engine builds for: the host's (the engine is local to the runner). */
export function enginePlatform(arch: string = process.arch): Platform {
  const architecture = ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[arch] ?? arch;
  return { os: 'linux', architecture };
}

/**
 * Verifies a published image: reads it from its registry (never the engine), rebuilds it once from
 * the context with the settings its provenance records, pushes the rebuild to the published
 * image's repository (or `rebuildRepository`) under a temporary tag (`rebuildTag`) so it is read
 * back with the manifest the engine makes for it, compares the two level by level, from the index
 * down to the files, and deletes the rebuild when that is safe (rebuild-removal.ts). Only the engine's own
 * platform is rebuilt; the index's other platforms are listed as not rebuilt (UNKNOWN).
 */
export async function runVerifyCheck(settings: VerifySettings, engine: Engine, version: string, hooks: CheckHooks = {}, signal?: AbortSignal): Promise<Report> {
  const publishedRef = `docker://${settings.image}`;
  const reference = parseRegistryReference(publishedRef);
  if (!reference.digest) throw new InputError(`verify: ${settings.image} names no digest; verify IMAGE@sha256:DIGEST, the digest the release pushed`);
  const dockerfileText = await readDockerfileInputs(settings);
  hooks.phase?.('read the published image');
  const top = await readPublishedTop(publishedRef, { insecure: settings.insecure, signal });
  const wanted = settings.platform ? parsePlatform(settings.platform) : enginePlatform();
  const native = enginePlatform();
  if (wanted.os !== native.os || wanted.architecture !== native.architecture) {
    // The rebuild runs on the engine's platform: comparing it with another platform's image would say BAD for no fault of the source.
    throw new InputError(`verify: UNKNOWN: ${platformText(wanted)} cannot be rebuilt here: this engine builds ${platformText(native)}; run verify on a ${platformText(wanted)} runner`);
  }
  const { chosen, platforms } = choosePlatform(top, wanted);
  if (!top.isIndex) {
    // A single manifest names its platform in its config only.
    const config = await top.config(top.digest);
    if (typeof config.architecture === 'string' && (config.os !== native.os || config.architecture !== native.architecture)) {
      throw new InputError(`verify: UNKNOWN: the published image is ${String(config.os)}/${config.architecture} and this engine builds ${platformText(native)}; run verify on a runner of that platform`);
    }
  }
  const provenance = top.isIndex ? provenanceSettings(await top.provenance(chosen)) : null;
  const target = settings.target ?? provenance?.target;
  const chain = stageChainOf(dockerfileText, target);
  const buildArgs = { ...provenance?.buildArgs, ...allBuildArgs(settings) };
  const epoch = await sourceDateEpoch(settings, provenance, top, chosen, buildArgs);
  if (epoch.value !== null) buildArgs.SOURCE_DATE_EPOCH = String(epoch.value);

  const info = await engine.info();
  const builder: BuilderKind = info.buildkit ? 'buildkit' : 'classic';
  const dockerfileName = relative(process.cwd(), settings.dockerfile) || settings.dockerfile;
  // Recovered arguments with secret-looking names are masked like the user's.
  const secrets = secretValues({ buildArgs, secretBuildArgs: settings.secretBuildArgs });
  const buildSettings: BuildSettings = {
    context: settings.context,
    dockerfile: settings.dockerfile,
    target,
    buildArgs,
    variations: [],
    level: settings.level,
    builder: 'auto',
    noCache: true,
    keepImages: false,
    bisect: false,
    sourceDateEpoch: { mode: 'none' },
  };
  // The rebuild's manifest takes the published one's media types where the store lets the exporter
  // choose (containerd; the graph-driver store's push always writes Docker's): BuildKit writes OCI
  // types when it pushes attestations, Docker's otherwise, and the types alone change the digest.
  const outputs = info.imageStore === 'containerd' && builder === 'buildkit' && publishedManifestType(top, chosen) === OCI_MANIFEST ? OCI_OUTPUTS : undefined;
  const session = new BuildSession(engine, { settings: buildSettings, builder, buildArgs, chain, dockerfileName, secrets, outputs, output: hooks.output && ((line) => hooks.output!(maskText(line, secrets))) });
  hooks.started?.(session.runId);
  const destination = settings.rebuildRepository ? parseRepository(settings.rebuildRepository, 'verify: --rebuild-repository') : reference;
  const pushRepository = `${destination.host}/${destination.repository}`;
  const tag = rebuildTag(session.runId);
  const timings: Record<string, number> = {};
  // Once pushed and read back, the rebuild is removed (when safe) however the comparison ends.
  let pushed: { digest: string; removal?: Promise<RebuildRemoval> } | null = null;
  const publishedDigests = [top.digest, chosen, ...top.images.map((entry) => entry.digest), ...top.attestations.map((entry) => entry.digest)];
  const removal = (): Promise<RebuildRemoval> => {
    if (!pushed) throw new Error('no rebuild was pushed');
    const { client } = registryClientFor(`docker://${pushRepository}:${tag}`, { insecure: settings.insecure, signal });
    return (pushed.removal ??= removeRebuild({ client, tag, digest: pushed.digest }, publishedDigests));
  };
  try {
    hooks.phase?.('rebuild');
    const built = await session.build('rebuild', conditionsFor([], true)).catch((error: unknown) => {
      // rebuilderd's FAIL: the source does not build here, so nothing can be compared.
      if (error instanceof PairBuildError) throw new PairBuildError(`verify: FAIL: ${error.message}`, error.outputTail);
      throw error;
    });
    timings.buildA = built.millis;
    hooks.phase?.('push the rebuild');
    const credentials = await findCredentials(destination.host, { env: process.env, home: homedir() });
    try {
      await engine.push(built.tag, pushRepository, tag, credentials ? { ...credentials, serveraddress: destination.host } : undefined);
    } finally {
      await engine.removeTag(`${pushRepository}:${tag}`).catch(() => undefined);
    }
    const rebuiltRef = `docker://${pushRepository}:${tag}`;

    hooks.phase?.('compare');
    const started = Date.now();
    const rebuiltTop = await readPublishedTop(rebuiltRef, { insecure: settings.insecure, signal });
    pushed = { digest: rebuiltTop.digest };
    const paired = new PairedContent();
    const platform = platformText(wanted);
    const [published, rebuilt] = await Promise.all([
      loadImage({ kind: 'registry', ref: `docker://${reference.host}/${reference.repository}@${chosen}`, insecure: settings.insecure }, () => engine, 'registry', undefined, paired.sides[0], signal),
      loadImage({ kind: 'registry', ref: `${rebuiltRef}@${rebuiltTop.digest}`, insecure: settings.insecure, platform }, () => engine, 'build', undefined, paired.sides[1], signal),
    ]);
    published.summary.ref = publishedRef;
    const rebuiltManifestDigest = rebuiltManifest(rebuiltTop, wanted);
    const comparison = compareImages(published.archive, rebuilt.archive);
    timings.analysis = Date.now() - started;
    const levels = compareLevels(sideFacts(top, chosen, published), sideFacts(rebuiltTop, rebuiltManifestDigest, rebuilt), comparison.changes.length === 0 && comparison.verdicts.content);
    const verdict = verdictAt(settings.level, levels, comparison.verdicts);
    const origins = mapLayersToInstructions(published.archive.config.history ?? [], chain);
    const layerSources: LayerSource[] = origins.map((o) => ({ instruction: o.instruction, line: o.line, createdBy: o.createdBy || null }));
    hooks.phase?.('explain');
    const explainStarted = Date.now();
    const explanations = await explainDifferences(comparison, published, rebuilt, { variations: [], layerSources, rewriteTimestamp: false, sourceDateEpoch: epoch.value, built: false, paired });
    timings.explain = Date.now() - explainStarted;
    hooks.phase?.('remove the rebuild');
    const removed = await removal();
    const result: VerifyResult = {
      verdict,
      level: settings.level,
      firstDifference: levels.firstDifference,
      origin: null,
      levels: levels.levels,
      notes: levels.notes,
      platforms: platforms.map((entry) => (entry.published === chosen ? { ...entry, rebuilt: rebuiltManifestDigest, verdict, firstDifference: levels.firstDifference } : entry)),
      published: { ref: publishedRef, digest: top.digest, isIndex: top.isIndex, manifestDigest: chosen, configDigest: published.archive.configDigest },
      rebuilt: {
        ref: `${rebuiltRef}@${rebuiltTop.digest}`,
        digest: rebuiltTop.digest,
        isIndex: rebuiltTop.isIndex,
        manifestDigest: rebuiltManifestDigest,
        configDigest: rebuilt.archive.configDigest,
        how: `built once by the engine (${builder}, ${info.imageStore} image store) without the cache, pushed by the engine to ${pushRepository}:${tag} and read back from the registry; ${removed.removed ? 'deleted from the registry afterwards' : 'the tag stays in the registry'}`,
        removal: removed,
      },
      settings: {
        sourceDateEpoch: epoch.value,
        sourceDateEpochFrom: epoch.from,
        target: target ?? null,
        buildArgsFromProvenance: Object.keys(provenance?.buildArgs ?? {}).sort(),
        provenance: provenance?.predicateType ?? null,
        revision: provenance?.revision ?? null,
      },
    };
    const report = buildReport({
      command: 'verify',
      version,
      level: settings.level,
      comparison,
      images: [published.summary, rebuilt.summary],
      variations: [],
      dockerfile: dockerfileName,
      engine: { version: info.version, apiVersion: info.apiVersion, builder, imageStore: info.imageStore },
      layerSources,
      explanations,
      timings,
    });
    report.reproducible = verdict === 'GOOD';
    const layer = report.layers.find((pair) => !pair.identical);
    if (layer && (levels.firstDifference === 'layer' || levels.firstDifference === 'file')) result.origin = { layer: layer.index, instruction: layer.instruction, line: layer.line };
    report.verify = result;
    return report;
  } finally {
    // A comparison that failed still removes what it pushed; its failure is the error reported.
    if (pushed) await removal().catch(() => undefined);
    await session.cleanup();
  }
}

/** Picks the published manifest of the platform rebuilt; lists every platform, the others as not rebuilt. */
function choosePlatform(top: PublishedTop, wanted: Platform): { chosen: string; platforms: VerifyPlatform[] } {
  const text = platformText(wanted);
  if (!top.isIndex) return { chosen: top.digest, platforms: [{ platform: text, published: top.digest, rebuilt: null, verdict: 'UNKNOWN', firstDifference: null }] };
  const images = top.images.filter((entry) => entry.platform?.os !== 'unknown');
  const match = images.find((entry) => entry.platform && platformText({ ...entry.platform, variant: wanted.variant === undefined ? undefined : entry.platform.variant }) === text);
  if (!match) throw new InputError(`verify: UNKNOWN: the published index holds ${images.map((entry) => platformText(entry.platform)).join(', ') || 'no image'}, and this engine builds ${text} (choose one with --platform)`);
  return {
    chosen: match.digest,
    platforms: images.map((entry) => ({
      platform: platformText(entry.platform),
      published: entry.digest,
      rebuilt: null,
      verdict: 'UNKNOWN' as const,
      firstDifference: null,
      ...(entry === match ? {} : { reason: `not rebuilt: this engine builds ${text}` }),
    })),
  };
}

/** The SOURCE_DATE_EPOCH of the rebuild: the provenance's, else the image's `created` when asked, else the usual sources. */
async function sourceDateEpoch(settings: VerifySettings, provenance: ProvenanceSettings | null, top: PublishedTop, chosen: string, buildArgs: Record<string, string>): Promise<{ value: number | null; from: SettingSource }> {
  const recorded = provenance?.buildArgs.SOURCE_DATE_EPOCH;
  if (recorded !== undefined && /^\d+$/.test(recorded) && settings.buildArgs.SOURCE_DATE_EPOCH === undefined) return { value: Number(recorded), from: 'provenance' };
  if (settings.sourceDateEpoch.mode === 'from-image') {
    const created = (await top.config(chosen)).created;
    const millis = typeof created === 'string' ? Date.parse(created) : NaN;
    if (!Number.isFinite(millis)) throw new InputError(`verify: --source-date-epoch from-image: the published config has no valid created time (${JSON.stringify(created)})`);
    return { value: Math.floor(millis / 1000), from: 'image-created' };
  }
  const resolved = await resolveSourceDateEpoch(settings.sourceDateEpoch, settings.context, buildArgs);
  return resolved ? { value: resolved.value, from: resolved.source } : { value: null, from: null };
}

const OCI_OUTPUTS: BuildRequest['outputs'] = [{ type: 'moby', attrs: { 'oci-mediatypes': 'true' } }];

/** The media type of the published image manifest of the platform chosen. */
function publishedManifestType(top: PublishedTop, chosen: string): string | undefined {
  return top.isIndex ? top.images.find((entry) => entry.digest === chosen)?.mediaType : top.mediaType;
}

/** The rebuilt image manifest: what the tag names, or its index's entry for the platform. */
function rebuiltManifest(top: PublishedTop, wanted: Platform): string {
  if (!top.isIndex) return top.digest;
  return top.images.find((entry) => entry.platform?.os === wanted.os && entry.platform.architecture === wanted.architecture)?.digest ?? top.digest;
}

function sideFacts(top: PublishedTop, manifestDigest: string, image: LoadedImage): SideFacts {
  return {
    index: top.isIndex ? { digest: top.digest, images: top.images.filter((entry) => entry.platform?.os !== 'unknown').map((entry) => ({ platform: platformText(entry.platform), digest: entry.digest })), attestations: top.attestations.map((entry) => entry.digest).sort() } : null,
    manifestDigest,
    configDigest: image.archive.configDigest,
    layers: image.archive.layers.map((layer) => ({ blobDigest: layer.blobDigest, diffId: layer.diffId })),
  };
}
