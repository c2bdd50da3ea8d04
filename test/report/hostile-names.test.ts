import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { toAnnotations } from '../../src/report/annotations.js';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { renderJobSummary } from '../../src/report/job-summary.js';
import { toSarif } from '../../src/report/sarif.js';
import { renderTextSummary } from '../../src/report/text-summary.js';
import { HOSTILE, hostileReport } from './hostile-report.js';

const report = hostileReport();
const names = Object.values(HOSTILE);
/** What a log line must not be: a workflow command from data (the runner trims leading white space). */
const INJECTED = /^[\s\u0085]*::(warning|error)::injected/;
/** Line breaks of any kind a log or a viewer may honour. */
const BREAKS = /[\r\n\u0085\u2028\u2029]/;

describe('the text summary', () => {
  // Layer 0's group left out, so its ten hostile changes are all listed (a group shows three).
  const text = renderTextSummary({ ...report, causes: report.causes.filter((g) => g.layer !== 0) }, 'report.json');
  const lines = text.split('\n');

  it('keeps every name on one line, shown with its control characters escaped and its quotes as they are', () => {
    // Written by hand: line breaks and other controls as escapes, everything else (quotes too) unchanged.
    const expected: Record<keyof typeof HOSTILE, string> = {
      newline: '/evil\\n::warning::injected',
      carriageReturn: '/cr\\r::warning::injected',
      lineSeparator: '/ls\\x2028::warning::injected',
      percent: '/pct%0A::error::injected',
      pipe: '/pipe|name|',
      backticks: '/back`tick`',
      script: '/<script>alert(1)</script>',
      details: '/x</details><img src=x onerror=alert(1)>',
      quotes: `/quote"single'`,
      escape: '/esc\\x1b[31mred',
    };
    for (const [key, shown] of Object.entries(expected)) {
      expect(lines.some((line) => line.includes(shown)), key).toBe(true);
    }
    expect(text).not.toContain('\\"');
    expect(text).toContain('config.Labels./evil\\n::warning::injected');
  });

  it('has no line that starts a workflow command, and no raw carriage return or line separator', () => {
    for (const line of lines) {
      expect(line).not.toMatch(INJECTED);
      expect(line).not.toMatch(/^\s*::/);
      expect(line).not.toMatch(/[\r\u0085\u2028\u2029]/);
    }
  });
});

describe('annotations', () => {
  const annotations = toAnnotations(report, 'Dockerfile');

  it('hold no line break from data: only the one before "Fix:"', () => {
    expect(annotations.length).toBeGreaterThan(0);
    for (const annotation of annotations) {
      expect(annotation.message.split('\n')).toHaveLength(2);
      expect(annotation.message.split('\n')[1]).toMatch(/^Fix: /);
      expect(annotation.message).not.toMatch(/[\r\u0085\u2028\u2029]/);
      expect(annotation.title).not.toMatch(BREAKS);
    }
    expect(annotations[0]!.message).toContain('/evil\\n::warning::injected');
  });

  it('come out of @actions/core, with the rest of what the action prints, as no injected command', async () => {
    // The real output path in a child process, every GITHUB_* variable unset: core writes its
    // commands to stdout, escaped as the runner will read them.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GITHUB_') && key !== 'RUNNER_DEBUG'));
    const runner = fileURLToPath(new URL('publish-runner.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', runner], { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    // The runner reads lines as .NET's ReadLine does: \r, \n and \r\n all end one.
    const lines = stdout.split(/\r\n|\r|\n/);
    const commands = lines.filter((line) => /^\s*::/.test(line));
    for (const line of lines) expect(line).not.toMatch(INJECTED);
    // Every command is one core wrote, and the data in it is escaped.
    for (const command of commands) expect(command).toMatch(/^::(set-output name=[a-z-]+|error title=[^:]*|group|endgroup)::/);
    const errors = commands.filter((c) => c.startsWith('::error'));
    expect(errors).toHaveLength(annotations.filter((a) => a.level === 'error').length);
    // `%0A` in a name stays text: core escapes `%`, so the runner does not decode it into a line break.
    expect(errors[0]).toContain('/pct%250A::error::injected');
    expect(stdout).toContain('::group::repro-check: job summary');
  }, 90_000);
});

describe('the job summary', () => {
  const summary = renderJobSummary(report, 'report.json');

  it('renders no HTML element from data: every tag is one the renderer writes', () => {
    const tags = [...summary.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)[^>]*>/g)].map((m) => m[0]);
    for (const tag of tags) expect(['<code>', '</code>', '<details>', '</details>', '<summary>', '</summary>', '<pre>', '</pre>']).toContain(tag);
    const count = (tag: string) => tags.filter((t) => t === tag).length;
    expect(count('<details>')).toBe(2);
    expect(count('</details>')).toBe(2);
    expect(count('<pre>')).toBe(names.length);
    expect(count('</pre>')).toBe(names.length);
    expect(summary).not.toMatch(/<script|<img|onerror=alert\(1\)>/);
  });

  it('keeps every table row to its columns: no pipe or line break from data', () => {
    // Tables are runs of lines that start with `|`; every row has as many cells as the header.
    const tables: string[][] = [];
    let previous = false;
    for (const line of summary.split('\n')) {
      const row = line.startsWith('|');
      if (row && !previous) tables.push([]);
      if (row) tables.at(-1)!.push(line);
      previous = row;
    }
    expect(tables.length).toBeGreaterThanOrEqual(4);
    for (const table of tables) for (const row of table) expect(row.split('|').length, row).toBe(table[0]!.split('|').length);
    expect(summary).toContain('<code>/pipe&#124;name&#124;</code>');
    expect(summary).toContain('<code>/back&#96;tick&#96;</code>');
    expect(summary).toContain('<code>/evil&#92;n::warning::injected</code>');
  });

  it('prints no workflow command when act shows it in the log, diffs included', () => {
    for (const line of summary.split(/\r\n|\r|\n/)) {
      expect(line).not.toMatch(INJECTED);
      expect(line).not.toMatch(/^[\s\u0085]*::/);
    }
    // The diff is still readable: the lines are there, the colon only written as an entity.
    expect(summary).toContain('\n&#58;:warning::injected\n');
    expect(summary).toContain('\n-::warning::injected from a removed line\n');
    expect(summary).toContain('+text\\r::error::injected after a carriage return');
    expect(summary).toContain('+&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('the HTML report', () => {
  it('renders no element or attribute from data', () => {
    const html = renderHtmlReport(report, { reportPath: 'report.json' });
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('x&lt;/details&gt;&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('SARIF', () => {
  const sarif = toSarif(report, 'Dockerfile', (id) => ({ id, title: id, explanation: id, fix: '' }));

  it('is valid JSON that keeps the strings intact: no HTML escaping, messages on one line', () => {
    const text = JSON.stringify(sarif);
    expect(JSON.parse(text)).toEqual(sarif);
    const results = sarif.runs[0]!.results as { message: { text: string }; partialFingerprints: { reproCheckGroup: string } }[];
    // Paths are shown with their control characters escaped, everything else as it is.
    expect(results[0]!.message.text).toContain('/evil\\n::warning::injected');
    expect(results[0]!.message.text).toContain(HOSTILE.script);
    expect(results[0]!.message.text).toContain(HOSTILE.pipe);
    expect(results[1]!.partialFingerprints.reproCheckGroup).toContain(report.layers[1]!.instruction!);
    expect(text).not.toContain('&lt;');
  });
});
