import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { renderJobSummary } from '../../src/report/job-summary.js';
import type { ReportPlatform } from '../../src/report/report.js';
import { renderTextSummary } from '../../src/report/text-summary.js';
import type { VerifyResult } from '../../src/verify/verify-result.js';
import { sampleReport } from '../report/report-fixture.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const verify: VerifyResult = {
  verdict: 'BAD',
  level: 'strict',
  firstDifference: 'file',
  origin: { layer: 1, instruction: 'RUN date > /x', line: 3 },
  levels: { index: 'not compared', manifest: 'differs', config: 'differs', 'compressed-layer': 'equal', layer: 'differs', file: 'differs' },
  notes: ['a note'],
  platforms: [
    { platform: 'linux/amd64', published: d('1'), rebuilt: d('2'), verdict: 'BAD', firstDifference: 'file' },
    { platform: 'linux/arm64', published: d('3'), rebuilt: null, verdict: 'UNKNOWN', firstDifference: null, reason: 'not rebuilt: this engine builds linux/amd64' },
  ],
  published: { ref: `docker://127.0.0.1:5000/app@${d('1')}`, digest: d('1'), isIndex: true, manifestDigest: d('1'), configDigest: d('4') },
  rebuilt: { ref: `docker://127.0.0.1:5000/app:t@${d('2')}`, digest: d('2'), isIndex: false, manifestDigest: d('2'), configDigest: d('5'), how: 'pushed', removal: { removed: false, reason: 'kept' } },
  settings: { sourceDateEpoch: 1700000000, sourceDateEpochFrom: 'provenance', target: null, buildArgsFromProvenance: [], provenance: null, revision: null },
};
const platforms: ReportPlatform[] = [
  { platform: 'linux/amd64', a: d('1'), b: d('1'), verdicts: { strict: true, layers: true, content: true }, reproducible: true, differingLayers: 0, changes: 0, note: 'detailed in this report' },
  { platform: 'linux/arm64', a: d('3'), b: null, verdicts: null, reproducible: false, differingLayers: 0, changes: 0, note: 'only in A' },
];

describe('verify in the summaries', () => {
  it('the text summary says the verdict, where the difference begins, each level and the platform not rebuilt', () => {
    const text = renderTextSummary(sampleReport({ command: 'verify', verify }));
    expect(text).toContain('  verify: BAD at level strict; the difference begins at file (layer #1, Dockerfile line 3: RUN date > /x)\n');
    expect(text).toContain('  levels: index not compared, manifest differs, config differs, compressed-layer equal, layer differs, file differs\n');
    expect(text).toContain('  linux/arm64: UNKNOWN, not rebuilt: this engine builds linux/amd64\n');
    expect(text).toContain('  rebuilt with SOURCE_DATE_EPOCH=1700000000 (provenance)\n');
    expect(text).toContain('  note: a note\n');
  });

  it('the job summary says the verdict and lists the levels', () => {
    const markdown = renderJobSummary(sampleReport({ command: 'verify', verify }));
    expect(markdown).toContain(`Verified <code>127.0.0.1:5000/app@${d("1")}</code>: **BAD**; the difference begins at file (Dockerfile line 3).`);
    expect(markdown).toContain('| compressed-layer | equal |');
  });
});

describe('platforms of a diff of two indexes in every output', () => {
  const report = sampleReport({ command: 'diff', platforms, attestations: { a: [d('7')], b: [d('8')], identical: false } });

  it('text', () => {
    const text = renderTextSummary(report);
    expect(text).toMatch(/\n {2}linux\/amd64 +111111111111 +111111111111 +same {2}detailed in this report\n/);
    expect(text).toMatch(/\n {2}linux\/arm64 +333333333333 +- +missing {2}only in A\n/);
    expect(text).toContain('attestation manifests (decide nothing): 1 in A, 1 in B, different');
  });

  it('job summary', () => {
    const markdown = renderJobSummary(report);
    expect(markdown).toContain('| linux/arm64 | <code>333333333333</code> | - | missing (only in A) |');
    expect(markdown).toContain('Attestation manifests decide nothing: 1 in A, 1 in B.');
  });

  it('HTML', () => {
    const html = renderHtmlReport(report, {});
    expect(html).toContain(`<tr><td>linux/arm64</td><td><code>${d('3')}</code></td><td>-</td><td>missing (only in A)</td></tr>`);
  });
});
