import { describe, expect, it } from 'vitest';
import { listByGroup, mostImportant } from '../../src/report/change-groups.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { renderJobSummary } from '../../src/report/job-summary.js';
import type { Report, ReportChange } from '../../src/report/report.js';
import { renderTextSummary } from '../../src/report/text-summary.js';
import { group, sampleReport } from './report-fixture.js';

const change = (path: string, cause: string | undefined, aspects: ReportChange['aspects'], layer = 1): ReportChange => ({ path, layer, kind: 'modified', aspects, ...(cause ? { cause } : {}) });

/** Layer 1: a thousand mtime-only files (paths first in order), one embedded date, one mode; layer 2: two unexplained files. */
function crowdedReport(): Report {
  const mtimes = Array.from({ length: 1000 }, (_, i) => change(`/a/${String(i).padStart(4, '0')}`, 'build-mtime', ['mtime']));
  return sampleReport({
    changes: [...mtimes, change('/m', 'umask', ['mode']), change('/z', 'embedded-date', ['content', 'mtime']), change('/u1', undefined, ['mtime'], 2), change('/u2', undefined, ['content'], 2)],
    causes: [
      group({ cause: 'embedded-date', title: 'Dates written into files', paths: ['/z'] }),
      group({ cause: 'umask', title: 'Umask', paths: ['/m'] }),
      group({ cause: 'build-mtime', title: 'Build-time file mtimes', count: 1000, paths: ['/a/0000'], timestampsOnly: true }),
      group({ layer: null, cause: 'config-created', title: 'Build time in the image config', paths: ['created'], instruction: null, line: null }),
    ],
    layers: [
      { index: 0, a: 'sha256:0', b: 'sha256:0', identical: true, instruction: null, line: null, createdBy: null, changes: 0 },
      { index: 1, a: 'sha256:1', b: 'sha256:2', identical: false, instruction: 'RUN build', line: 4, createdBy: null, changes: 1002 },
      { index: 2, a: 'sha256:3', b: 'sha256:4', identical: false, instruction: 'RUN more', line: 5, createdBy: null, changes: 2 },
    ],
  });
}

describe('listByGroup', () => {
  it('lists a few changes of each group in the order of the causes, each with its count, then the changes no group holds', () => {
    const report = crowdedReport();
    const listed = listByGroup(report.changes, report.causes, { perGroup: 2, total: 5 });
    expect(listed.map((entry) => [entry.group?.cause ?? null, entry.count, entry.shown.map((c) => c.path)])).toEqual([
      ['embedded-date', 1, ['/z']],
      ['umask', 1, ['/m']],
      ['build-mtime', 1000, ['/a/0000', '/a/0001']],
      [null, 2, ['/u2']],
    ]);
  });

  it('gives groups past the total nothing to show, and keeps them listed with their count', () => {
    const report = crowdedReport();
    const listed = listByGroup(report.changes, report.causes, { perGroup: 3, total: 2 });
    expect(listed.map((entry) => [entry.group?.cause ?? null, entry.count, entry.shown.length])).toEqual([
      ['embedded-date', 1, 1],
      ['umask', 1, 1],
      ['build-mtime', 1000, 0],
      [null, 2, 0],
    ]);
  });

  it('keeps the most important changes when some must go, in their original order', () => {
    const changes = [change('/1', 'c', ['mtime']), change('/2', 'c', ['content']), change('/3', 'c', ['mode']), change('/4', 'c', ['content'])];
    expect(mostImportant(changes, 2).map((c) => c.path)).toEqual(['/2', '/4']);
    expect(mostImportant(changes, 3).map((c) => c.path)).toEqual(['/2', '/3', '/4']);
  });
});

describe('the changes lists', () => {
  const report = crowdedReport();

  it('text summary: three per group, the group named with its count, the embedded date before the mtimes', () => {
    const lines = renderTextSummary(report).split('\n');
    const start = lines.findIndex((l) => l.startsWith('Changes ('));
    expect(lines.slice(start, start + 14)).toEqual([
      'Changes (7 of 1004, up to 3 per cause, most important cause first):',
      '  #1 Dates written into files (embedded-date): 1 change',
      '    #1  modified  /z  content, mtime',
      '  #1 Umask (umask): 1 change',
      '    #1  modified  /m  mode',
      '  #1 Build-time file mtimes (build-mtime): 1000 changes, 3 shown',
      '    #1  modified  /a/0000  mtime',
      '    #1  modified  /a/0001  mtime',
      '    #1  modified  /a/0002  mtime',
      '  other changes: 2 changes',
      '    #2  modified  /u1  mtime',
      '    #2  modified  /u2  content',
      '',
      'Config: 1 field differs: created',
    ]);
  });

  it('job summary: a table per group with its count, ten files of the large group', () => {
    const text = renderJobSummary(report);
    const details = text.slice(text.indexOf('<details><summary>Layer 1'));
    expect(details.indexOf('Dates written into files (<code>embedded-date</code>): 1 file')).toBeLessThan(details.indexOf('Build-time file mtimes (<code>build-mtime</code>): 1000 files, 10 shown'));
    expect(details).toContain('| <code>/z</code> | modified | content, mtime |');
    expect(details).toContain('| <code>/a/0009</code> |');
    expect(details).not.toContain('<code>/a/0010</code>');
    expect(details).toContain('990 more files of this layer are in the JSON report.');
    expect(text).toContain('Other changes: 2 files');
  });

  it('HTML: a row per group with its count, then its files, the large group cut at 100', () => {
    const html = renderHtmlReport(report);
    const z = html.indexOf('<tr class="group"><th colspan="6">Dates written into files (<code>embedded-date</code>): 1 file</th></tr>');
    const mtimes = html.indexOf('<tr class="group"><th colspan="6">Build-time file mtimes (<code>build-mtime</code>): 1000 files, 100 shown</th></tr>');
    expect(z).toBeGreaterThan(0);
    expect(mtimes).toBeGreaterThan(z);
    expect(html.indexOf('<td class="path"><code>/z</code>')).toBeGreaterThan(z);
    expect(html.indexOf('<td class="path"><code>/z</code>')).toBeLessThan(mtimes);
    expect(html).toContain('<code>/a/0099</code>');
    expect(html).not.toContain('<code>/a/0100</code>');
    expect(html).toContain('<tr class="group"><th colspan="6">Other changes: 2 files</th></tr>');
  });
});
