import { describe, expect, it } from 'vitest';
import { renderTextSummary } from '../../src/report/text-summary.js';
import { applicableVariations } from '../../src/variations.js';
import { NODE_GROUPS, NPM_CACHE_COUNT, nodeImageReport } from './node-image-fixture.js';
import { group, sampleReport } from './report-fixture.js';

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

  it('lists at least one change of each of the first five cause groups when 2,400 cache files come first', () => {
    const text = renderTextSummary(nodeImageReport());
    const changes = text.slice(text.indexOf('\nChanges ('));
    expect(changes).toContain(`Changes (12 of ${NPM_CACHE_COUNT + 10}, up to 3 per cause, most important cause first):`);
    for (const g of NODE_GROUPS) {
      expect(changes).toContain(`  #${g.layer} ${g.title} (${g.cause}): ${g.paths.length} ${g.paths.length === 1 ? 'change' : 'changes'}`);
      // The first path of each group, in the report's (path) order, is listed under it: at least its file name.
      const first = [...g.paths].sort()[0]!;
      expect(changes).toMatch(new RegExp(`\\n    #${g.layer}  modified  \\S*${escape(first.slice(first.lastIndexOf('/')))}  `));
    }
  });

  it('lists at least one change of each of the first five groups when nine groups share 20 rows', () => {
    // Nine file groups of five changes each (45 changes): six get three rows, the seventh two, two none.
    const causes = Array.from({ length: 9 }, (_, i) => group({ layer: 1, cause: `cause-${i}`, title: `Group ${i}`, count: 5, paths: [] }));
    const changes = causes.flatMap((g, i) => Array.from({ length: 5 }, (_, j) => ({ path: `/g${i}/f${j}`, layer: 1, kind: 'modified' as const, aspects: ['content' as const], cause: g.cause })));
    const lines = renderTextSummary(sampleReport({ changes, causes })).split('\n');
    for (let i = 0; i < 5; i++) {
      expect(lines).toContain(`  #1 Group ${i} (cause-${i}): 5 changes, 3 shown`);
      expect(lines).toContain(`    #1  modified  /g${i}/f0  content`);
    }
    expect(lines).toContain('  and 2 more groups of changes in the report');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
