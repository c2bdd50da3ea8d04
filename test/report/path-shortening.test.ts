import { describe, expect, test } from 'vitest';
import { compareDrift } from '../../src/drift/drift-compare.js';
import { defaultRules } from '../../src/drift/rule-set.js';
import { toAnnotations } from '../../src/report/annotations.js';
import { driftAnnotations, renderDriftSummary } from '../../src/report/drift-summary.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { renderJobSummary } from '../../src/report/job-summary.js';
import type { Report } from '../../src/report/report.js';
import { toSarif } from '../../src/report/sarif.js';
import { renderTextSummary } from '../../src/report/text-summary.js';
import { group, sampleReport } from './report-fixture.js';

// A path of 260 characters: every output that shortens paths must keep its head and its file name.
const DEEP = '/usr/lib/python3/dist-packages/' + 'd/'.repeat(100) + '__pycache__/x.cpython-311.pyc';
/** Shortened: the head, an ellipsis, whole components and the file name, as nothing else is. */
const SHORTENED = /\/usr\/lib\/python3\/[a-z/-]*…[a-z_/]*\/x\.cpython-311\.pyc/;

function deepReport(): Report {
  const report = sampleReport();
  report.changes.push({ path: DEEP, layer: 1, kind: 'modified', aspects: ['content'], cause: 'pyc-timestamp' });
  report.causes.splice(1, 0, group({ cause: 'pyc-timestamp', title: 'Python bytecode', hint: 'Compile with `SOURCE_DATE_EPOCH` set.', paths: [DEEP] }));
  return report;
}

const rules = (id: string) => ({ id, title: id, explanation: id, fix: id });

/** A VM whose deep file changed since the baseline. */
function deepDrift() {
  const entry = (digest: string) => new Map([[DEEP, { path: DEEP, type: 'file' as const, mode: 0o644, uid: 0, gid: 0, size: 3, digest, mtime: { sec: 1, nsec: 0 } }]]);
  return compareDrift(entry('sha256:aa'), entry('sha256:bb'), { rules: defaultRules(), clone: false, baselineName: 'golden.mtree', snapshotName: 'vm.mtree' });
}

describe('outputs that shorten paths keep the file name', () => {
  test.each<[string, () => string]>([
    ['text summary', () => renderTextSummary(deepReport())],
    // The job summary writes `_` as `&#95;` (Markdown emphasis); GitHub shows it as `_`.
    ['job summary', () => renderJobSummary(deepReport()).replaceAll('&#95;', '_')],
    ['annotations', () => toAnnotations(deepReport(), 'Dockerfile').map((a) => a.message).join('\n')],
    ['SARIF', () => JSON.stringify(toSarif(deepReport(), 'Dockerfile', rules))],
    ['drift summary', () => renderDriftSummary(deepDrift()).replaceAll('&#95;', '_')],
    ['drift annotations', () => driftAnnotations(deepDrift(), undefined).map((a) => a.message).join('\n')],
    ['HTML causes table', () => renderHtmlReport(deepReport()).split('<section id="causes">')[1]!.split('</section>')[0]!],
  ])('%s', (_, render) => {
    const out = render();
    expect(out).toMatch(SHORTENED);
    expect(out).not.toContain(DEEP);
  });

  test('the text summary lists the change in 80 characters, cut after whole components', () => {
    // Worked out by hand: 41 characters of head up to a `/`, the ellipsis, and the 38 last ones.
    expect(renderTextSummary(deepReport())).toContain('  /usr/lib/python3/dist-packages/d/d/d/d/d/…/d/d/d/d/__pycache__/x.cpython-311.pyc');
  });

  test('the HTML file table keeps the whole path', () => {
    expect(renderHtmlReport(deepReport())).toContain(`<td class="path"><code>${DEEP}</code></td>`);
  });
});
