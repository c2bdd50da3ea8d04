import { createReadStream } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareImages } from '../../src/compare/image-compare.js';
import type { ImageArchive } from '../../src/image/image-archive.js';
import { readImageArchive } from '../../src/image/save-reader.js';

const fixture = (name: string) => readImageArchive(createReadStream(new URL(`../fixtures/save/${name}`, import.meta.url)));
let graphdriver: ImageArchive;
let containerd: ImageArchive;
let legacy: ImageArchive;

beforeAll(async () => {
  [graphdriver, containerd, legacy] = await Promise.all([fixture('oci-graphdriver.tar.gz'), fixture('oci-containerd.tar.gz'), fixture('legacy.tar.gz')]);
});

describe('compareImages on images of one Dockerfile built by three engines', () => {
  it('finds an image identical to itself, whatever its layout or compression', () => {
    const same = compareImages(graphdriver, graphdriver);
    expect(same.verdicts).toEqual({ strict: true, layers: true, content: true });
    expect(same.changes).toEqual([]);
    expect(same.config).toEqual([]);
  });

  it('pairs layers by position and lists file changes only for differing layers', () => {
    const result = compareImages(graphdriver, containerd);
    expect(result.layers.map((l) => l.index)).toEqual([0, 1, 2, 3]);
    for (const pair of result.layers) {
      expect(pair.a).toBe(graphdriver.layers[pair.index]!.diffId);
      expect(pair.b).toBe(containerd.layers[pair.index]!.diffId);
      const layerChanges = result.changes.filter((c) => c.layer === pair.index);
      if (pair.identical) expect(layerChanges).toEqual([]);
      else expect(layerChanges.length).toBeGreaterThan(0);
    }
    expect(result.verdicts.strict).toBe(false);
    expect(result.config.some((d) => d.field === 'created')).toBe(true);
  });

  it('tells whiteout markers apart: an opaque directory on one store, per-file whiteouts on the other', () => {
    const result = compareImages(graphdriver, containerd);
    const last = result.changes.filter((c) => c.layer === 3).map((c) => [c.path, c.kind]);
    expect(last).toEqual(expect.arrayContaining([['/olddir/.wh..wh..opq', 'removed'], ['/olddir/.wh.a', 'added'], ['/olddir/.wh.b', 'added']]));
    // Both merge to the same /olddir, so this is no content difference.
    expect(result.contentChanges.some((c) => c.path.startsWith('/olddir'))).toBe(false);
  });

  it('reports what BuildKit adds that the classic builder does not as content changes', () => {
    const result = compareImages(legacy, graphdriver);
    const added = result.contentChanges.filter((c) => c.kind === 'added').map((c) => c.path);
    expect(added).toEqual(expect.arrayContaining(['/dev', '/proc', '/sys']));
    expect(result.verdicts.content).toBe(false);
    // Timestamps never count for the content verdict.
    expect(result.contentChanges.every((c) => !c.aspects.includes('mtime'))).toBe(true);
  });

  it('reports a missing layer as all its entries added', () => {
    const shorter: ImageArchive = { ...graphdriver, layers: graphdriver.layers.slice(0, 3) };
    const result = compareImages(shorter, graphdriver);
    expect(result.layers[3]).toEqual({ index: 3, a: null, b: graphdriver.layers[3]!.diffId, identical: false });
    expect(result.changes.filter((c) => c.layer === 3).every((c) => c.kind === 'added')).toBe(true);
    expect(result.verdicts.layers).toBe(false);
  });
});
