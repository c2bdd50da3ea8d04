import { describe, expect, it } from 'vitest';
import { renderJobSummary } from '../../src/report/job-summary.js';
import type { ReportChange } from '../../src/report/report.js';
import { sampleReport } from './report-fixture.js';

describe('renderJobSummary', () => {
  const text = renderJobSummary(sampleReport(), '/tmp/report.json');

  it('opens with the verdict and a table of the three verdicts', () => {
    expect(text.split('\n')[0]).toBe('## ❌ repro-check: not reproducible at level `strict`');
    expect(text).toContain('| strict | ❌ differs | image <code>aaaaaaaaaaaa</code> vs <code>bbbbbbbbbbbb</code> |');
    expect(text).toContain('| layers | ❌ differs | 1 of 2 layers differ |');
  });

  it('says which variations were not applied, and why', () => {
    const summary = renderJobSummary(sampleReport({ skippedVariations: [{ name: 'no-cache', reason: 'both builds skip the build cache (the default)' }] }));
    expect(summary).toContain('Not varied: <code>no-cache</code>: both builds skip the build cache (the default).');
  });

  it('lists each layer with its instruction, line and the files changed by aspect', () => {
    expect(text).toContain('| # | instruction | line | identical | content | mode | owner | mtime | xattrs |');
    expect(text).toContain('| 0 | <code>COPY busybox /bin/busybox</code> | 2 | ✅ |  |  |  |  |  |');
    expect(text).toContain('| 1 | <code>RUN date &gt; /x</code> | 4 | ❌ | 1 |  |  | 2 |  |');
  });

  it('ranks the top causes with their fixes', () => {
    expect(text).toContain('| ❌ | Dates written into files (<code>embedded-date</code>) | layer 1, line 4 | 1 | Write SOURCE&#95;DATE&#95;EPOCH instead of the current date. |');
    expect(text).toContain('| ❌ | Build time in the image config (<code>config-created</code>) | image config | 1 |');
  });

  it('sets the code spans of titles and hints as code, not as escaped backticks', () => {
    const out = renderJobSummary(sampleReport({ causes: [{ ...sampleReport().causes[0]!, hint: 'Run `touch -d @0 /x` after `RUN date > /x`.' }] }));
    expect(out).toContain('| Run <code>touch -d @0 /x</code> after <code>RUN date &gt; /x</code>. |');
    expect(out).not.toContain('&#96;');
  });

  it('puts per-layer details, with text diffs, in collapsible sections', () => {
    expect(text).toContain('<details><summary>Layer 1: RUN date &gt; /x (line 4): 2 files differ</summary>');
    expect(text).toContain('-Mon Jan  1 00:00:00 UTC 2024');
    expect(text).toContain('The full report: <code>/tmp/report.json</code>');
  });

  it('escapes hostile names so they cannot break the table or inject HTML', () => {
    const hostile: ReportChange = { path: '/a|b<script>`x`\n</details>', layer: 1, kind: 'added', aspects: [] };
    const out = renderJobSummary(sampleReport({ changes: [hostile] }));
    expect(out).toContain('<code>/a&#124;b&lt;script&gt;&#96;x&#96;&#92;n&lt;/details&gt;</code>');
    expect(out).not.toContain('<script>');
    expect(out.match(/<\/details>/g)).toHaveLength(1);
  });

  it('stays within the limit, pointing to the report for the rest', () => {
    const many: ReportChange[] = Array.from({ length: 40 }, (_, layer) => ({ path: '/f'.padEnd(300, 'x'), layer: layer + 1, kind: 'modified', aspects: ['content'], diff: 'x'.repeat(4000) }));
    const layers = Array.from({ length: 41 }, (_, index) => ({ index, a: 'a', b: index === 0 ? 'a' : 'b', identical: index === 0, instruction: `RUN step ${index}`, line: index + 1, createdBy: null, changes: 1 }));
    const out = renderJobSummary(sampleReport({ changes: many, layers }), undefined, 60_000);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(60_000);
    expect(out).toMatch(/\d+ more layers are not shown here/);
  });
});
