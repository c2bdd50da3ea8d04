import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minimatch } from 'minimatch';
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
/** Per case, whether the fix made it reproducible at content, as the oracle reads A′ and B′. */
const fixed = new Map<string, boolean>();
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

describe.each(CASES)('corpus case %s, fixed', (name) => {
  const out = join(CORPUS_OUT, name);
  const expected = readJson<ExpectedCase>(join(CORPUS_DIR, name, 'expected.json')).fix!;

  test('--fix verify: A′ and B′ as the oracle reads them, nothing changed in A but what the analysis of the patch says', async () => {
    const report = readJson<Report>(join(out, 'report.json'));
    const fix = report.fix!;
    const [after, changed, varying] = await Promise.all([
      runOracle(join(out, 'a-fix.tar'), join(out, 'b-fix.tar')),
      runOracle(join(out, 'a.tar'), join(out, 'a-fix.tar')),
      runOracle(join(out, 'a.tar'), join(out, 'b.tar')),
    ]);
    fixed.set(name, after.verdicts.content);
    expect(fix.verified).toBe(true);
    expect(fix.sideEffects).toEqual([]);
    // The tool's verdicts of the patched pair are the independent reader's, and the analysis's.
    expect(fix.after).toEqual(after.verdicts);
    expect(after.verdicts.content).toBe(expected.content);
    // A against A′ beyond timestamps: only what the patch removes or rewrites, or what differs
    // between any two builds anyway (A against B).
    const unstable = new Set(varying.contentChanges.map((change) => change.path));
    const unexplained = changed.contentChanges.filter((change) => !unstable.has(change.path) && !expected.changes.some((glob) => minimatch(change.path, glob, { dot: true })));
    expect(unexplained).toEqual([]);
    // What still differs is reported as unfixable, with the cause the analysis names.
    const remaining = after.contentChanges.map((change) => fix.unfixable.find((entry) => entry.paths.includes(change.path))?.cause ?? `not reported: ${change.path}`);
    expect([...new Set(remaining)].sort()).toEqual(expected.remaining);
    // Two builds a round on top of the check, timed apart.
    expect(report.timings.fixBuilds).toBeGreaterThan(0);
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

  test('--fix makes at least 80% of the cases reproducible at content', () => {
    const made = [...fixed.values()].filter(Boolean).length;
    console.log(`corpus: --fix verify made ${made} of ${fixed.size} cases reproducible at content (the oracle on A′ and B′); not: ${[...fixed].filter(([, ok]) => !ok).map(([name]) => name).join(', ') || 'none'}`);
    expect(fixed.size).toBe(CASES.length);
    expect(made / fixed.size).toBeGreaterThanOrEqual(0.8);
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
