import { minimatch } from 'minimatch';
import type { Report, ReportChange } from '../../src/report/report.js';

/** One hand-written expectation of test/corpus/<case>/expected.json: a path glob and its cause. */
export interface ExpectedDifference {
  /** Glob over absolute paths (minimatch, dot files included). */
  path: string;
  /** The root cause's id (src/explain/causes.ts), or `unknown` when the analysis could not name it. */
  cause: string;
  /** Causes that are also true of the file (it differs for more than one reason); naming one is right. */
  alternatives?: string[];
  /** The Dockerfile line to fix; a list when files of one glob come from different lines. */
  line: number | number[];
  /** The analysis: what differs in the bytes and why. */
  why: string;
}

/** What `build --fix verify` must achieve on a case, written from what each edit of the patch does. */
export interface ExpectedFix {
  /** Whether A′ and B′ are equal at content. */
  content: boolean;
  /** Globs of every path where A′ may differ from A beyond timestamps (what the patch removes or rewrites). */
  changes: string[];
  /** Causes of what still differs at content after the fix (reported as unfixable). */
  remaining: string[];
  /** The analysis of the patch. */
  why: string;
}

/** A case's expected.json. */
export interface ExpectedCase {
  verdicts: { strict: boolean; layers: boolean; content: boolean };
  differences: ExpectedDifference[];
  fix?: ExpectedFix;
}

/** How the tool's answer for one content difference scores against the expectation. */
export type Grade = 'right' | 'unknown' | 'wrong' | 'unlisted';

/** The grade of one content difference, with what each side said. */
export interface Graded {
  path: string;
  grade: Grade;
  expected: { pattern: string; cause: string; line: number | number[] } | null;
  tool: { cause: string | null; line: number | null };
}

/** The first expectation whose glob matches the path. */
export function expectationFor(expected: ExpectedCase, path: string): ExpectedDifference | undefined {
  return expected.differences.find((difference) => minimatch(path, difference.path, { dot: true }));
}

/**
 * The tool's answer for a path whose merged file systems differ: the change of the highest layer
 * that touches the path beyond its mtime (the one that decides the merged state), with the line of
 * its origin when the report names one, else the line of its layer.
 */
export function toolAnswer(report: Report, path: string): { cause: string | null; line: number | null } {
  const changes = report.changes.filter(
    (change) => change.path === path && (change.kind !== 'modified' || change.aspects.some((aspect) => aspect !== 'mtime')),
  );
  if (changes.length === 0) return { cause: null, line: null };
  const top = changes.reduce((a, b) => (b.layer > a.layer ? b : a));
  const origin = (top as ReportChange & { origin?: { layer: number | null; line: number | null } }).origin;
  const line = origin && origin.line !== undefined ? origin.line : (report.layers[top.layer]?.line ?? null);
  return { cause: top.cause ?? null, line };
}

/** Grades one content difference: `unknown` is the tool declining, anything else not expected is wrong. */
export function grade(expected: ExpectedCase, report: Report, path: string): Graded {
  const want = expectationFor(expected, path);
  const tool = toolAnswer(report, path);
  if (!want) return { path, grade: 'unlisted', expected: null, tool };
  const lines = Array.isArray(want.line) ? want.line : [want.line];
  const causes = [want.cause, ...(want.alternatives ?? [])];
  let result: Grade;
  if (tool.cause === 'unknown') result = 'unknown';
  else if (tool.cause !== null && causes.includes(tool.cause) && tool.line !== null && lines.includes(tool.line)) result = 'right';
  else result = 'wrong';
  return { path, grade: result, expected: { pattern: want.path, cause: want.cause, line: want.line }, tool };
}

/** Counts of grades. */
export type Figures = Record<Grade, number> & { total: number };

export function countGrades(graded: readonly Graded[]): Figures {
  const figures: Figures = { total: graded.length, right: 0, unknown: 0, wrong: 0, unlisted: 0 };
  for (const item of graded) figures[item.grade] += 1;
  return figures;
}
