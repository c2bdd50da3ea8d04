import { describe, expect, test } from 'vitest';
import { fixMarkdown, fixTextLines } from '../../src/report/fix-summary.js';
import type { FixReport } from '../../src/report/report.js';
import { renderJobSummary } from '../../src/report/job-summary.js';
import { renderTextSummary } from '../../src/report/text-summary.js';
import { sampleReport } from '../report/report-fixture.js';

const fix: FixReport = {
  mode: 'verify',
  patch: '--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,2 +1,2 @@\n FROM x\n-RUN apt-get update\n+RUN apt-get update && rm -rf /var/lib/apt/lists/*\n',
  patchFile: null,
  written: false,
  settings: ['SOURCE_DATE_EPOCH=1700000000 (commit time)'],
  checkoutSteps: [],
  rounds: 1,
  before: { strict: false, layers: false, content: false },
  after: { strict: false, layers: false, content: true },
  differingLayers: { before: [1, 2], after: [2] },
  groups: [
    { cause: 'apt-state', layer: 1, line: 2, remedy: 'remove /var/lib/apt/lists/* in the same RUN', kind: 'edit', removed: true, remaining: 0, remainingPaths: [] },
    { cause: 'embedded-date', layer: 2, line: 3, remedy: 'none: date', kind: 'none', removed: false, remaining: 1, remainingPaths: ['/x'] },
  ],
  sideEffects: [],
  unfixable: [{ cause: 'embedded-date', layer: 2, line: 3, count: 1, paths: ['/x'], reason: 'the step writes the date' }],
  buildError: null,
  verified: true,
  images: null,
};

describe('fix summaries', () => {
  test('text: before → after per level, the remedy and its result, the patch', () => {
    const lines = fixTextLines(fix);
    expect(lines).toContain('  content differs → same');
    expect(lines).toContain('  strict  differs → differs');
    expect(lines).toContain('  layers differing: #1 #2 → #2');
    expect(lines).toContain('  #1 line 2 apt-state: remove /var/lib/apt/lists/* in the same RUN (fixed)');
    expect(lines).toContain('  no remedy: #2 line 3 embedded-date: the step writes the date');
    expect(lines).toContain('    +RUN apt-get update && rm -rf /var/lib/apt/lists/*');
  });

  test('the text summary has the section only with a fix', () => {
    expect(renderTextSummary(sampleReport())).not.toContain('Fix (');
    expect(renderTextSummary(sampleReport({ fix }))).toContain('Fix (verify, 1 round):');
  });

  test('markdown: a verdict table and the patch in an escaped pre block', () => {
    const hostile = { ...fix, patch: '--- a/D\n+++ b/D\n@@ -1 +1 @@\n-RUN a\n+RUN a </pre><script>x</script>\n' };
    const text = fixMarkdown(hostile);
    expect(text).toContain('| content | differs | same |');
    expect(text).toContain('&lt;/pre&gt;&lt;script&gt;');
    expect(text).not.toContain('<script>');
    expect(renderJobSummary(sampleReport({ fix }))).toContain('### Fix');
  });
});
