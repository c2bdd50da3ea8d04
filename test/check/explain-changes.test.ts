import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { explainDifferences, PairedContent, type ExplainSide } from '../../src/check/explain-changes.js';
import { compareImages } from '../../src/compare/image-compare.js';
import { readImageArchive } from '../../src/image/save-reader.js';
import { savedImage } from '../image/saved-image.js';

const common = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`app/f${i}.txt`, `file ${i}\n`]));
const filesA = { ...common, 'app/version.txt': 'version 1\nbuilt Monday\n' };
const filesB = { ...common, 'app/version.txt': 'version 1\nbuilt Tuesday\n' };

/** Reads both images at once, as `diff` does, with or without a PairedContent; counts second reads. */
async function pair(paired: PairedContent | undefined) {
  const bytes = [await savedImage(filesA), await savedImage(filesB)];
  const reads = { count: 0 };
  const [a, b] = await Promise.all(
    bytes.map(async (image, i): Promise<ExplainSide> => ({
      archive: await readImageArchive(Readable.from([image]), { content: paired?.sides[i] }),
      reopen: async () => {
        reads.count++;
        return Readable.from([image]);
      },
      content: paired?.sides[i],
    })),
  );
  return { a: a!, b: b!, reads };
}

const context = { variations: [], layerSources: [], rewriteTimestamp: false };

describe('explainDifferences', () => {
  it('explains from the content the first read kept, without reading either image again', async () => {
    const paired = new PairedContent();
    const { a, b, reads } = await pair(paired);
    const comparison = compareImages(a.archive, b.archive);
    expect(comparison.changes.map((c) => c.path)).toEqual(['/app/version.txt']);
    const explanations = await explainDifferences(comparison, a, b, { ...context, paired });
    expect(reads.count).toBe(0);
    expect(explanations.changes[0]!.detail).toMatch(/text differs/);
    expect(explanations.changes[0]!.diff).toContain('+built Tuesday');
  });

  it('gives the same explanation from a second read when nothing was kept', async () => {
    const paired = new PairedContent();
    const kept = await pair(paired);
    const reread = await pair(undefined);
    const fromKept = await explainDifferences(compareImages(kept.a.archive, kept.b.archive), kept.a, kept.b, { ...context, paired });
    const fromReread = await explainDifferences(compareImages(reread.a.archive, reread.b.archive), reread.a, reread.b, context);
    expect(reread.reads.count).toBe(2);
    expect(fromKept.changes).toEqual(fromReread.changes);
  });
});
