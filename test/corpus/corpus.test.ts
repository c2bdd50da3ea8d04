import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderHtmlReport } from '../../src/report/html-report.js';
import type { Report } from '../../src/report/report.js';
import { FIRST_SCREEN, loadFirstScreen, measuredRows } from '../report/first-screen.js';
import { diffArchives } from '../oracle/diff-report.js';
import { runOracle } from '../oracle/run-oracle.js';
import { CORPUS_DIR, CORPUS_OUT, corpusCases } from './corpus-cases.js';
import { countGrades, grade, type ExpectedCase, type Graded } from './corpus-score.js';

// Each case was built twice by repro-check (global-setup.ts). Every path whose merged file systems
// differ beyond timestamps, as the independent oracle finds them, is graded: the tool's cause and
// line against the hand-written analysis in expected.json.
const CASES = corpusCases();
const graded: Graded[] = [];
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe.each(CASES)('corpus case %s', (name) => {
  const out = join(CORPUS_OUT, name);
  const expected = readJson<ExpectedCase>(join(CORPUS_DIR, name, 'expected.json'));

  test('verdicts and content differences: build report, diff of the saves, and the oracle agree with expected.json', async () => {
    const report = readJson<Report>(join(out, 'report.json'));
    const [oracle, diff] = await Promise.all([runOracle(join(out, 'a.tar'), join(out, 'b.tar')), diffArchives(join(out, 'a.tar'), join(out, 'b.tar'))]);
    // Grade first, so the figures count this case even when one of its checks below fails.
    const paths = oracle.contentChanges.map((change) => change.path).sort();
    const grades = paths.map((path) => grade(expected, report, path));
    graded.push(...grades);
    expect(oracle.verdicts).toEqual(expected.verdicts);
    expect(report.verdicts).toEqual(oracle.verdicts);
    expect(diff.verdicts).toEqual(oracle.verdicts);
    expect(report.contentChanges.map((change) => change.path).sort()).toEqual(paths);
    expect(diff.contentChanges.map((change) => change.path).sort()).toEqual(paths);

    // Every expectation must meet a difference: an analysis that no longer applies is stale.
    const stale = expected.differences.filter((difference) => !grades.some((item) => item.expected?.pattern === difference.path));
    expect(stale.map((difference) => difference.path)).toEqual([]);
    // A confident wrong cause or line, or a difference the analysis does not cover, fails the case.
    expect(grades.filter((item) => item.grade === 'wrong' || item.grade === 'unlisted')).toEqual([]);
  }, 300_000);
});

describe('corpus figures', () => {
  test('no wrong cause, and at least 90% of the content differences explained with the right cause and line', () => {
    const figures = countGrades(graded);
    const share = (count: number) => (figures.total ? ((100 * count) / figures.total).toFixed(1) : '0.0');
    console.log(
      `corpus: ${figures.total} content differences in ${CASES.length} cases: ` +
        `right ${figures.right} (${share(figures.right)}%), unknown ${figures.unknown} (${share(figures.unknown)}%), ` +
        `wrong ${figures.wrong} (${share(figures.wrong)}%), unlisted ${figures.unlisted}`,
    );
    for (const item of graded.filter((entry) => entry.grade !== 'right')) {
      console.log(`  ${item.grade}: ${item.path}: expected ${JSON.stringify(item.expected)}, tool ${JSON.stringify(item.tool)}`);
    }
    expect(figures.total).toBeGreaterThan(0);
    expect(figures.wrong + figures.unlisted).toBe(0);
    expect(figures.right / figures.total).toBeGreaterThanOrEqual(0.9);
  });
});

describe('the HTML report of a real build with many cause groups', () => {
  test('shows a change of every cause group on its first screen', async () => {
    // The corpus case whose report has the most cause groups (a Node app: npm caches, context
    // modes and times, build times), as a reader would open it.
    const reports = CASES.map((name) => readJson<Report>(join(CORPUS_OUT, name, 'report.json')));
    const report = reports.reduce((most, r) => (r.causes.length > most.causes.length ? r : most));
    expect(report.causes.length).toBeGreaterThanOrEqual(5);
    const dir = mkdtempSync(join(tmpdir(), 'repro-check-corpus-html-'));
    try {
      const loaded = await loadFirstScreen(renderHtmlReport(report), dir, 'corpus');
      const { rows } = measuredRows(loaded.dom);
      expect(rows.map((row) => row.cause)).toEqual(report.causes.map((group) => group.cause));
      for (const [i, group] of report.causes.entries()) {
        const row = rows[i]!;
        const [head, tail] = row.example.split('…');
        const own = group.paths.some((p) => p === row.example || (tail !== undefined && p.startsWith(head!) && p.endsWith(tail)));
        expect(own, `${group.cause}: ${row.example} is not one of its paths`).toBe(true);
        expect(row.bottom, `${group.cause} (${row.example}) ends at ${row.bottom}`).toBeLessThanOrEqual(FIRST_SCREEN.fold);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
