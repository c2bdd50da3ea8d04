import { describe, expect, it } from 'vitest';
import { toSarif } from '../../src/report/sarif.js';
import { sampleReport } from './report-fixture.js';

const rules = (id: string) => ({ id, title: `title of ${id}`, explanation: `why ${id}`, fix: `fix ${id}` });

describe('toSarif', () => {
  const log = toSarif(sampleReport({ level: 'content' }), 'app/Dockerfile', rules);
  const run = log.runs[0]!;

  it('is SARIF 2.1.0 with one rule per cause used', () => {
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver.name).toBe('repro-check');
    expect(run.tool.driver.rules).toEqual(
      ['embedded-date', 'build-mtime', 'config-created'].map((id) => ({
        id,
        name: `title of ${id}`,
        shortDescription: { text: `title of ${id}` },
        fullDescription: { text: `why ${id}` },
        help: { text: `fix ${id}` },
        defaultConfiguration: { level: 'warning' },
      })),
    );
  });

  it('locates one result per cause group at the Dockerfile line, error when it breaks the level', () => {
    expect(run.results).toHaveLength(3);
    expect(run.results[0]).toMatchObject({
      ruleId: 'embedded-date',
      ruleIndex: 0,
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'app/Dockerfile' }, region: { startLine: 4 } } }],
    });
    expect(run.results[1]).toMatchObject({ ruleId: 'build-mtime', level: 'warning' });
    expect((run.results[2] as { locations: unknown[] }).locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'app/Dockerfile' } } }]);
  });

  it('has no locations without a Dockerfile', () => {
    expect(toSarif(sampleReport(), undefined, rules).runs[0]!.results.every((r) => !('locations' in (r as object)))).toBe(true);
  });
});
