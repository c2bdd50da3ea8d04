import { compareImages } from '../compare/image-compare.js';
import type { Engine } from '../engine/engine.js';
import { buildReport, type LayerSource, type Report } from '../report/report.js';
import type { DiffSettings } from '../settings.js';
import { explainDifferences } from './explain-changes.js';
import { loadImage } from './image-source.js';

/**
 * Compares two existing images, each from the engine or an archive file. Layers are described by
 * their history entries; there is no Dockerfile to map them to.
 */
export async function runDiffCheck(settings: DiffSettings, engine: () => Engine, version: string): Promise<Report> {
  const started = Date.now();
  const [a, b] = await Promise.all([loadImage(settings.a, engine), loadImage(settings.b, engine)]);
  const comparison = compareImages(a.archive, b.archive);
  const history = (a.archive.config.history ?? []).filter((entry) => entry.empty_layer !== true);
  const layerSources: LayerSource[] = a.archive.layers.map((_, i) => ({ instruction: null, line: null, createdBy: history[i]?.created_by ?? null }));
  const analysed = Date.now();
  const explanations = await explainDifferences(comparison, a, b, { variations: [], layerSources, rewriteTimestamp: false });
  const explained = Date.now();
  const usesEngine = settings.a.kind === 'engine' || settings.b.kind === 'engine';
  const info = usesEngine ? await engine().info() : null;
  return buildReport({
    command: 'diff',
    version,
    level: settings.level,
    comparison,
    images: [a.summary, b.summary],
    variations: [],
    dockerfile: null,
    engine: info ? { version: info.version, apiVersion: info.apiVersion, builder: 'none', imageStore: info.imageStore } : null,
    layerSources,
    explanations,
    timings: { analysis: analysed - started, explain: explained - analysed },
  });
}
