import { describe, expect, it } from 'vitest';
import { renderTextSummary } from '../../src/report/text-summary.js';
import { applicableVariations } from '../../src/variations.js';
import { sampleReport } from './report-fixture.js';

describe('renderTextSummary', () => {
  it('shows details, paths and hints as written, without JSON escapes', () => {
    const report = sampleReport();
    report.changes[0]!.detail = 'line 1: "05:04:36" in A, "05:04:38" in B';
    report.changes[0]!.path = '/srv/C:\\data';
    const text = renderTextSummary(report);
    expect(text).toContain('(line 1: "05:04:36" in A, "05:04:38" in B)');
    expect(text).toContain('/srv/C:\\data');
    expect(text).not.toContain('\\"');
  });

  it('says why no-cache was not applied when both builds skip the cache', () => {
    const { applied, skipped } = applicableVariations(['time', 'no-cache'], 'buildkit', { noCache: true });
    const text = renderTextSummary(sampleReport({ variations: applied, skippedVariations: skipped }));
    expect(text).toContain('  build B varied by: time\n');
    expect(text).toContain('  not varied: no-cache: both builds skip the build cache (the default)');
  });

  it('marks each cause line with whether it breaks the chosen level', () => {
    const lines = renderTextSummary(sampleReport({ level: 'content' })).split('\n');
    expect(lines).toContain('Causes (most important first; BREAKS: breaks level content):');
    expect(lines.find((l) => l.includes('(embedded-date)'))).toMatch(/^ {2}BREAKS {2}#1 line 4/);
    expect(lines.find((l) => l.includes('(build-mtime)'))).toMatch(/^ {2}warning #1 line 4/);
    expect(lines.find((l) => l.includes('(config-created)'))).toMatch(/^ {2}warning config/);
  });
});
