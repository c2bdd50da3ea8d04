import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../src/cli/args.js';
import { runCli } from '../../src/cli/cli-main.js';
import type { Report } from '../../src/report/report.js';
import { group, sampleReport } from '../report/report-fixture.js';
import { recordingIo } from './cli-io.js';

let dir: string;

/** Writes a report as a matrix job's artifact would hold it: `artifacts/<job>/report.json`. */
async function artifact(job: string, report: Report | Record<string, unknown>): Promise<void> {
  await mkdir(join(dir, 'artifacts', job), { recursive: true });
  await writeFile(join(dir, 'artifacts', job, 'report.json'), JSON.stringify(report, null, 2));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'repro-check-merge-'));
  const same = sampleReport({ reproducible: true, verdicts: { strict: true, layers: true, content: true }, causes: [], timings: { buildA: 1500, buildB: 1400, analysis: 100, builds: 2 } });
  same.images[0].ref = 'app:a';
  same.images[1].ref = 'app:b';
  same.counts.changes = 0;
  await artifact('report-app', same);
  const differs = sampleReport({ timings: { analysis: 250 }, causes: [group(), group({ layer: null, cause: 'config-created' })] });
  differs.counts.changes = 3;
  await artifact('report-web', differs);
  await writeFile(join(dir, 'artifacts', 'notes.txt'), 'not JSON, not looked at');
  await writeFile(join(dir, 'newer.json'), JSON.stringify({ ...sampleReport(), schemaVersion: 2 }));
  await writeFile(join(dir, 'broken.json'), '{"tool":');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('merge-reports', () => {
  it('parses its inputs and outputs', () => {
    expect(parseCliArgs(['merge-reports', 'artifacts', 'x.json', '--markdown', 'sum.md', '--summary', 'out/summary.json'], dir, {})).toEqual({
      command: 'merge-reports',
      inputs: [
        { path: join(dir, 'artifacts'), name: 'artifacts' },
        { path: join(dir, 'x.json'), name: 'x.json' },
      ],
      markdown: join(dir, 'sum.md'),
      summary: join(dir, 'out', 'summary.json'),
      json: false,
      quiet: false,
    });
  });

  it('joins the reports of a directory in name order into one table, with the worst exit status', async () => {
    const io = recordingIo(dir);
    await writeFile(join(dir, 'step-summary.md'), 'earlier step\n');
    expect(await runCli(['merge-reports', 'artifacts', '--markdown', 'step-summary.md', '--summary', 'merged.json'], io)).toBe(1);
    // Facts of the two reports written above: their refs, verdicts, counts and summed timings.
    expect(io.out.join('')).toBe(
      [
        '#  A      B      strict   layers   content  changes  causes  time   result',
        '1  app:a  app:b  same     same     same     0        0       3.0 s  reproducible at strict',
        '2  t:a    t:b    DIFFERS  DIFFERS  DIFFERS  3        2       0.3 s  NOT reproducible at strict',
        '',
        '2 reports: 1 reproducible, 1 not reproducible or not verified, 0 failed; exit status 1',
        '',
      ].join('\n'),
    );
    const markdown = await readFile(join(dir, 'step-summary.md'), 'utf8');
    expect(markdown.startsWith('earlier step\n## ❌ repro-check: 2 reports\n')).toBe(true);
    expect(markdown).toContain('| 1 | <code>app:a</code> | <code>app:b</code> | same | same | same | 0 | 0 | 3.0 s | ✅ reproducible at strict |');
    const summary = JSON.parse(await readFile(join(dir, 'merged.json'), 'utf8'));
    expect(summary).toMatchObject({ kind: 'repro-check-summary', source: 'merge-reports', exitStatus: 1 });
    expect(summary.rows.map((row: { report: string }) => row.report)).toEqual([join('artifacts', 'report-app', 'report.json'), join('artifacts', 'report-web', 'report.json')]);
  });

  it('exits with 0 when every report passed', async () => {
    const io = recordingIo(dir);
    expect(await runCli(['merge-reports', join('artifacts', 'report-app', 'report.json'), '-q'], io)).toBe(0);
    expect(io.out).toEqual([]);
  });

  it.each([
    [['newer.json'], 'newer.json is a repro-check report of schemaVersion 2 (written by repro-check 0.0.0); this repro-check reads schemaVersion 1 only: merge it with the version that wrote it'],
    [['broken.json'], 'broken.json is not a repro-check report: not JSON'],
    [['artifacts', 'absent.json'], 'absent.json: no such file or directory'],
    [['merged.json'], 'merged.json is the summary of a --pairs or merge-reports run, not a report; give the reports (or their directory)'],
  ])('refuses %j with exit 2 and one line naming the file', async (inputs, message) => {
    const io = recordingIo(dir);
    expect(await runCli(['merge-reports', ...inputs], io)).toBe(2);
    expect(io.err.join('')).toContain(`repro-check: merge-reports: ${message}`);
    expect(io.out).toEqual([]);
  });
});
