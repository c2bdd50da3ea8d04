import { describe, expect, it, test } from 'vitest';
import type { ImageComparison } from '../../src/compare/image-compare.js';
import { buildReport, type ReportInput } from '../../src/report/build-report.js';
import { renderTextSummary } from '../../src/report/text-summary.js';

const comparison: ImageComparison = {
  verdicts: { strict: false, layers: false, content: false },
  config: [{ field: 'created', a: '2024-01-01T00:00:00Z', b: '2024-01-01T00:00:05Z' }],
  layers: [
    { index: 0, a: 'sha256:aa', b: 'sha256:aa', identical: true },
    { index: 1, a: 'sha256:bb', b: 'sha256:cc', identical: false },
  ],
  changes: [
    {
      layer: 1,
      path: '/x',
      kind: 'modified',
      aspects: ['content', 'mtime'],
      old: { path: '/x', type: 'file', mode: 0o644, uid: 0, gid: 0, size: 5, mtime: { sec: 1704067200, nsec: 5 }, digest: 'sha256:1111' },
      new: { path: '/x', type: 'file', mode: 0o644, uid: 0, gid: 0, size: 6, mtime: { sec: 1704067205, nsec: 0 }, digest: 'sha256:2222' },
    },
    { layer: 1, path: '/new', kind: 'added', aspects: [], new: { path: '/new', type: 'symlink', linkTarget: '/x', mode: 0o777 } },
  ],
  contentChanges: [{ path: '/x', kind: 'modified', aspects: ['content', 'size'] }],
  unverifiable: [],
  attestations: { a: [], b: [], identical: true },
};

const input: ReportInput = {
  command: 'build',
  version: '9.9.9',
  level: 'content',
  comparison,
  images: [
    { id: 'sha256:' + 'a'.repeat(64), configDigest: 'sha256:' + 'a'.repeat(64), source: 'build', ref: 't:a', layout: 'oci', layerCount: 2 },
    { id: 'sha256:' + 'b'.repeat(64), configDigest: 'sha256:' + 'b'.repeat(64), source: 'build', ref: 't:b', layout: 'oci', layerCount: 2 },
  ],
  variations: ['time'],
  dockerfile: 'Dockerfile',
  engine: { version: '28.5.2', apiVersion: '1.51', builder: 'buildkit', imageStore: 'graphdriver' },
  layerSources: [
    { instruction: null, line: null, createdBy: 'COPY base / # buildkit' },
    { instruction: 'RUN date > /x', line: 4, createdBy: 'RUN /bin/sh -c date > /x # buildkit' },
  ],
  timings: { buildA: 1, buildB: 2, analysis: 3 },
};

describe('buildReport', () => {
  const report = buildReport(input);

  it('carries the verdicts and decides reproducible at the chosen level', () => {
    expect(report).toMatchObject({ schemaVersion: 1, tool: { name: 'repro-check', version: '9.9.9' }, reproducible: false, level: 'content' });
    expect(buildReport({ ...input, level: 'strict', comparison: { ...comparison, verdicts: { strict: true, layers: true, content: true } } }).reproducible).toBe(true);
  });

  it('maps each layer to its instruction and line and counts its changes', () => {
    expect(report.layers).toEqual([
      { index: 0, a: 'sha256:aa', b: 'sha256:aa', identical: true, instruction: null, line: null, createdBy: 'COPY base / # buildkit', changes: 0 },
      { index: 1, a: 'sha256:bb', b: 'sha256:cc', identical: false, instruction: 'RUN date > /x', line: 4, createdBy: 'RUN /bin/sh -c date > /x # buildkit', changes: 2 },
    ]);
    expect(report.counts).toEqual({ layers: 2, differingLayers: 1, changes: 2, added: 1, removed: 0, modified: 1 });
  });

  it('describes both sides of a change with digests, sizes, octal modes and exact times', () => {
    expect(report.changes[0]).toEqual({
      path: '/x',
      layer: 1,
      kind: 'modified',
      aspects: ['content', 'mtime'],
      a: { type: 'file', mode: '0644', uid: 0, gid: 0, size: 5, mtime: '1704067200.000000005', mtimeIso: '2024-01-01T00:00:00.000Z', sha256: '1111' },
      b: { type: 'file', mode: '0644', uid: 0, gid: 0, size: 6, mtime: '1704067205.000000000', mtimeIso: '2024-01-01T00:00:05.000Z', sha256: '2222' },
    });
    expect(report.changes[1]).toEqual({ path: '/new', layer: 1, kind: 'added', aspects: [], b: { type: 'symlink', mode: '0777', link: '/x' } });
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('renderTextSummary', () => {
  it('shows the verdicts, the layers with their lines, the changes and the config fields', () => {
    const text = renderTextSummary(buildReport(input), 'out/report.json');
    expect(text).toContain('repro-check: NOT reproducible at level content');
    expect(text).toContain('build B varied by: time');
    expect(text).toMatch(/strict\s+DIFFER\s+image aaaaaaaaaaaa vs bbbbbbbbbbbb/);
    expect(text).toMatch(/#1\s+2 files differ\s+Dockerfile:4\s+RUN date > \/x/);
    expect(text).toMatch(/#0\s+identical\s+base image/);
    expect(text).toMatch(/#1\s+modified\s+\/x\s+content, mtime/);
    expect(text).toContain('Config: 1 field differs: created');
    expect(text).toContain('Report: out/report.json');
  });

  it('colours the verdicts only when asked (a terminal)', () => {
    expect(renderTextSummary(buildReport(input))).not.toContain('\x1b[');
    expect(renderTextSummary(buildReport(input), undefined, { color: true })).toContain('\x1b[31mNOT reproducible\x1b[0m');
  });

  it('keeps a file name with a newline on one line, so it cannot forge output lines', () => {
    const hostile = buildReport({ ...input, comparison: { ...comparison, changes: [{ ...comparison.changes[1]!, path: '/a\n::error::forged' }] } });
    const text = renderTextSummary(hostile);
    expect(text).toContain('/a\\n::error::forged');
    expect(text.split('\n').some((line) => line.startsWith('::error::'))).toBe(false);
  });
});

describe('buildReport: which changes are listed', () => {
  const file = (path: string, sec: number) => ({ path, type: 'file' as const, mode: 0o644, size: 1, mtime: { sec, nsec: 0 }, digest: 'sha256:11' });
  // Layer 1: /x differs in content, /d in mode and mtime, 25 files in mtime alone; layer 2: one more mtime-only file.
  const onlyTime = Array.from({ length: 25 }, (_, i) => `/t/${String(i).padStart(2, '0')}`);
  const many: ImageComparison = {
    ...comparison,
    layers: [...comparison.layers, { index: 2, a: 'sha256:dd', b: 'sha256:ee', identical: false }],
    changes: [
      comparison.changes[0]!,
      { layer: 1, path: '/d', kind: 'modified', aspects: ['mode', 'mtime'], old: file('/d', 1), new: { ...file('/d', 2), mode: 0o600 } },
      ...onlyTime.map((path) => ({ layer: 1, path, kind: 'modified' as const, aspects: ['mtime' as const], old: file(path, 1), new: file(path, 2) })),
      { layer: 2, path: '/late', kind: 'modified', aspects: ['mtime'], old: file('/late', 1), new: file('/late', 2) },
    ],
  };

  test.each([
    ['all', ['/x', '/d', ...onlyTime, '/late']],
    ['content', ['/x', '/d']],
    ['none', []],
  ] as const)('--changes %s lists %j', (listing, paths) => {
    const listed = buildReport({ ...input, comparison: many, changes: listing });
    expect(listed.changesListed).toBe(listing);
    expect(listed.changes.map((c) => c.path)).toEqual(paths);
    // Whatever is listed, the counts and the timestamp-only groups count every change.
    expect(listed.counts.changes).toBe(28);
    expect(listed.layers.map((l) => l.changes)).toEqual([0, 27, 1]);
    expect(listed.timestampOnly).toEqual([
      { layer: 1, count: 25, paths: onlyTime.slice(0, 20) },
      { layer: 2, count: 1, paths: ['/late'] },
    ]);
  });

  it('lists every change by default', () => {
    expect(buildReport({ ...input, comparison: many }).changes).toHaveLength(28);
  });
});
