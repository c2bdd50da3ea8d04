import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASK, maskSecrets } from '../../src/report/mask-secrets.js';
import type { Report } from '../../src/report/report.js';
import { group, sampleReport } from './report-fixture.js';

const TOKEN = 'ghp_s3cr3tT0ken';
const PASSWORD = 'hunter2-pw';

/** A report that carries the build arguments' values wherever a build can put them. */
function reportWithSecrets(): Report {
  const createdBy = `RUN |2 TOKEN=${TOKEN} PASSWORD=${PASSWORD} /bin/sh -c curl -H "Authorization: ${TOKEN}" x`;
  return sampleReport({
    layers: [{ index: 0, a: 'sha256:1', b: 'sha256:2', identical: false, instruction: `RUN echo ${TOKEN} > /x`, line: 3, createdBy, changes: 1 }],
    changes: [
      {
        path: `/root/.cache/${TOKEN}/file`,
        layer: 0,
        kind: 'modified',
        aspects: ['content'],
        a: { type: 'symlink', link: `/run/${PASSWORD}` },
        hint: `Do not write ${TOKEN} into the image.`,
        detail: `line 1 differs: ${PASSWORD}`,
        diff: `--- a/x\n+++ b/x\n@@ -1 +1 @@\n-token=${TOKEN}\n+token=${TOKEN}x\n`,
      },
    ],
    causes: [group({ layer: 0, paths: [`/root/.cache/${TOKEN}/file`], instruction: `RUN echo ${TOKEN} > /x`, hint: `Remove ${PASSWORD}` })],
    config: [
      { field: 'history[1].created_by', a: createdBy, b: createdBy.replace('curl', 'wget') },
      { field: 'config.Env', a: [`TOKEN=${TOKEN}`, 'PATH=/bin'], b: [`TOKEN=${TOKEN}`, `PASSWORD=${PASSWORD}`] },
      { field: `config.Labels.${TOKEN}`, a: { [`key-${PASSWORD}`]: [{ nested: TOKEN }] }, b: null },
    ],
    contentChanges: [{ path: `/root/.cache/${TOKEN}/file`, kind: 'modified', aspects: ['content'] }],
    culprits: ['time'],
    variationResults: [{ variation: 'time', identical: false, changes: [{ layer: 0, path: `/tmp/${TOKEN}`, kind: 'added', aspects: [] }] }],
  });
}

const occurrences = (text: string, value: string) => text.split(value).length - 1;

describe('maskSecrets', () => {
  it('replaces every occurrence of every value in the free text of the report', () => {
    const report = reportWithSecrets();
    const before = JSON.stringify(report);
    const masked = JSON.stringify(maskSecrets(report, [TOKEN, PASSWORD]));
    expect(masked).not.toContain(TOKEN);
    expect(masked).not.toContain(PASSWORD);
    expect(occurrences(masked, MASK)).toBe(occurrences(before, TOKEN) + occurrences(before, PASSWORD));
  });

  it('masks each place a build argument shows up', () => {
    const masked = maskSecrets(reportWithSecrets(), [TOKEN, PASSWORD]);
    expect(masked.layers[0]!.createdBy).toBe('RUN |2 TOKEN=*** PASSWORD=*** /bin/sh -c curl -H "Authorization: ***" x');
    expect(masked.layers[0]!.instruction).toBe('RUN echo *** > /x');
    expect(masked.changes[0]).toMatchObject({ path: '/root/.cache/***/file', a: { link: '/run/***' }, hint: 'Do not write *** into the image.', detail: 'line 1 differs: ***' });
    expect(masked.changes[0]!.diff).toBe('--- a/x\n+++ b/x\n@@ -1 +1 @@\n-token=***\n+token=***x\n');
    expect(masked.causes[0]).toMatchObject({ paths: ['/root/.cache/***/file'], instruction: 'RUN echo *** > /x', hint: 'Remove ***' });
    expect(masked.config[1]).toEqual({ field: 'config.Env', a: ['TOKEN=***', 'PATH=/bin'], b: ['TOKEN=***', 'PASSWORD=***'] });
    expect(masked.config[2]).toEqual({ field: 'config.Labels.***', a: { 'key-***': [{ nested: '***' }] }, b: null });
    expect(masked.contentChanges[0]!.path).toBe('/root/.cache/***/file');
    expect(masked.variationResults![0]!.changes[0]!.path).toBe('/tmp/***');
  });

  it('is pure: the input is unchanged and the result shares no object with it', () => {
    const report = reportWithSecrets();
    const copy = structuredClone(report);
    const masked = maskSecrets(report, [TOKEN]);
    expect(report).toEqual(copy);
    expect(masked).not.toBe(report);
    expect(masked.changes).not.toBe(report.changes);
    expect(masked.images[0]).not.toBe(report.images[0]);
    expect(maskSecrets(report, [])).toEqual(report);
    expect(maskSecrets(report, [])).not.toBe(report);
  });

  it('leaves values shorter than 3 characters, and empty ones, alone', () => {
    const report = sampleReport();
    expect(maskSecrets(report, ['', 'a', '/x', '1'])).toEqual(report);
    expect(maskSecrets(report, ['RUN']).layers[1]!.instruction).toBe('*** date > /x');
  });

  it('masks the longer of two overlapping values whole, and takes values literally, not as patterns', () => {
    const report = sampleReport({ changes: [{ path: '/a/secret-long/b', layer: 1, kind: 'added', aspects: [], detail: 'x.*(y)|z and xA*(y)|z' }] });
    const masked = maskSecrets(report, ['secret', 'secret-long', 'x.*(y)|z']);
    expect(masked.changes[0]!.path).toBe('/a/***/b');
    expect(masked.changes[0]!.detail).toBe('*** and xA*(y)|z');
  });

  it('never rewrites digests, IDs, refs or enumerated config fields, even where a value occurs in them', () => {
    const value = 'c0ffee';
    const digest = `sha256:${value}${'0'.repeat(58)}`;
    const report = sampleReport({
      images: [
        { id: digest, configDigest: digest, source: 'build', ref: `repro-check-${value}:a`, layout: 'oci', layerCount: 2 },
        { id: digest, configDigest: digest, source: 'build', ref: `repro-check-${value}:b`, layout: 'oci', layerCount: 2 },
      ],
      layers: [{ index: 0, a: digest, b: digest, identical: false, instruction: `RUN echo ${value}`, line: 2, createdBy: null, changes: 1 }],
      changes: [{ path: `/${value}`, layer: 0, kind: 'modified', aspects: ['content'], a: { type: 'file', sha256: `${value}11` }, b: { type: 'file', sha256: `${value}22` }, cause: 'embedded-date' }],
      config: [
        { field: 'architecture', a: `${value}64`, b: 'arm64' },
        { field: 'history[2].created', a: `2024-${value}`, b: '2024' },
        { field: 'config.Image', a: digest, b: '' },
        { field: 'config.Env', a: [`X=${value}`], b: [] },
      ],
      attestations: { a: [digest], b: [], identical: false },
      engine: { version: value, apiVersion: '1.51', builder: 'buildkit', imageStore: 'graphdriver' },
    });
    const masked = maskSecrets(report, [value]);
    expect(masked.images).toEqual(report.images);
    expect(masked.attestations).toEqual(report.attestations);
    expect(masked.engine).toEqual(report.engine);
    expect(masked.layers[0]).toMatchObject({ a: digest, b: digest, instruction: 'RUN echo ***' });
    expect(masked.changes[0]).toMatchObject({ path: '/***', a: { sha256: `${value}11` }, b: { sha256: `${value}22` } });
    expect(masked.config.slice(0, 3)).toEqual(report.config.slice(0, 3));
    expect(masked.config[3]).toEqual({ field: 'config.Env', a: ['X=***'], b: [] });
  });

  it('masks the paths and notes of a baseline drift report, not its digests or counts', () => {
    const value = 'dr1ftk3y';
    const baseline: NonNullable<Report['baseline']> = {
      schemaVersion: 1,
      baseline: 'base.json',
      snapshot: 'image A',
      drift: true,
      clone: false,
      counts: { baselineEntries: 1, snapshotEntries: 1, added: 0, removed: 0, modified: 1, ignored: 0, hazards: 0, security: 0, securityIgnored: 0 },
      changes: [{ path: `/etc/${value}`, kind: 'modified', aspects: ['content'], notable: `holds ${value}`, old: { path: `/etc/${value}`, type: 'file', digests: { sha256: `${value}aa` } } }],
      hazards: [],
      unverifiable: [],
      rules: [],
    };
    const masked = maskSecrets(sampleReport({ baseline }), [value]).baseline!;
    expect(masked.changes[0]).toEqual({ path: '/etc/***', kind: 'modified', aspects: ['content'], notable: 'holds ***', old: { path: '/etc/***', type: 'file', digests: { sha256: `${value}aa` } } });
    expect(masked.counts).toEqual(baseline.counts);
  });

  it('leaves no value in any string it is written into (property)', () => {
    const value = fc.string({ unit: 'binary', minLength: 3, maxLength: 12 }).filter((v) => !v.includes('*'));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 3 }), fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { minLength: 1, maxLength: 6 }), (values, parts) => {
        const path = parts.map((part, i) => part + values[i % values.length]).join('');
        const masked = maskSecrets(sampleReport({ contentChanges: [{ path, kind: 'added', aspects: [] }] }), values);
        for (const v of values) expect(masked.contentChanges[0]!.path).not.toContain(v);
      }),
      { numRuns: 300 },
    );
  });
});
