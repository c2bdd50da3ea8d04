import { describe, expect, it, test } from 'vitest';
import { HTML_CSP, HTML_DIFFS_PER_LAYER, HTML_ROWS_PER_LAYER, renderHtmlReport } from '../../src/report/html-report.js';
import type { Report, ReportChange } from '../../src/report/report.js';
import { group, sampleReport } from './report-fixture.js';

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe('renderHtmlReport on the sample report', () => {
  const html = renderHtmlReport(sampleReport(), { reportPath: '/tmp/report.json' });

  it('is one HTML5 document with a strict Content-Security-Policy', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;">`);
    expect(HTML_CSP).not.toContain('script-src');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(count(html, /<style>/g)).toBe(1);
  });

  it('names the verdict in the title and the banner', () => {
    expect(html).toContain('<title>repro-check: not reproducible at level strict</title>');
    expect(html).toContain('<header class="banner bad">\n<h1>Not reproducible at level <code>strict</code></h1>');
    expect(html).toContain('<p>1 of 2 layers differ · 2 file differences (0 added, 0 removed, 2 modified) · 1 config field differs</p>');
  });

  test.each([
    ['strict', '<tr class="chosen"><th>strict (chosen)</th><td><span class="badge bad">differs</span></td><td>image <code>aaaaaaaaaaaa</code> vs <code>bbbbbbbbbbbb</code>'],
    ['layers', '<tr><th>layers</th><td><span class="badge bad">differs</span></td><td>1 of 2 layers differ'],
    ['content', '<tr><th>content</th><td><span class="badge bad">differs</span></td><td>1 path differs beyond timestamps</td></tr>'],
  ])('shows the %s verdict', (_level, row) => expect(html).toContain(row));

  it('describes images A and B side by side', () => {
    expect(html).toContain('<tr><th>reference</th><td><code>t:a</code></td><td><code>t:b</code></td></tr>');
    expect(html).toContain('<tr><th>save layout</th><td>oci</td><td>oci</td></tr>');
    expect(html).toContain('<li>Build B was varied by: <code>time</code>.</li>');
  });

  it('ranks the top causes with their fixes, linked to their layer', () => {
    expect(html).toContain('<td><span class="clamp1">Dates written into files</span><code class="muted">embedded-date</code></td><td><a href="#layer-1">layer 1</a>, line 4</td>');
    expect(html).toContain('<td><div class="clamp2">Write SOURCE_DATE_EPOCH instead of the current date.</div></td></tr>');
    expect(html).toContain('<td><a href="#config">image config</a></td>');
  });

  it('shows every layer in a collapsible section, the differing ones open', () => {
    expect(count(html, /<details /g)).toBe(2);
    expect(count(html, /<\/details>/g)).toBe(2);
    expect(html).toContain('<details class="layer" id="layer-0">\n<summary><span class="idx">#0</span> <span class="badge ok">identical</span> <code>COPY busybox /bin/busybox</code> <span class="muted">Dockerfile:2</span></summary>');
    expect(html).toContain('<details class="layer" id="layer-1" open>\n<summary><span class="idx">#1</span> <span class="badge bad">differs</span> 2 files <code>RUN date &gt; /x</code>');
    expect(html).toContain('<dt>history (A)</dt><dd><pre class="wrap">RUN /bin/sh -c date &gt; /x # buildkit</pre></dd>');
  });

  it('lists the differing files with both sides, marking the fields that differ', () => {
    expect(html).toContain('<tr class="modified"><td class="path"><code>/x</code></td><td>modified</td><td>content, mtime</td>');
    expect(html).toContain('<dt>mtime</dt><dd class="changed">2024-01-01T00:00:02.000Z</dd><dt>sha256</dt><dd class="changed"><code>22</code></dd>');
    expect(html).toContain('<dt>mode</dt><dd>0644</dd>');
    expect(html).toContain('<td><span class="muted">not recorded</span></td>');
  });

  it('renders the text diff side by side', () => {
    expect(html).toContain('Text diff of <code>/x</code> (A left, B right)');
    expect(html).toContain('<tr class="meta"><td colspan="4">--- a/x</td></tr>');
    expect(html).toContain('<tr class="hunk"><td colspan="4">@@ -1 +1 @@</td></tr>');
    expect(html).toContain('<tr><td class="n">1</td><td class="del">-Mon Jan  1 00:00:00 UTC 2024</td><td class="n">1</td><td class="add">+Mon Jan  1 00:00:02 UTC 2024</td></tr>');
  });

  it('lists the config differences with their cause', () => {
    expect(html).toContain('<tr><td><code>created</code></td><td><pre class="wrap">1</pre></td><td><pre class="wrap">2</pre></td><td><code>config-created</code></td></tr>');
  });

  it('points to the JSON report', () => {
    expect(html).toContain('Every field, unabridged, is in the JSON report (<code>/tmp/report.json</code>).');
  });

  it('loads nothing from anywhere: no script, no external URL', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*(?!["']?#)/i);
    expect(html).not.toMatch(/https?:|url\(|@import/i);
  });
});

describe('renderHtmlReport with other reports', () => {
  it('shows a reproducible build in a green banner without a layers-to-fix section', () => {
    const html = renderHtmlReport(
      sampleReport({ reproducible: true, level: 'content', verdicts: { strict: false, layers: false, content: true }, contentChanges: [] }),
    );
    expect(html).toContain('<title>repro-check: reproducible at level content</title>');
    expect(html).toContain('<header class="banner ok">\n<h1>Reproducible at level <code>content</code></h1>');
    expect(html).toContain('<td>same files, modes and owners (timestamps ignored)</td>');
    // At level content a timestamp-only group is a warning, not a break.
    expect(html).toContain('<span class="badge warn">warning</span></td><td><span class="clamp1">Build-time file mtimes');
  });

  it('shows skipped variations, SOURCE_DATE_EPOCH and the notes about timestamps', () => {
    const html = renderHtmlReport(
      sampleReport({
        skippedVariations: [{ name: 'cpus', reason: 'the classic builder cannot limit CPUs' }],
        timestamps: { sourceDateEpoch: 1704067200, source: 'git', rewriteTimestamp: false, notes: ['rewrite-timestamp needs BuildKit 0.13'] },
        attestations: { a: ['sha256:p'], b: ['sha256:q'], identical: false },
      }),
    );
    expect(html).toContain('<li>Attestation manifests: 1 in A, 1 in B, different. They record the build itself and decide no verdict.</li>');
    expect(html).toContain('<li>Not varied: <code>cpus</code>: the classic builder cannot limit CPUs</li>');
    expect(html).toContain('<li><code>SOURCE_DATE_EPOCH=1704067200</code> (2024-01-01T00:00:00Z, from git) was given to both builds.</li>');
    expect(html).toContain('<li>Layer file times were not clamped to it (BuildKit <code>rewrite-timestamp</code>).</li>');
    expect(html).toContain('<li class="note">Note: rewrite-timestamp needs BuildKit 0.13</li>');
  });

  test.each([
    [null, false],
    [['time'], true],
  ])('shows culprits only after a search (culprits %j)', (found, shown) => {
    const html = renderHtmlReport(
      sampleReport({
        culprits: found,
        control: found && { identical: false, nondeterministic: true, changes: [{ layer: 1, path: '/x', kind: 'modified', aspects: ['content'] }] },
        variationResults: found && [{ variation: 'time', identical: false, changes: [{ layer: 1, path: '/x', kind: 'modified', aspects: ['content'] }] }],
      }),
    );
    expect(html.includes('<section id="culprits">')).toBe(shown);
    if (shown) {
      expect(html).toContain('<p>Culprits: <code>time</code>.</p>');
      expect(html).toContain('the control build shows 1 differences');
      expect(html).toContain('<tr><th><code>time</code></th><td><span class="badge bad">differs</span></td><td>1</td><td><code>/x</code></td></tr>');
    }
  });

  it('pairs removed and added lines and numbers them from the hunk header', () => {
    const diff = '--- a/f\n+++ b/f\n@@ -10,4 +10,3 @@\n same\n-old 1\n-old 2\n--- not a header\n+new 1\n tail\n\\ No newline at end of file\n';
    const html = renderHtmlReport(sampleReport({ changes: [{ path: '/f', layer: 1, kind: 'modified', aspects: ['content'], diff }] }));
    const table = html.slice(html.indexOf('<table class="diff">'), html.indexOf('</table></div>'));
    expect(table.split('\n').filter((row) => row.startsWith('<tr'))).toEqual([
      '<tr class="meta"><td colspan="4">--- a/f</td></tr>',
      '<tr class="meta"><td colspan="4">+++ b/f</td></tr>',
      '<tr class="hunk"><td colspan="4">@@ -10,4 +10,3 @@</td></tr>',
      '<tr><td class="n">10</td><td class="ctx"> same</td><td class="n">10</td><td class="ctx"> same</td></tr>',
      '<tr><td class="n">11</td><td class="del">-old 1</td><td class="n">11</td><td class="add">+new 1</td></tr>',
      '<tr><td class="n">12</td><td class="del">-old 2</td><td class="n"></td><td class="empty"></td></tr>',
      '<tr><td class="n">13</td><td class="del">--- not a header</td><td class="n"></td><td class="empty"></td></tr>',
      '<tr><td class="n">14</td><td class="ctx"> tail</td><td class="n">12</td><td class="ctx"> tail</td></tr>',
      '<tr class="meta"><td colspan="4">\\ No newline at end of file</td></tr>',
    ]);
  });
});

describe('renderHtmlReport escapes everything from the images', () => {
  const attack = `</details><script>alert(1)</script><img src=x onerror=alert(2)>"'`;
  const escaped = '&lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;';
  const base = sampleReport();
  const [a, b] = base.images;

  test.each<[string, Partial<Report>]>([
    ['a path', { changes: [{ path: `/p${attack}`, layer: 1, kind: 'added', aspects: [] }] }],
    ['a diff', { changes: [{ path: '/d', layer: 1, kind: 'modified', aspects: ['content'], diff: `@@ -1 +1 @@\n-${attack}\n+${attack}\n` }] }],
    ['a detail and a cause', { changes: [{ path: '/d', layer: 1, kind: 'modified', aspects: ['content'], detail: attack, cause: attack }] }],
    ['a link target', { changes: [{ path: '/l', layer: 1, kind: 'added', aspects: [], b: { type: 'symlink', link: attack } }] }],
    ['an instruction and history', { layers: [{ index: 0, a: 'x', b: 'y', identical: false, instruction: `RUN ${attack}`, line: 1, createdBy: attack, changes: 0 }] }],
    ['an image reference', { images: [{ ...a, ref: attack }, { ...b, id: attack }] }],
    ['a config label', { config: [{ field: `config.Labels.${attack}`, a: attack, b: { nested: attack } }] }],
    ['a cause group', { causes: [group({ title: attack, hint: `\`${attack}\``, paths: [attack] })] }],
    ['a skipped variation and a note', { skippedVariations: [{ name: 'cpus', reason: attack }], timestamps: { sourceDateEpoch: null, source: null, rewriteTimestamp: false, notes: [attack] } }],
    ['the Dockerfile name', { dockerfile: attack }],
  ])('in %s', (_where, overrides) => {
    const html = renderHtmlReport(sampleReport(overrides), { reportPath: attack });
    expect(html).not.toMatch(/<script|<img|onerror=alert\(2\)>/i);
    expect(html).toContain(escaped.slice(0, 40));
    // Every quote outside the style sheet delimits an attribute: none comes from the data.
    const quotes = html.replace(/<style>[^]*<\/style>/, '').replace(/ [a-z-]+="[^"<>]*"/g, '');
    expect(quotes).not.toMatch(/["']/);
    expect(count(html, /<\/details>/g)).toBe(count(html, /<details /g));
  });

  it('shows line breaks, control characters and bidi overrides in paths as escapes', () => {
    const html = renderHtmlReport(sampleReport({ changes: [{ path: '/a\nb\u001b[31m\u202egnp.exe', layer: 1, kind: 'added', aspects: [] }] }));
    expect(html).toContain('<code>/a\\nb\\x1b[31m\\x202egnp.exe</code>');
  });

  it('keeps tabs but shows other controls inside diffs', () => {
    const html = renderHtmlReport(sampleReport({ changes: [{ path: '/d', layer: 1, kind: 'modified', aspects: ['content'], diff: '@@ -1 +1 @@\n-a\tb\r\n+a\u0000b\n' }] }));
    expect(html).toContain('<td class="del">-a\tb\\x0d</td>');
    expect(html).toContain('<td class="add">+a\\x00b</td>');
  });

  it('sets the code spans of catalogue text without letting data in', () => {
    const html = renderHtmlReport(sampleReport({ causes: [group({ hint: 'Run `touch -d @$SOURCE_DATE_EPOCH` on `<b>`.' })] }));
    expect(html).toContain('<div class="clamp2">Run <code>touch -d @$SOURCE_DATE_EPOCH</code> on <code>&lt;b&gt;</code>.</div>');
  });
});

describe('renderHtmlReport caps what it shows', () => {
  const layers: Report['layers'] = [
    { index: 0, a: 'a', b: 'a', identical: true, instruction: null, line: null, createdBy: null, changes: 0 },
    { index: 1, a: 'a', b: 'b', identical: false, instruction: 'RUN build', line: 3, createdBy: null, changes: 10_000 },
  ];
  const change = (i: number, overrides: Partial<ReportChange> = {}): ReportChange => ({ path: `/f/${String(i).padStart(5, '0')}`, layer: 1, kind: 'modified', aspects: ['mtime'], ...overrides });

  it(`shows ${HTML_ROWS_PER_LAYER} rows of a layer of 10,000 changes, content differences first, and points to the JSON report`, () => {
    const changes = Array.from({ length: 10_000 }, (_, i) => (i % 100 === 99 ? change(i, { aspects: ['content'] }) : change(i)));
    const started = performance.now();
    const html = renderHtmlReport(sampleReport({ layers, changes }), { reportPath: 'out/report.json' });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(count(html, /<tr class="modified">/g)).toBe(HTML_ROWS_PER_LAYER);
    expect(html).toContain('<code>/f/09999</code>');
    expect(html).toContain('<code>/f/00000</code>');
    expect(html).not.toContain('<code>/f/09998</code>');
    expect(html).toContain('9500 more files of this layer are not shown (9500 of them differ only in timestamps); they are in the JSON report (<code>out/report.json</code>).');
    // Rows stay in path order.
    const shown = [...html.matchAll(/<td class="path"><code>(\/f\/\d+)<\/code>/g)].map((m) => m[1]!);
    expect(shown).toEqual([...shown].sort());
    expect(Buffer.byteLength(html)).toBeLessThan(1_500_000);
  });

  it(`shows ${HTML_DIFFS_PER_LAYER} text diffs per layer`, () => {
    const changes = Array.from({ length: 80 }, (_, i) => change(i, { aspects: ['content'], diff: '@@ -1 +1 @@\n-a\n+b\n' }));
    const html = renderHtmlReport(sampleReport({ layers, changes }));
    expect(count(html, /<table class="diff">/g)).toBe(HTML_DIFFS_PER_LAYER);
    expect(html).toContain(`${80 - HTML_DIFFS_PER_LAYER} more text diffs of this layer are in the JSON report.`);
  });

  it('caps cause groups, config fields and long config values', () => {
    const causes = Array.from({ length: 60 }, (_, i) => group({ cause: `c${i}` }));
    const config = Array.from({ length: 600 }, (_, i) => ({ field: `history[${i}].created`, a: 'x'.repeat(5_000), b: i }));
    const html = renderHtmlReport(sampleReport({ causes, config }));
    expect(html).toContain('10 more groups are in the JSON report.');
    expect(html).toContain('100 more fields are in the JSON report.');
    expect(html).toContain(`<pre class="wrap">${'x'.repeat(1_999)}…</pre>`);
  });
});
