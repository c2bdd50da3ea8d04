import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { explainDifferences, PairedContent, type ExplainSide } from '../../src/check/explain-changes.js';
import { compareImages, type ImageComparison } from '../../src/compare/image-compare.js';
import { parseDockerfile } from '../../src/dockerfile/dockerfile-parser.js';
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

describe('explainDifferences: evidence and origins', () => {
  const status = (version: string) => `Package: tzdata\nStatus: install ok installed\nArchitecture: all\nVersion: ${version}\nDescription: time zone data\n`;
  const common = { 'usr/share/doc/readme': 'same\n' };
  const a = { ...common, 'var/lib/dpkg/status': status('2024a-0+deb12u1'), 'usr/share/zoneinfo/tzdata.zi': '# version 2024a\n', 'var/lib/dpkg/info/tzdata.list': '/.\n/usr/share/zoneinfo/tzdata.zi\n' };
  const b = { ...common, 'var/lib/dpkg/status': status('2024b-0+deb12u1'), 'usr/share/zoneinfo/tzdata.zi': '# version 2024b\n', 'var/lib/dpkg/info/tzdata.list': '/.\n/usr/share/zoneinfo/tzdata.zi\n/usr/share/zoneinfo/x\n' };

  it.each([true, false])('reads package versions from both images (content kept by the first read: %s)', async (keep) => {
    const paired = keep ? new PairedContent() : undefined;
    const images = [await savedImage(a), await savedImage(b)];
    const [sa, sb] = await Promise.all(
      images.map(async (image, i): Promise<ExplainSide> => ({
        archive: await readImageArchive(Readable.from([image]), { content: paired?.sides[i] }),
        reopen: async () => Readable.from([image]),
        content: paired?.sides[i],
      })),
    );
    const comparison = compareImages(sa!.archive, sb!.archive);
    const explanations = await explainDifferences(comparison, sa!, sb!, { ...context, paired });
    const byPath = new Map(comparison.changes.map((c, i) => [c.path, explanations.changes[i]!]));
    expect(byPath.get('/var/lib/dpkg/status')!.cause).toBe('dependency-version');
    expect(byPath.get('/var/lib/dpkg/status')!.evidence.packages).toEqual([{ name: 'tzdata', a: '2024a-0+deb12u1', b: '2024b-0+deb12u1', source: '/var/lib/dpkg/status' }]);
    expect(byPath.get('/usr/share/zoneinfo/tzdata.zi')!.cause).toBe('dependency-version');
    for (const change of explanations.changes) expect(Object.keys(change.evidence).length).toBeGreaterThan(0);
  });

  it('groups a carried difference at the line where it began', async () => {
    const entry = (mode: number) => ({ path: '/hello.sh', type: 'file' as const, mode, size: 6, mtime: { sec: 1_700_000_000, nsec: 0 }, digest: 'sha256:0' });
    const comparison: ImageComparison = {
      verdicts: { strict: false, layers: false, content: false },
      config: [],
      layers: [
        { index: 0, a: 'sha256:a0', b: 'sha256:b0', identical: false },
        { index: 1, a: 'sha256:a1', b: 'sha256:b1', identical: false },
      ],
      changes: [
        { path: '/hello.sh', layer: 0, kind: 'modified', aspects: ['mode'], old: entry(0o644), new: entry(0o664) },
        { path: '/hello.sh', layer: 1, kind: 'modified', aspects: ['mode'], old: entry(0o744), new: entry(0o764) },
      ],
      contentChanges: [],
      unverifiable: [],
      attestations: { a: [], b: [], identical: true },
    };
    const unread = { archive: { layers: [] }, reopen: async () => Readable.from([]) } as unknown as ExplainSide;
    const layerSources = [
      { instruction: 'ADD ./hello.sh /hello.sh', line: 13, createdBy: null },
      { instruction: 'RUN chmod u+x /hello.sh', line: 14, createdBy: null },
    ];
    const explanations = await explainDifferences(comparison, unread, unread, { variations: ['time', 'context-mode'], layerSources, rewriteTimestamp: false, built: true });
    expect(explanations.changes[1]!.origin).toEqual({ layer: 0, line: 13 });
    const fileGroups = explanations.groups.filter((g) => g.layer !== null && g.paths[0] !== '(layer tar)');
    expect(fileGroups.map((g) => [g.cause, g.line, g.count])).toEqual([['context-mode', 13, 1]]);
  });

  const unreadSide = { archive: { layers: [] }, reopen: async () => Readable.from([]) } as unknown as ExplainSide;
  const twoLayers = (changes: ImageComparison['changes']): ImageComparison => ({
    verdicts: { strict: false, layers: false, content: false },
    config: [],
    layers: [
      { index: 0, a: 'sha256:a0', b: 'sha256:b0', identical: false },
      { index: 1, a: 'sha256:a1', b: 'sha256:b1', identical: false },
    ],
    changes,
    contentChanges: [],
    unverifiable: [],
    attestations: { a: [], b: [], identical: true },
  });

  it('groups a copy a build step made with the file it copies, at that file\'s line', async () => {
    const entry = (path: string, mode: number) => ({ path, type: 'file' as const, mode, uid: 0, gid: 0, size: 19, mtime: { sec: 1_700_000_000, nsec: 0 }, digest: 'sha256:1111' });
    const comparison = twoLayers([
      { path: '/app/src/main.js', layer: 0, kind: 'modified', aspects: ['mode'], old: entry('/app/src/main.js', 0o644), new: entry('/app/src/main.js', 0o664) },
      { path: '/app/dist/main.js', layer: 1, kind: 'modified', aspects: ['mode'], old: entry('/app/dist/main.js', 0o644), new: entry('/app/dist/main.js', 0o664) },
    ]);
    const layerSources = [
      { instruction: 'COPY src/ src/', line: 6, createdBy: null },
      { instruction: 'RUN npm run build', line: 7, createdBy: null },
    ];
    const explanations = await explainDifferences(comparison, unreadSide, unreadSide, { variations: ['time', 'context-mode'], layerSources, rewriteTimestamp: false, built: true });
    expect(explanations.changes[1]!.origin).toEqual({ layer: 0, line: 6 });
    expect(explanations.changes[1]!.evidence.copyOf).toBe('/app/src/main.js');
    const fileGroups = explanations.groups.filter((g) => g.layer !== null && g.paths[0] !== '(layer tar)');
    expect(fileGroups.map((g) => [g.cause, g.line, g.paths])).toEqual([['context-mode', 6, ['/app/dist/main.js', '/app/src/main.js']]]);
  });

  it('points the group of files a COPY --from brought to the line of the stage that made them', async () => {
    const entry = (path: string, sec: number) => ({ path, type: 'file' as const, mode: 0o644, uid: 0, gid: 0, size: 3, mtime: { sec, nsec: 0 }, digest: 'sha256:2222' });
    const comparison = twoLayers([
      { path: '/srv/app.bin', layer: 1, kind: 'modified', aspects: ['mtime'], old: entry('/srv/app.bin', 1_700_000_000), new: entry('/srv/app.bin', 1_700_000_090) },
    ]);
    const stages = parseDockerfile('FROM debian AS builder\nRUN cc -o /out/app.bin main.c\nFROM busybox\nCOPY --from=builder /out/ /srv/\n').stages;
    const layerSources = [
      { instruction: null, line: null, createdBy: null },
      { instruction: 'COPY --from=builder /out/ /srv/', line: 4, createdBy: null },
    ];
    const explanations = await explainDifferences(comparison, unreadSide, unreadSide, { variations: ['time'], layerSources, rewriteTimestamp: false, built: true, stages });
    expect(explanations.changes[0]!.cause).toBe('build-mtime');
    expect(explanations.changes[0]!.origin).toEqual({ layer: 1, line: 2 });
    const group = explanations.groups.find((g) => g.cause === 'build-mtime')!;
    expect([group.layer, group.line, group.instruction]).toEqual([1, 2, 'RUN cc -o /out/app.bin main.c']);
  });
});
