import { describe, expect, test } from 'vitest';
import { toAnnotations } from '../../src/report/annotations.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { renderJobSummary } from '../../src/report/job-summary.js';
import type { Report, ReportCauseGroup, ReportChange } from '../../src/report/report.js';
import { toSarif } from '../../src/report/sarif.js';
import { severityJudge } from '../../src/report/severity.js';
import { MARK, renderTextSummary } from '../../src/report/text-summary.js';
import type { Level } from '../../src/settings.js';
import { group, sampleReport } from './report-fixture.js';

/** One kind of cause group, in a report whose changes and verdicts are what such a group comes with. */
interface Case {
  name: string;
  /** The group under test; its cause is unique in the report. */
  target: ReportCauseGroup;
  /** Other groups of the same report (a content difference beside it, say). */
  others?: ReportCauseGroup[];
  changes: ReportChange[];
  contentChanges: Report['contentChanges'];
  config?: Report['config'];
  verdicts: Report['verdicts'];
  attestationsDiffer?: boolean;
  /** Whether the target breaks strict, layers, content: written by hand from the rule. */
  breaks: [boolean, boolean, boolean];
}

const change = (path: string, cause: string, kind: ReportChange['kind'], aspects: ReportChange['aspects'], layer = 1): ReportChange => ({ path, layer, kind, aspects, cause });
const named = (cause: string, overrides: Partial<ReportCauseGroup> = {}) => group({ cause, title: `Title of ${cause}`, hint: `Fix ${cause}.`, ...overrides });
const configGroup = (cause: string) => named(cause, { layer: null, instruction: null, line: null, paths: ['config.Env'] });
const attestationGroup = named('provenance', { layer: null, instruction: null, line: null, paths: ['attestation manifests'], timestampsOnly: true });

// A content difference (an embedded date in /x) that sits beside some targets.
const dateChange = change('/x', 'embedded-date', 'modified', ['content', 'mtime']);
const dateGroup = named('embedded-date', { paths: ['/x'] });
const dateContent: Report['contentChanges'] = [{ path: '/x', kind: 'modified', aspects: ['content'] }];

const ALL_DIFFER = { strict: false, layers: false, content: false };

const CASES: Case[] = [
  {
    name: 'config field only',
    target: configGroup('config-env'),
    changes: [],
    contentChanges: [],
    config: [{ field: 'config.Env', a: ['A=1'], b: ['A=2'], cause: 'config-env' }],
    verdicts: { strict: false, layers: true, content: true },
    breaks: [true, false, false],
  },
  {
    name: 'config field beside a content difference',
    target: configGroup('config-env'),
    others: [dateGroup],
    changes: [dateChange],
    contentChanges: dateContent,
    config: [{ field: 'config.Env', a: ['A=1'], b: ['A=2'], cause: 'config-env' }],
    verdicts: ALL_DIFFER,
    breaks: [true, false, false],
  },
  {
    name: 'layer timestamps only',
    target: named('build-mtime', { paths: ['/tmp'], timestampsOnly: true }),
    changes: [change('/tmp', 'build-mtime', 'modified', ['mtime'])],
    contentChanges: [],
    verdicts: { strict: false, layers: false, content: true },
    breaks: [true, true, false],
  },
  {
    name: 'layer timestamps beside a content difference',
    target: named('build-mtime', { paths: ['/tmp'], timestampsOnly: true }),
    others: [dateGroup],
    changes: [dateChange, change('/tmp', 'build-mtime', 'modified', ['mtime'])],
    contentChanges: dateContent,
    verdicts: ALL_DIFFER,
    breaks: [true, true, false],
  },
  {
    name: 'layer content',
    target: dateGroup,
    changes: [dateChange],
    contentChanges: dateContent,
    verdicts: ALL_DIFFER,
    breaks: [true, true, true],
  },
  {
    name: 'layer mode',
    target: named('umask', { paths: ['/bin/tool'] }),
    changes: [change('/bin/tool', 'umask', 'modified', ['mode'])],
    contentChanges: [{ path: '/bin/tool', kind: 'modified', aspects: ['mode'] }],
    verdicts: ALL_DIFFER,
    breaks: [true, true, true],
  },
  {
    name: 'layer tar with the same files',
    target: named('file-order', { paths: ['(layer tar)'] }),
    changes: [],
    contentChanges: [],
    verdicts: { strict: false, layers: false, content: true },
    breaks: [true, true, false],
  },
  {
    name: 'whiteout that changes the merged file system',
    target: named('whiteout-variance', { layer: 2, paths: ['/etc/.wh.motd'] }),
    changes: [change('/etc/.wh.motd', 'whiteout-variance', 'added', [], 2)],
    contentChanges: [{ path: '/etc/motd', kind: 'removed', aspects: [] }],
    verdicts: ALL_DIFFER,
    breaks: [true, true, true],
  },
  {
    name: 'whiteout of a directory whose files differ in the merged file system',
    target: named('whiteout-variance', { layer: 2, paths: ['/var/.wh.cache'] }),
    changes: [change('/var/.wh.cache', 'whiteout-variance', 'added', [], 2)],
    contentChanges: [{ path: '/var/cache/apt/pkgcache.bin', kind: 'removed', aspects: [] }],
    verdicts: ALL_DIFFER,
    breaks: [true, true, true],
  },
  {
    name: 'opaque marker whose directory differs below',
    target: named('whiteout-variance', { layer: 2, paths: ['/opt/.wh..wh..opq'] }),
    changes: [change('/opt/.wh..wh..opq', 'whiteout-variance', 'removed', [], 2)],
    contentChanges: [{ path: '/opt/old', kind: 'added', aspects: [] }],
    verdicts: ALL_DIFFER,
    breaks: [true, true, true],
  },
  {
    name: 'whiteout that leaves the merged file system as it is',
    target: named('whiteout-variance', { layer: 2, paths: ['/etc/.wh.motd'] }),
    changes: [change('/etc/.wh.motd', 'whiteout-variance', 'added', [], 2)],
    contentChanges: [],
    verdicts: { strict: false, layers: false, content: true },
    breaks: [true, true, false],
  },
  {
    name: 'whiteout that leaves the merged file system as it is, beside a content difference',
    target: named('whiteout-variance', { layer: 2, paths: ['/etc/.wh.motd', '/.wh..wh..opq'] }),
    others: [dateGroup],
    changes: [dateChange, change('/etc/.wh.motd', 'whiteout-variance', 'added', [], 2), change('/etc/.wh..wh..opq', 'whiteout-variance', 'added', [], 2)],
    contentChanges: dateContent,
    verdicts: ALL_DIFFER,
    breaks: [true, true, false],
  },
  {
    name: 'attestations only',
    target: attestationGroup,
    changes: [],
    contentChanges: [],
    verdicts: { strict: true, layers: true, content: true },
    attestationsDiffer: true,
    breaks: [false, false, false],
  },
  {
    name: 'attestations beside a content difference',
    target: attestationGroup,
    others: [dateGroup],
    changes: [dateChange],
    contentChanges: dateContent,
    verdicts: ALL_DIFFER,
    attestationsDiffer: true,
    breaks: [false, false, false],
  },
  {
    name: 'added entries',
    target: named('build-id', { paths: ['/new'] }),
    changes: [change('/new', 'build-id', 'added', [])],
    contentChanges: [{ path: '/new', kind: 'added', aspects: [] }],
    verdicts: ALL_DIFFER,
    breaks: [true, true, true],
  },
  {
    name: 'removed entries',
    target: named('build-id', { paths: ['/old'] }),
    changes: [change('/old', 'build-id', 'removed', [])],
    contentChanges: [{ path: '/old', kind: 'removed', aspects: [] }],
    verdicts: ALL_DIFFER,
    breaks: [true, true, true],
  },
  {
    name: 'added entry that a later layer removes again in both',
    target: named('build-id', { paths: ['/tmp/scratch'] }),
    changes: [change('/tmp/scratch', 'build-id', 'added', [])],
    contentChanges: [],
    verdicts: { strict: false, layers: false, content: true },
    breaks: [true, true, false],
  },
];

const LEVELS: Level[] = ['strict', 'layers', 'content'];
const ROWS = CASES.flatMap((c) => LEVELS.map((level, i) => ({ ...c, level, expected: c.breaks[i]! })));

function reportOf(row: (typeof ROWS)[number]): Report {
  return sampleReport({
    level: row.level,
    reproducible: row.verdicts[row.level],
    verdicts: row.verdicts,
    causes: [...(row.others ?? []), row.target],
    changes: row.changes,
    contentChanges: row.contentChanges,
    config: row.config ?? [],
    attestations: row.attestationsDiffer ? { a: ['sha256:1'], b: ['sha256:2'], identical: false } : { a: [], b: [], identical: true },
  });
}

/** The five outputs' words for the target group, read back from each output's own text. */
function shown(report: Report, target: ReportCauseGroup): string[] {
  const text = renderTextSummary(report).split('\n').find((line) => line.includes(`(${target.cause}):`))!;
  const summary = renderJobSummary(report).split('\n').find((line) => line.includes(`(<code>${target.cause}</code>)`))!;
  const annotation = toAnnotations(report, 'Dockerfile').find((a) => a.title === `repro-check: ${target.title}`)!;
  const sarif = toSarif(report, 'Dockerfile', (id) => ({ id, title: id, explanation: id, fix: '' })).runs[0]!.results as { ruleId: string; level: string }[];
  const html = renderHtmlReport(report).split('\n').find((line) => line.includes(`<code class="muted">${target.cause}</code>`))!;
  return [
    text.trimStart().startsWith(MARK.breaks) ? 'error' : text.trimStart().startsWith(MARK.warning) ? 'warning' : `? ${text}`,
    summary.startsWith('| ❌ |') ? 'error' : summary.startsWith('| ⚠️ |') ? 'warning' : `? ${summary}`,
    annotation.level,
    sarif.find((r) => r.ruleId === target.cause)!.level,
    html.includes('<span class="badge bad">breaks</span>') ? 'error' : html.includes('<span class="badge warn">warning</span>') ? 'warning' : `? ${html}`,
  ];
}

describe('severityJudge', () => {
  test.each(ROWS)('$name at $level: breaks $expected', (row) => {
    const report = reportOf(row);
    expect(severityJudge(report)(row.target)).toBe(row.expected);
    const word = row.expected ? 'error' : 'warning';
    expect(shown(report, row.target)).toEqual([word, word, word, word, word]);
  });

  test.each(ROWS.filter((row) => row.verdicts[row.level]))('$name at $level passes, so nothing in it is an error', (row) => {
    const report = reportOf(row);
    for (const g of report.causes) expect(shown(report, g)).toEqual(['warning', 'warning', 'warning', 'warning', 'warning']);
    expect(toAnnotations(report, 'Dockerfile').every((a) => a.level === 'warning')).toBe(true);
  });
});
