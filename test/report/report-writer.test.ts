import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, test } from 'vitest';
import type { Report, ReportChange } from '../../src/report/report.js';
import { writeReport } from '../../src/report/report-writer.js';
import { sampleReport } from './report-fixture.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'report-writer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A change made by hand: an mtime-only difference of `path`. */
function mtimeChange(path: string, layer = 1): ReportChange {
  return {
    path,
    layer,
    kind: 'modified',
    aspects: ['mtime'],
    a: { type: 'file', mode: '0644', mtime: '1.000000000' },
    b: { type: 'file', mode: '0644', mtime: '2.000000000' },
    cause: 'build-mtime',
    hint: `${path} was written with the build time`,
  };
}

let written = 0;
/** Writes the report streamed and returns the file's text. */
async function streamed(report: Report): Promise<string> {
  const path = join(dir, `sub${written}`, `report-${written++}.json`);
  await writeReport(report, path);
  return readFile(path, 'utf8');
}

describe('writeReport', () => {
  // The reference is the whole report through JSON.stringify, as the writer wrote it before it streamed.
  test.each([
    ['the sample report', sampleReport()],
    ['no changes', sampleReport({ changes: [] })],
    ['one change', sampleReport({ changes: [mtimeChange('/a')] })],
    ['more changes than one write batch holds', sampleReport({ changes: Array.from({ length: 3000 }, (_, i) => mtimeChange(`/data/d${i}/${'x'.repeat(100)}`)) })],
    ['a path that looks like the changes key', sampleReport({ changes: [mtimeChange('\n  "changes": "changes go here"')], config: [{ field: 'changes go here', a: '\n  "changes": "changes go here"', b: '"changes"' }] })],
    ['newlines, quotes, NUL and non-Latin-1 text', sampleReport({ changes: [mtimeChange('/a\nb"c\\d\u0000é…😀'), { ...mtimeChange('/z'), diff: '--- a\n+++ b\n-x\n+y\n' }] })],
  ])('%s: the bytes JSON.stringify gives', async (_name, report) => {
    const text = await streamed(report);
    expect(text).toBe(JSON.stringify(report, null, 2) + '\n');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('writes any list of changes as JSON.stringify does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ path: fc.string({ unit: 'binary' }), layer: fc.nat(9) }), { maxLength: 30 }), async (paths) => {
        const report = sampleReport({ changes: paths.map(({ path, layer }) => mtimeChange(path, layer)) });
        expect(await streamed(report)).toBe(JSON.stringify(report, null, 2) + '\n');
      }),
      { numRuns: 60 },
    );
  });
});
