import { LEVELS } from '../settings.js';
import type { Report } from './report.js';
import { SCHEMA_VERSION } from './report.js';
import { SUMMARY_KIND } from './pairs-summary.js';

/** A file `merge-reports` cannot take; the message names the file and what is wrong with it. */
export class ReportInputError extends Error {
  override name = 'ReportInputError';
}

/** What a JSON file given to `merge-reports` turned out to be. */
export type ReportInput = { kind: 'report'; report: Report } | { kind: 'summary' };

/**
 * Checks that `value` (a parsed JSON file called `name`) is a repro-check report of the schema
 * version this build reads, down to the fields the summary table uses, or a `summary.json` of a
 * many-pair run (which `merge-reports` skips inside directories). Anything else is refused with a
 * message naming the file: a report of another schema version could mean something else by the
 * same fields, and a table that silently dropped a job's report would show a matrix as passing. Pure.
 */
export function checkReportInput(value: unknown, name: string): ReportInput {
  if (!isObject(value)) throw new ReportInputError(`${name} is not a repro-check report: it holds ${Array.isArray(value) ? 'an array' : `a ${value === null ? 'null' : typeof value}`}, not an object`);
  if (value.kind === SUMMARY_KIND) return { kind: 'summary' };
  const tool = value.tool;
  if (!isObject(tool) || tool.name !== 'repro-check') throw new ReportInputError(`${name} is not a repro-check report (its tool.name is not "repro-check")`);
  if (value.schemaVersion !== SCHEMA_VERSION) {
    throw new ReportInputError(`${name} is a repro-check report of schemaVersion ${JSON.stringify(value.schemaVersion)} (written by repro-check ${String(tool.version)}); this repro-check reads schemaVersion ${SCHEMA_VERSION} only: merge it with the version that wrote it`);
  }
  const bad = (field: string, expected: string) => new ReportInputError(`${name}: ${field} is missing or not ${expected}; the file is not a complete repro-check report of schemaVersion ${SCHEMA_VERSION}`);
  if (value.command !== 'build' && value.command !== 'diff' && value.command !== 'verify') throw bad('command', 'build, diff or verify');
  if (typeof value.reproducible !== 'boolean') throw bad('reproducible', 'true or false');
  if (typeof value.level !== 'string' || !(LEVELS as readonly string[]).includes(value.level)) throw bad('level', LEVELS.join(', '));
  const verdicts = value.verdicts;
  if (!isObject(verdicts) || !['strict', 'layers', 'content'].every((key) => typeof verdicts[key] === 'boolean')) throw bad('verdicts', 'three true or false verdicts (strict, layers, content)');
  const images = value.images;
  if (!Array.isArray(images) || images.length !== 2 || !images.every((image) => isObject(image) && typeof image.ref === 'string')) throw bad('images', 'two images with a ref each');
  const counts = value.counts;
  if (!isObject(counts) || typeof counts.changes !== 'number') throw bad('counts.changes', 'a number');
  if (!Array.isArray(value.causes)) throw bad('causes', 'a list');
  if (!isObject(value.timings)) throw bad('timings', 'an object');
  if (value.baseline !== null && value.baseline !== undefined && !isObject(value.baseline)) throw bad('baseline', 'null or a drift report');
  if (value.verify !== undefined && !(isObject(value.verify) && ['GOOD', 'BAD', 'FAIL', 'UNKNOWN'].includes(value.verify.verdict as string))) throw bad('verify.verdict', 'GOOD, BAD, FAIL or UNKNOWN');
  return { kind: 'report', report: value as unknown as Report };
}

/** Milliseconds a report's phases took (`timings`, but `builds`, which counts builds). */
export function reportMillis(report: Pick<Report, 'timings'>): number {
  return Object.entries(report.timings)
    .filter(([phase, value]) => phase !== 'builds' && typeof value === 'number' && Number.isFinite(value))
    .reduce((sum, [, value]) => sum + value, 0);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
