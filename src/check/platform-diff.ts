import { compareImages, type Verdicts } from '../compare/image-compare.js';
import { platformText } from '../registry/image-index.js';
import { readPublishedTop, type PublishedTop } from '../registry/published-index.js';
import { readRegistryImage } from '../registry/registry-image.js';
import type { ReportPlatform } from '../report/report.js';
import type { ImageSource, Level } from '../settings.js';

/**
 * `diff` of two registry indexes, platform by platform: every platform either index holds is
 * listed, with each side's manifest digest and, where both hold it, the verdicts of comparing the
 * two images. Attestation manifests are listed apart by the report and decide nothing.
 */

/** The indexes of two registry sides, or null when a side is not a registry index or names a platform. */
export async function readIndexPair(a: ImageSource, b: ImageSource, signal?: AbortSignal): Promise<[PublishedTop, PublishedTop] | null> {
  if (a.kind !== 'registry' || b.kind !== 'registry' || a.platform !== undefined || b.platform !== undefined) return null;
  const [topA, topB] = await Promise.all([readPublishedTop(a.ref, { insecure: a.insecure, signal }), readPublishedTop(b.ref, { insecure: b.insecure, signal })]);
  return topA.isIndex && topB.isIndex ? [topA, topB] : null;
}

/** The platforms an index holds images for, by `os/arch[/variant]`, with their manifest digests. */
function platformsOf(top: PublishedTop): Map<string, string> {
  return new Map(top.images.filter((entry) => entry.platform && entry.platform.os !== 'unknown').map((entry) => [platformText(entry.platform), entry.digest]));
}

/**
 * Compares the images of every platform both indexes hold. `detailed` names the platform whose
 * comparison the report details (it is not read again here); the others are read and compared
 * for their verdicts and counts only.
 */
export async function comparePlatforms(
  sides: [ImageSource & { kind: 'registry' }, ImageSource & { kind: 'registry' }],
  tops: [PublishedTop, PublishedTop],
  level: Level,
  detailed: { platform: string; verdicts: Verdicts; differingLayers: number; changes: number },
  signal?: AbortSignal,
): Promise<ReportPlatform[]> {
  const [mapA, mapB] = tops.map(platformsOf) as [Map<string, string>, Map<string, string>];
  const names = [...new Set([...mapA.keys(), ...mapB.keys()])].sort();
  const rows: ReportPlatform[] = [];
  for (const platform of names) {
    const a = mapA.get(platform) ?? null;
    const b = mapB.get(platform) ?? null;
    if (a === null || b === null) {
      rows.push({ platform, a, b, verdicts: null, reproducible: false, differingLayers: 0, changes: 0, note: `only in ${a === null ? 'B' : 'A'}` });
      continue;
    }
    if (platform === detailed.platform) {
      rows.push({ platform, a, b, verdicts: detailed.verdicts, reproducible: detailed.verdicts[level], differingLayers: detailed.differingLayers, changes: detailed.changes, note: 'detailed in this report' });
      continue;
    }
    if (a === b) {
      rows.push({ platform, a, b, verdicts: { strict: true, layers: true, content: true }, reproducible: true, differingLayers: 0, changes: 0, note: 'same manifest' });
      continue;
    }
    const [imageA, imageB] = await Promise.all(sides.map((side) => readRegistryImage(side.ref, { insecure: side.insecure, platform, signal })));
    const comparison = compareImages(imageA!.archive, imageB!.archive);
    rows.push({
      platform,
      a,
      b,
      verdicts: comparison.verdicts,
      reproducible: comparison.verdicts[level],
      differingLayers: comparison.layers.filter((layer) => !layer.identical).length,
      changes: comparison.changes.length,
    });
  }
  return rows;
}
