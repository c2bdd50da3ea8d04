import { compareImages } from '../compare/image-compare.js';
import type { Engine } from '../engine/engine.js';
import { buildReport } from '../report/build-report.js';
import type { ChangeListing, LayerSource, Report } from '../report/report.js';
import type { DiffSettings } from '../settings.js';
import { explainDifferences, PairedContent } from './explain-changes.js';
import { loadImage } from './image-source.js';
import { comparePlatforms, readIndexPair } from './platform-diff.js';
import { DEFAULT_PLATFORM, platformText } from '../registry/image-index.js';

/**
 * Compares two existing images, each from the engine, an archive file or a registry. Layers are
 * described by their history entries; there is no Dockerfile to map them to. `signal` stops the
 * reads of registry images (the engine is stopped through its own signal). `changes` says which
 * file changes the report lists (all by default).
 */
export async function runDiffCheck(settings: DiffSettings, engine: () => Engine, version: string, signal?: AbortSignal, changes: ChangeListing = 'all'): Promise<Report> {
  const started = Date.now();
  const usesEngine = settings.a.kind === 'engine' || settings.b.kind === 'engine';
  // Asked while the images stream in rather than after them.
  const info = usesEngine ? engine().info() : Promise.resolve(null);
  info.catch(() => undefined);
  // Two indexes: the details are of one platform (the default), the table covers every one.
  const indexes = await readIndexPair(settings.a, settings.b, signal);
  let sideA = settings.a;
  let sideB = settings.b;
  let detailedPlatform: string | null = null;
  if (indexes) {
    const shared = indexes[0].images.filter((entry) => entry.platform && entry.platform.os !== 'unknown' && indexes[1].images.some((other) => platformText(other.platform) === platformText(entry.platform)));
    const chosen = shared.find((entry) => platformText(entry.platform) === platformText(DEFAULT_PLATFORM)) ?? shared[0];
    if (chosen) {
      detailedPlatform = platformText(chosen.platform);
      sideA = { ...settings.a, platform: detailedPlatform } as typeof settings.a;
      sideB = { ...settings.b, platform: detailedPlatform } as typeof settings.b;
    }
  }
  const paired = new PairedContent();
  const [a, b] = await Promise.all([
    loadImage(sideA, engine, undefined, undefined, paired.sides[0], signal),
    loadImage(sideB, engine, undefined, undefined, paired.sides[1], signal),
  ]);
  const comparison = compareImages(a.archive, b.archive);
  const history = (a.archive.config.history ?? []).filter((entry) => entry.empty_layer !== true);
  const layerSources: LayerSource[] = a.archive.layers.map((_, i) => ({ instruction: null, line: null, createdBy: history[i]?.created_by ?? null }));
  const analysed = Date.now();
  const explanations = await explainDifferences(comparison, a, b, { variations: [], layerSources, rewriteTimestamp: false, paired });
  const explained = Date.now();
  const engineInfo = await info;
  const platforms = indexes
    ? await comparePlatforms([settings.a, settings.b] as Parameters<typeof comparePlatforms>[0], indexes, settings.level, {
        platform: detailedPlatform ?? '',
        verdicts: comparison.verdicts,
        differingLayers: comparison.layers.filter((layer) => !layer.identical).length,
        changes: comparison.changes.length,
      }, signal)
    : null;
  const report = buildReport({
    command: 'diff',
    version,
    level: settings.level,
    comparison,
    images: [a.summary, b.summary],
    variations: [],
    dockerfile: null,
    engine: engineInfo ? { version: engineInfo.version, apiVersion: engineInfo.apiVersion, builder: 'none', imageStore: engineInfo.imageStore } : null,
    layerSources,
    explanations,
    changes,
    timings: { analysis: analysed - started, explain: explained - analysed },
  });
  if (platforms) {
    report.platforms = platforms;
    // Every platform decides: one that differs, or that only one index holds, makes the pair differ.
    report.reproducible = report.reproducible && platforms.every((row) => row.reproducible);
  }
  return report;
}
