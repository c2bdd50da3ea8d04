import { compareImages } from '../compare/image-compare.js';
import type { Engine } from '../engine/engine.js';
import { buildReport, type ChangeListing, type LayerSource, type Report } from '../report/report.js';
import type { DiffSettings } from '../settings.js';
import { explainDifferences, PairedContent } from './explain-changes.js';
import { loadImage } from './image-source.js';

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
  const paired = new PairedContent();
  const [a, b] = await Promise.all([
    loadImage(settings.a, engine, undefined, undefined, paired.sides[0], signal),
    loadImage(settings.b, engine, undefined, undefined, paired.sides[1], signal),
  ]);
  const comparison = compareImages(a.archive, b.archive);
  const history = (a.archive.config.history ?? []).filter((entry) => entry.empty_layer !== true);
  const layerSources: LayerSource[] = a.archive.layers.map((_, i) => ({ instruction: null, line: null, createdBy: history[i]?.created_by ?? null }));
  const analysed = Date.now();
  const explanations = await explainDifferences(comparison, a, b, { variations: [], layerSources, rewriteTimestamp: false, paired });
  const explained = Date.now();
  const engineInfo = await info;
  return buildReport({
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
}
