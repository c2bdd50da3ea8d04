import { describe, expect, it, test } from 'vitest';
import { checkReportInput, reportMillis, ReportInputError } from '../../src/report/report-input.js';
import { sampleReport } from './report-fixture.js';

/** The sample report as a file holds it: parsed JSON, not the typed object. */
function parsed(changes: (value: Record<string, unknown>) => void = () => undefined): Record<string, unknown> {
  const value = JSON.parse(JSON.stringify(sampleReport())) as Record<string, unknown>;
  changes(value);
  return value;
}

describe('checkReportInput', () => {
  it('takes a report of schemaVersion 1', () => {
    const input = checkReportInput(parsed(), 'r.json');
    expect(input.kind).toBe('report');
    expect(input.kind === 'report' && input.report.images[1].ref).toBe('t:b');
  });

  it('recognises the summary of a --pairs run', () => {
    expect(checkReportInput({ schemaVersion: 1, kind: 'repro-check-summary', rows: [] }, 's.json')).toEqual({ kind: 'summary' });
  });

  test.each([
    ['an array', [], 'x.json is not a repro-check report: it holds an array, not an object'],
    ['null', null, 'x.json is not a repro-check report: it holds a null, not an object'],
    ['a SARIF file', { version: '2.1.0', runs: [] }, 'x.json is not a repro-check report (its tool.name is not "repro-check")'],
    ['another tool', { tool: { name: 'diffoci' }, schemaVersion: 1 }, 'x.json is not a repro-check report (its tool.name is not "repro-check")'],
    [
      'schemaVersion 2',
      parsed((v) => {
        v.schemaVersion = 2;
        v.tool = { name: 'repro-check', version: '2.0.0' };
      }),
      'x.json is a repro-check report of schemaVersion 2 (written by repro-check 2.0.0); this repro-check reads schemaVersion 1 only: merge it with the version that wrote it',
    ],
    ['no schemaVersion', parsed((v) => delete v.schemaVersion), 'x.json is a repro-check report of schemaVersion undefined (written by repro-check 0.0.0); this repro-check reads schemaVersion 1 only: merge it with the version that wrote it'],
    ['a drift report command', parsed((v) => (v.command = 'drift')), 'x.json: command is missing or not build, diff or verify; the file is not a complete repro-check report of schemaVersion 1'],
    ['a verdict as text', parsed((v) => (v.verdicts = { strict: 'no', layers: true, content: true })), 'x.json: verdicts is missing or not three true or false verdicts (strict, layers, content); the file is not a complete repro-check report of schemaVersion 1'],
    ['one image', parsed((v) => (v.images = [{ ref: 'a' }])), 'x.json: images is missing or not two images with a ref each; the file is not a complete repro-check report of schemaVersion 1'],
    ['no counts', parsed((v) => delete v.counts), 'x.json: counts.changes is missing or not a number; the file is not a complete repro-check report of schemaVersion 1'],
    ['an unknown level', parsed((v) => (v.level = 'bits')), 'x.json: level is missing or not strict, layers, content; the file is not a complete repro-check report of schemaVersion 1'],
    ['a bad verify verdict', parsed((v) => (v.verify = { verdict: 'OK' })), 'x.json: verify.verdict is missing or not GOOD, BAD, FAIL or UNKNOWN; the file is not a complete repro-check report of schemaVersion 1'],
  ])('refuses %s', (_name, value, message) => {
    expect(() => checkReportInput(value, 'x.json')).toThrow(new ReportInputError(message));
  });
});

describe('reportMillis', () => {
  test.each([
    [{}, 0],
    [{ buildA: 1000, buildB: 1200, analysis: 300, explain: 50 }, 2550],
    [{ analysis: 10, builds: 2 }, 10],
  ])('sums the phases of %j, not the count of builds', (timings, millis) => {
    expect(reportMillis({ timings })).toBe(millis);
  });
});
