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
  it('replaces every occurrence of every value, in every string of the report', () => {
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
