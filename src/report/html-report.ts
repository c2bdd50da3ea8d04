// One file: one HTML page, a function per section, each reading the same report (styles in html-style.ts, escaping in html-text.ts, diffs in html-diff.ts).
import type { Aspect } from '../tree/compare-trees.js';
import { changeRank, listByGroup, type ListedGroup } from './change-groups.js';
import { showControls } from './escape.js';
import { diffBlock } from './html-diff.js';
import { cut, e, line, multiline, prose } from './html-text.js';
import { HTML_STYLE } from './html-style.js';
import type { Report, ReportCauseGroup, ReportChange, ReportEntry, ReportLayer } from './report.js';
import { shortenPath } from './shorten-path.js';
import { severityJudge } from './severity.js';

/** File rows shown per layer; the rest are counted and left to the JSON report... */
export const HTML_ROWS_PER_LAYER = 500;
/** ...and per cause group of the layer, so that one large group cannot hide the others. */
export const HTML_ROWS_PER_GROUP = 100;
/** Text diffs shown per layer, for the files whose rows are shown. */
export const HTML_DIFFS_PER_LAYER = 50;
/** Cause groups and config fields shown. */
const CAUSES_SHOWN = 50;
/** Characters of one example path in the causes table: one line of its column at 1280 pixels. */
const EXAMPLE_WIDTH = 50;
const CONFIG_SHOWN = 500;
/** Characters of one config value. */
const VALUE_SHOWN = 2_000;

/**
 * Only inline style runs: no script, no request of any kind (the page is read offline), no form or
 * base URL that hostile text could use even if it escaped its element.
 */
export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** Options of `renderHtmlReport`. */
export interface HtmlReportOptions {
  /** Where the JSON report was written, named where the page leaves rows out. */
  reportPath?: string;
}

/**
 * Renders the report as one self-contained HTML5 page: verdicts, images, build conditions,
 * culprits, the top causes with their fixes, then each layer with a side-by-side table of its
 * differing files and their text diffs, and the config differences. No script and no external
 * resource; a strict Content-Security-Policy says so to the browser. Everything from the images
 * (paths, diffs, history, labels, refs) is escaped here. Pure.
 */
export function renderHtmlReport(report: Report, options: HtmlReportOptions = {}): string {
  const verdict = `${report.reproducible ? 'reproducible' : 'not reproducible'} at level ${report.level}`;
  const jsonReport = options.reportPath ? `the JSON report (<code>${line(options.reportPath)}</code>)` : 'the JSON report';
  const byLayer = new Map<number, ReportChange[]>();
  for (const change of report.changes) {
    const list = byLayer.get(change.layer);
    if (list) list.push(change);
    else byLayer.set(change.layer, [change]);
  }
  const body = [
    banner(report),
    // What to fix comes right after the verdict, on the first screen: a 1280×800 window shows a
    // change of every cause group of a report of several (test/report/html-first-screen.browser.test.ts).
    causes(report, jsonReport),
    verdicts(report),
    culprits(report),
    conditions(report),
    images(report),
    layers(report, byLayer, jsonReport),
    config(report, jsonReport),
    `<footer>Written by repro-check ${e(report.tool.version)}${timings(report)}. Every field, unabridged, is in ${jsonReport}.</footer>`,
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${e(HTML_CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>repro-check: ${e(verdict)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    ...body.filter((part) => part !== ''),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function banner(report: Report): string {
  const { counts } = report;
  const facts = [`${counts.differingLayers} of ${counts.layers} layers differ`, `${counts.changes} file ${counts.changes === 1 ? 'difference' : 'differences'} (${counts.added} added, ${counts.removed} removed, ${counts.modified} modified)`];
  if (report.config.length > 0) facts.push(`${report.config.length} config ${report.config.length === 1 ? 'field differs' : 'fields differ'}`);
  return [
    `<header class="banner ${report.reproducible ? 'ok' : 'bad'}">`,
    `<h1>${report.reproducible ? 'Reproducible' : 'Not reproducible'} at level <code>${e(report.level)}</code></h1>`,
    `<p>${e(facts.join(' · '))}</p>`,
    `<p class="muted">repro-check ${e(report.command)}${report.dockerfile ? ` of <code>${line(report.dockerfile)}</code>` : ''}${engine(report)}</p>`,
    '</header>',
  ].join('\n');
}

function engine(report: Report): string {
  if (!report.engine) return '';
  const { version, apiVersion, builder, imageStore } = report.engine;
  return ` · Docker ${e(version)} (API ${e(apiVersion)}), builder ${e(builder)}, image store ${e(imageStore)}`;
}

function verdicts(report: Report): string {
  const [a, b] = report.images;
  const rows: [keyof Report['verdicts'], string][] = [
    ['strict', `image <code>${e(short(a.id))}</code> vs <code>${e(short(b.id))}</code>: bit for bit the same image`],
    ['layers', `${e(report.counts.differingLayers)} of ${e(report.counts.layers)} layers differ; same layers in the same order`],
    ['content', report.verdicts.content ? 'same files, modes and owners (timestamps ignored)' : `${e(report.contentChanges.length)} ${report.contentChanges.length === 1 ? 'path differs' : 'paths differ'} beyond timestamps`],
  ];
  const body = rows.map(([level, meaning]) => `<tr${level === report.level ? ' class="chosen"' : ''}><th>${level}${level === report.level ? ' (chosen)' : ''}</th><td>${badge(report.verdicts[level])}</td><td>${meaning}</td></tr>`);
  return section('verdicts', 'Verdicts', `<table class="grid"><thead><tr><th>level</th><th>result</th><th>meaning</th></tr></thead><tbody>\n${body.join('\n')}\n</tbody></table>`);
}

function images(report: Report): string {
  const [a, b] = report.images;
  const row = (title: string, x: string, y: string) => `<tr><th>${title}</th><td>${x}</td><td>${y}</td></tr>`;
  const code = (text: string) => `<code>${line(text)}</code>`;
  const rows = [
    row('reference', code(a.ref), code(b.ref)),
    row('image ID', code(a.id), code(b.id)),
    row('config digest', code(a.configDigest), code(b.configDigest)),
    row('source', e(a.source), e(b.source)),
    row('save layout', e(a.layout), e(b.layout)),
    row('layers', e(a.layerCount), e(b.layerCount)),
  ];
  return section('images', 'Images', `<table class="grid sides"><thead><tr><th></th><th>A (baseline)</th><th>B</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>${platformTable(report)}`);
}

/** The platform table of a `diff` of two indexes: every platform decides the verdict. */
function platformTable({ platforms }: Report): string {
  const rows = (platforms ?? []).map((row) => {
    const result = row.verdicts === null ? 'missing' : row.reproducible ? 'same' : `differs: ${row.differingLayers} layers, ${row.changes} files`;
    return `<tr><td>${e(row.platform)}</td><td>${row.a ? `<code>${line(row.a)}</code>` : '-'}</td><td>${row.b ? `<code>${line(row.b)}</code>` : '-'}</td><td>${e(result)}${row.note ? ` (${e(row.note)})` : ''}</td></tr>`;
  });
  return platforms ? `\n<table class="grid"><thead><tr><th>platform</th><th>A</th><th>B</th><th>result</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>` : '';
}

function conditions(report: Report): string {
  const items: string[] = [];
  if (report.command === 'build') {
    items.push(`<li>Build B was varied by: ${report.variations.length > 0 ? report.variations.map((v) => `<code>${line(v)}</code>`).join(', ') : 'nothing'}.</li>`);
  }
  for (const skipped of report.skippedVariations) items.push(`<li>Not varied: <code>${line(skipped.name)}</code>: ${line(skipped.reason)}</li>`);
  const ts = report.timestamps;
  if (ts) {
    items.push(
      ts.sourceDateEpoch !== null
        ? `<li><code>SOURCE_DATE_EPOCH=${e(ts.sourceDateEpoch)}</code> (${e(epochDate(ts.sourceDateEpoch))}, from ${e(ts.source ?? 'unknown')}) was given to both builds.</li>`
        : '<li>No <code>SOURCE_DATE_EPOCH</code> was given to the builds.</li>',
    );
    items.push(`<li>Layer file times ${ts.rewriteTimestamp ? 'were' : 'were not'} clamped to it (BuildKit <code>rewrite-timestamp</code>).</li>`);
    for (const note of ts.notes) items.push(`<li class="note">Note: ${line(note)}</li>`);
  }
  const { attestations } = report;
  if (attestations.a.length + attestations.b.length > 0) {
    items.push(`<li>Attestation manifests: ${e(attestations.a.length)} in A, ${e(attestations.b.length)} in B, ${attestations.identical ? 'identical' : 'different'}. They record the build itself and decide no verdict.</li>`);
  }
  return items.length > 0 ? section('conditions', 'Build conditions', `<ul>\n${items.join('\n')}\n</ul>`) : '';
}

function culprits(report: Report): string {
  if (report.culprits === null) return '';
  const parts = [`<p>Culprits: ${report.culprits.length > 0 ? report.culprits.map((c) => `<code>${line(c)}</code>`).join(', ') : 'none of the variations alone'}.</p>`];
  if (report.control) {
    parts.push(
      report.control.nondeterministic
        ? `<p class="note">The build differs by itself, with no variation but time: the control build shows ${e(report.control.changes.length)} differences.</p>`
        : '<p>The control build, with no variation but time, is identical to A.</p>',
    );
  }
  const results = report.variationResults ?? [];
  if (results.length > 0) {
    const rows = results.map((r) => {
      const examples = r.changes.slice(0, 3).map((d) => `<code>${line(shortenPath(showControls(d.path), 120))}</code>`).join(', ');
      return `<tr><th><code>${line(r.variation)}</code></th><td>${badge(r.identical)}</td><td>${e(r.changes.length)}</td><td>${examples}${r.changes.length > 3 ? ', …' : ''}</td></tr>`;
    });
    parts.push(`<table class="grid"><thead><tr><th>variation alone</th><th>vs A</th><th>own differences</th><th>e.g.</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`);
  }
  return section('culprits', 'Culprits', parts.join('\n'));
}

function causes(report: Report, jsonReport: string): string {
  if (report.causes.length === 0) return '';
  const breaks = severityJudge(report);
  const rows = report.causes.slice(0, CAUSES_SHOWN).map((group) => {
    // Two lines a row, so the first screen holds every group of a real build (nine for a Node app): one example, cut in
    // its middle; title and fix clamped by the style (whole in the layer's section below and in the JSON report).
    const example = `<code>${line(group.layer === null ? cut(group.paths[0] ?? '', EXAMPLE_WIDTH) : shortenPath(showControls(group.paths[0] ?? ''), EXAMPLE_WIDTH))}</code>`;
    return [
      `<tr><td>${breaks(group) ? '<span class="badge bad">breaks</span>' : '<span class="badge warn">warning</span>'}</td>`,
      `<td><span class="clamp1">${prose(group.title)}</span><code class="muted">${line(group.cause)}</code></td>`,
      `<td>${where(group)}</td><td class="num">${e(group.count)}</td><td>${example}${group.count > 1 ? ' …' : ''}</td><td><div class="clamp2">${prose(group.hint)}</div></td></tr>`,
    ].join('');
  });
  const more = report.causes.length > CAUSES_SHOWN ? `<p class="note">${e(report.causes.length - CAUSES_SHOWN)} more groups are in ${jsonReport}.</p>` : '';
  return section(
    'causes',
    'Top causes',
    `<table class="grid causes"><thead><tr><th></th><th>cause</th><th>where</th><th>files</th><th>e.g.</th><th>fix</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>${more}`,
  );
}

function where(group: ReportCauseGroup): string {
  if (group.layer === null) return '<a href="#config">image config</a>';
  return `<a href="#layer-${e(group.layer)}">layer ${e(group.layer)}</a>${group.line !== null ? `, line ${e(group.line)}` : ''}`;
}

function layers(report: Report, byLayer: Map<number, ReportChange[]>, jsonReport: string): string {
  if (report.layers.length === 0) return '';
  const sections = report.layers.map((layer) => layerSection(report, layer, byLayer.get(layer.index) ?? [], jsonReport));
  return section('layers', 'Layers', sections.join('\n'));
}

function layerSection(report: Report, layer: ReportLayer, changes: ReportChange[], jsonReport: string): string {
  const what = layer.instruction ?? (layer.createdBy ? `(base image) ${layer.createdBy}` : '(unknown instruction)');
  const status = layer.identical ? '<span class="badge ok">identical</span>' : `<span class="badge bad">differs</span> ${e(changes.length)} ${changes.length === 1 ? 'file' : 'files'}`;
  const lineNo = layer.line !== null ? ` <span class="muted">${report.dockerfile ? `${line(report.dockerfile)}:` : 'line '}${e(layer.line)}</span>` : '';
  const parts = [
    `<details class="layer" id="layer-${e(layer.index)}"${layer.identical ? '' : ' open'}>`,
    `<summary><span class="idx">#${e(layer.index)}</span> ${status} <code>${line(cut(what, 120))}</code>${lineNo}</summary>`,
    '<dl class="facts">',
    `<dt>instruction</dt><dd><pre class="wrap">${multiline(layer.instruction ?? '(not in the Dockerfile)')}</pre></dd>`,
    `<dt>Dockerfile line</dt><dd>${layer.line !== null ? e(layer.line) : 'unknown'}</dd>`,
    layer.createdBy !== null ? `<dt>history (A)</dt><dd><pre class="wrap">${multiline(layer.createdBy)}</pre></dd>` : '',
    `<dt>diff ID A</dt><dd><code>${line(layer.a ?? '(no layer)')}</code></dd>`,
    `<dt>diff ID B</dt><dd><code>${line(layer.b ?? '(no layer)')}</code></dd>`,
    '</dl>',
  ];
  const groups = report.causes.filter((g) => g.layer === layer.index);
  if (groups.length > 0) {
    parts.push(`<ul class="causes">\n${groups.map((g) => `<li>${prose(g.title)} (<code>${line(g.cause)}</code>, ${e(g.count)} ${g.count === 1 ? 'file' : 'files'}): ${prose(g.hint)}</li>`).join('\n')}\n</ul>`);
  }
  if (changes.length > 0) {
    // A number of files per cause group, most important group first, so one large group cannot hide the rest.
    const listed = listByGroup(changes, report.causes, { perGroup: HTML_ROWS_PER_GROUP, total: HTML_ROWS_PER_LAYER });
    const shown = listed.flatMap((entry) => entry.shown);
    parts.push(fileTable(listed));
    if (shown.length < changes.length) {
      const hidden = changes.length - shown.length;
      const timestampsOnly = (list: ReportChange[]) => list.filter((c) => changeRank(c) === 1).length;
      parts.push(`<p class="note">${e(hidden)} more files of this layer are not shown (${e(timestampsOnly(changes) - timestampsOnly(shown))} of them differ only in timestamps); they are in ${jsonReport}.</p>`);
    }
    const diffs = shown.filter((c) => c.diff);
    for (const change of diffs.slice(0, HTML_DIFFS_PER_LAYER)) parts.push(diffBlock(change));
    if (diffs.length > HTML_DIFFS_PER_LAYER) parts.push(`<p class="note">${e(diffs.length - HTML_DIFFS_PER_LAYER)} more text diffs of this layer are in ${jsonReport}.</p>`);
  }
  parts.push('</details>');
  return parts.filter((p) => p !== '').join('\n');
}

function fileTable(listed: ListedGroup[]): string {
  const rows = listed.flatMap((entry) => (entry.shown.length === 0 ? [] : [groupRow(entry), ...entry.shown.map(fileRow)]));
  const titles = ['path', 'change', 'aspects', 'A', 'B', 'cause and detail'];
  const cols = titles.map((_, i) => `<col class="c${i}">`).join('');
  return `<table class="grid files"><colgroup>${cols}</colgroup><thead><tr>${titles.map((t) => `<th>${t}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

/** The row that opens a cause group's files: its title, cause and count. */
function groupRow(entry: ListedGroup): string {
  const name = entry.group ? `${prose(entry.group.title)} (<code>${line(entry.group.cause)}</code>)` : 'Other changes';
  const count = `${e(entry.count)} ${entry.count === 1 ? 'file' : 'files'}${entry.shown.length < entry.count ? `, ${e(entry.shown.length)} shown` : ''}`;
  return `<tr class="group"><th colspan="6">${name}: ${count}</th></tr>`;
}

function fileRow(change: ReportChange): string {
  const differs = new Set<Aspect>(change.kind === 'modified' ? change.aspects : []);
  return [
    `<tr class="${e(change.kind)}"><td class="path"><code>${line(change.path)}</code></td><td>${e(change.kind)}</td><td>${e(change.aspects.join(', '))}</td>`,
    `<td>${entry(change.a, differs, change.kind === 'added')}</td><td>${entry(change.b, differs, change.kind === 'removed')}</td>`,
    `<td>${change.cause ? `<code>${line(change.cause)}</code>` : ''}${change.detail ? `<div class="detail">${line(change.detail)}</div>` : ''}</td></tr>`,
  ].join('');
}

/** One side of a change as a short list of fields; those that differ are marked. */
function entry(side: ReportEntry | undefined, differs: Set<Aspect>, absent: boolean): string {
  if (!side) return `<span class="muted">${absent ? 'absent' : 'not recorded'}</span>`;
  const fields: [string, string, boolean][] = [['type', e(side.type), differs.has('type')]];
  if (side.mode !== undefined) fields.push(['mode', e(side.mode), differs.has('mode')]);
  if (side.uid !== undefined || side.gid !== undefined) fields.push(['owner', `${e(side.uid ?? '?')}:${e(side.gid ?? '?')}`, differs.has('uid') || differs.has('gid')]);
  if (side.size !== undefined) fields.push(['size', e(side.size), differs.has('size')]);
  if (side.mtimeIso !== undefined || side.mtime !== undefined) fields.push(['mtime', line(side.mtimeIso ?? side.mtime ?? ''), differs.has('mtime')]);
  if (side.sha256 !== undefined) fields.push(['sha256', `<code>${line(side.sha256.slice(0, 12))}</code>`, differs.has('content')]);
  if (side.link !== undefined) fields.push(['link', `<code>${line(side.link)}</code>`, differs.has('link')]);
  return `<dl class="entry">${fields.map(([name, value, changed]) => `<dt>${name}</dt><dd${changed ? ' class="changed"' : ''}>${value}</dd>`).join('')}</dl>`;
}

function config(report: Report, jsonReport: string): string {
  if (report.config.length === 0) return '';
  const rows = report.config.slice(0, CONFIG_SHOWN).map(
    (d) => `<tr><td><code>${line(d.field)}</code></td><td><pre class="wrap">${multiline(value(d.a))}</pre></td><td><pre class="wrap">${multiline(value(d.b))}</pre></td><td>${d.cause ? `<code>${line(d.cause)}</code>` : ''}</td></tr>`,
  );
  const more = report.config.length > CONFIG_SHOWN ? `<p class="note">${e(report.config.length - CONFIG_SHOWN)} more fields are in ${jsonReport}.</p>` : '';
  return section(
    'config',
    'Image config differences',
    `<table class="grid config"><thead><tr><th>field</th><th>A</th><th>B</th><th>cause</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>${more}`,
  );
}

function value(v: unknown): string {
  if (v === undefined) return '(absent)';
  return cut(typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)), VALUE_SHOWN);
}

function timings(report: Report): string {
  const entries = Object.entries(report.timings).filter(([name]) => name !== 'builds');
  if (entries.length === 0) return '';
  return ` in ${entries.map(([name, ms]) => `${e(name)} ${e((ms / 1000).toFixed(1))} s`).join(', ')}`;
}

function section(id: string, title: string, content: string): string {
  return `<section id="${id}">\n<h2>${title}</h2>\n${content}\n</section>`;
}

function badge(same: boolean): string {
  return same ? '<span class="badge ok">same</span>' : '<span class="badge bad">differs</span>';
}

function epochDate(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? 'invalid date' : date.toISOString().replace('.000Z', 'Z');
}

function short(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}
