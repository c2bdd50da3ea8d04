import type { Report, ReportCauseGroup } from '../../src/report/report.js';

/** A cause group with defaults, for the output converters' tests. */
export function group(overrides: Partial<ReportCauseGroup> = {}): ReportCauseGroup {
  return {
    layer: 1,
    cause: 'embedded-date',
    title: 'Dates written into files',
    hint: 'Write SOURCE_DATE_EPOCH instead of the current date.',
    count: 1,
    paths: ['/x'],
    timestampsOnly: false,
    instruction: 'RUN date > /x',
    line: 4,
    ...overrides,
  };
}

/** A small report of a build whose layer 1 differs. */
export function sampleReport(overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'repro-check', version: '0.0.0' },
    command: 'build',
    reproducible: false,
    level: 'strict',
    verdicts: { strict: false, layers: false, content: false },
    images: [
      { id: 'sha256:' + 'a'.repeat(64), configDigest: 'sha256:' + 'a'.repeat(64), source: 'build', ref: 't:a', layout: 'oci', layerCount: 2 },
      { id: 'sha256:' + 'b'.repeat(64), configDigest: 'sha256:' + 'b'.repeat(64), source: 'build', ref: 't:b', layout: 'oci', layerCount: 2 },
    ],
    variations: ['time'],
    skippedVariations: [],
    timestamps: null,
    culprits: null,
    control: null,
    variationResults: null,
    dockerfile: 'Dockerfile',
    engine: null,
    config: [{ field: 'created', a: '1', b: '2', cause: 'config-created' }],
    layers: [
      { index: 0, a: 'sha256:0', b: 'sha256:0', identical: true, instruction: 'COPY busybox /bin/busybox', line: 2, createdBy: 'COPY busybox /bin/busybox # buildkit', changes: 0 },
      { index: 1, a: 'sha256:1', b: 'sha256:2', identical: false, instruction: 'RUN date > /x', line: 4, createdBy: 'RUN /bin/sh -c date > /x # buildkit', changes: 2 },
    ],
    changesListed: 'all',
    timestampOnly: [{ layer: 1, count: 1, paths: ['/tmp'] }],
    changes: [
      {
        path: '/x',
        layer: 1,
        kind: 'modified',
        aspects: ['content', 'mtime'],
        a: { type: 'file', mode: '0644', size: 29, mtimeIso: '2024-01-01T00:00:00.000Z', sha256: '11' },
        b: { type: 'file', mode: '0644', size: 29, mtimeIso: '2024-01-01T00:00:02.000Z', sha256: '22' },
        cause: 'embedded-date',
        hint: 'Write SOURCE_DATE_EPOCH instead of the current date.',
        diff: '--- a/x\n+++ b/x\n@@ -1 +1 @@\n-Mon Jan  1 00:00:00 UTC 2024\n+Mon Jan  1 00:00:02 UTC 2024\n',
      },
      { path: '/tmp', layer: 1, kind: 'modified', aspects: ['mtime'], cause: 'build-mtime' },
    ],
    causes: [
      group(),
      group({ cause: 'build-mtime', title: 'Build-time file mtimes', hint: 'touch -d @$SOURCE_DATE_EPOCH', paths: ['/tmp'], timestampsOnly: true }),
      group({ layer: null, cause: 'config-created', title: 'Build time in the image config', hint: 'SOURCE_DATE_EPOCH', paths: ['created'], timestampsOnly: true, instruction: null, line: null }),
    ],
    contentChanges: [{ path: '/x', kind: 'modified', aspects: ['content'] }],
    unverifiable: [],
    baseline: null,
    attestations: { a: [], b: [], identical: true },
    counts: { layers: 2, differingLayers: 1, changes: 2, added: 0, removed: 0, modified: 2 },
    timings: {},
    fix: null,
    ...overrides,
  };
}
