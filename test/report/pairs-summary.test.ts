import { describe, expect, it, test } from 'vitest';
import { pairsSummary, renderSummaryMarkdown, renderSummaryText, rowFromError, rowFromReport, worstExitStatus, type SummaryRow } from '../../src/report/pairs-summary.js';
import { sampleReport } from './report-fixture.js';

/** Three rows written by hand: a pair that differs, one that is the same, one that failed. */
const ROWS: SummaryRow[] = [
  { index: 1, a: 'reg/app:1', b: 'reg/app:2', command: 'diff', level: 'strict', verdicts: { strict: false, layers: false, content: true }, verify: null, reproducible: false, changes: 12, causeGroups: 2, millis: 3456, exitStatus: 1, report: '01-app-1-vs-app-2.json', error: null },
  { index: 2, a: 'old.tar', b: 'new.tar', command: 'diff', level: 'content', verdicts: { strict: true, layers: true, content: true }, verify: null, reproducible: true, changes: 0, causeGroups: 0, millis: 120, exitStatus: 0, report: null, error: null },
  { index: 3, a: 'missing:a', b: 'missing:b', command: null, level: null, verdicts: null, verify: null, reproducible: null, changes: null, causeGroups: null, millis: 40, exitStatus: 2, report: null, error: 'inspect missing:a: not found in the engine' },
];

describe('renderSummaryText', () => {
  it('aligns one row per pair under the column titles and ends with the tally', () => {
    expect(renderSummaryText(ROWS)).toBe(
      [
        '#  A          B          strict   layers   content  changes  causes  time   result',
        '1  reg/app:1  reg/app:2  DIFFERS  DIFFERS  same     12       2       3.5 s  NOT reproducible at strict',
        '2  old.tar    new.tar    same     same     same     0        0       0.1 s  reproducible at content',
        '3  missing:a  missing:b  -        -        -        -        -       0.0 s  error: inspect missing:a: not found in the engine',
        '',
        '3 pairs: 1 reproducible, 1 not reproducible or not verified, 1 failed; exit status 2',
        '',
      ].join('\n'),
    );
  });

  it('cuts the middle out of long names, keeping the tag, and shows control characters', () => {
    const long = { ...ROWS[1]!, a: 'registry.example.com/team/project/service-image:v1.2.3', b: 'x\ny' };
    const line = renderSummaryText([long]).split('\n')[1]!;
    // 40 characters: the first 20, an ellipsis, the last 19.
    expect(line).toContain('registry.example.com…ervice-image:v1.2.3 ');
    expect(line).not.toContain('team');
    expect(line).toContain('x\\ny');
  });
});

describe('renderSummaryMarkdown', () => {
  it('writes a GitHub table with the names as code and every cell escaped', () => {
    const rows: SummaryRow[] = [ROWS[0]!, { ...ROWS[2]!, a: 'a|<b>', error: 'bad *name*' }];
    expect(renderSummaryMarkdown(rows, 'repro-check: 2 reports', 'report')).toBe(
      [
        '## ❌ repro-check: 2 reports',
        '',
        '| # | A | B | strict | layers | content | changes | causes | time | result |',
        '|---|---|---|---|---|---|---|---|---|---|',
        '| 1 | <code>reg/app:1</code> | <code>reg/app:2</code> | DIFFERS | DIFFERS | same | 12 | 2 | 3.5 s | ❌ NOT reproducible at strict |',
        '| 3 | <code>a&#124;&lt;b&gt;</code> | <code>missing:b</code> | - | - | - | - | - | 0.0 s | ❌ error: bad &#42;name&#42; |',
        '',
        '2 reports: 0 reproducible, 1 not reproducible or not verified, 1 failed; exit status 2',
        '',
      ].join('\n'),
    );
  });

  it('opens with a tick when every pair passed', () => {
    expect(renderSummaryMarkdown([ROWS[1]!]).split('\n')[0]).toBe('## ✅ repro-check: many images');
  });
});

describe('rows', () => {
  it('takes verdicts, counts and verify\'s verdict from a report', () => {
    const report = sampleReport();
    report.counts.changes = 7;
    expect(rowFromReport(4, report, { millis: 10, exitStatus: 1 })).toEqual({
      index: 4,
      a: 't:a',
      b: 't:b',
      command: 'build',
      level: 'strict',
      verdicts: { strict: false, layers: false, content: false },
      verify: null,
      reproducible: false,
      changes: 7,
      causeGroups: report.causes.length,
      millis: 10,
      exitStatus: 1,
      report: null,
      error: null,
    });
  });

  test.each([
    [[], 0],
    [[0, 0], 0],
    [[0, 1, 0], 1],
    [[1, 2, 0], 2],
  ])('the exit status of %j is %i', (statuses, worst) => {
    expect(worstExitStatus(statuses.map((exitStatus) => ({ exitStatus })))).toBe(worst);
  });

  it('makes summary.json with the worst exit status', () => {
    const rows = [rowFromError(1, 'a', 'b', 'boom', null), ROWS[1]!];
    expect(pairsSummary('diff', rows)).toEqual({ schemaVersion: 1, kind: 'repro-check-summary', source: 'diff', rows, exitStatus: 2 });
    expect(rows[0]).toMatchObject({ verdicts: null, error: 'boom', exitStatus: 2, millis: null });
  });
});
