import type { Aspect } from '../tree/compare-trees.js';
import { listByGroup } from './change-groups.js';
import { fixMarkdown } from './fix-summary.js';
import { escapeHtml, escapeMarkdownCell, escapePreformatted, markdownCode, markdownProse, showControls } from './escape.js';
import type { Report, ReportChange } from './report.js';
import { severityJudge } from './severity.js';
import { shortenPath } from './shorten-path.js';

/** GitHub accepts at most 1 MiB of summary per step; keep a margin for what the runner adds. */
export const SUMMARY_LIMIT = 1_000_000;
/** Rows of the top-causes table. */
const CAUSES_SHOWN = 10;
/** File rows per layer in the details... */
const FILES_PER_LAYER = 50;
/** ...and per cause group of the layer. */
const FILES_PER_GROUP = 10;
/** Characters of one path in the details (the middle of its directory part goes first). */
const PATH_SHOWN = 160;
/** Characters of one text diff in the details. */
const DIFF_SHOWN = 4_000;

/** Columns of the layers table: which aspects count in which column. */
const COLUMNS: { title: string; aspects: Aspect[] }[] = [
  { title: 'content', aspects: ['content', 'size', 'type', 'link', 'device'] },
  { title: 'mode', aspects: ['mode'] },
  { title: 'owner', aspects: ['uid', 'gid'] },
  { title: 'mtime', aspects: ['mtime'] },
  { title: 'xattrs', aspects: ['xattrs'] },
];

/**
 * Renders the job summary (GitHub-flavoured Markdown with inline HTML): verdicts, a table of layers,
 * the top causes with their fixes, and collapsible details per layer. Everything from the images is
 * escaped. Details stop before the summary would pass `limit` bytes; the rest is in the report. Pure.
 */
export function renderJobSummary(report: Report, reportPath?: string, limit = SUMMARY_LIMIT): string {
  const head: string[] = [];
  const icon = report.reproducible ? '✅' : '❌';
  head.push(`## ${icon} repro-check: ${report.reproducible ? 'reproducible' : 'not reproducible'} at level \`${report.level}\``, '');
  if (report.verify) {
    const verify = report.verify;
    head.push(`Verified ${markdownCode(verify.published.ref.replace(/^docker:\/\//, ''))}: **${verify.verdict}**${verify.firstDifference ? `; the difference begins at ${verify.firstDifference}${verify.origin && verify.origin.line !== null ? ` (Dockerfile line ${verify.origin.line})` : ''}` : '; no level differs'}.`, '');
    head.push('| level | state |', '|---|---|', ...Object.entries(verify.levels).map(([level, state]) => `| ${level} | ${state} |`), '');
    for (const note of verify.notes) head.push(escapeMarkdownCell(note), '');
  }
  if (report.platforms) {
    head.push('| platform | A | B | result |', '|---|---|---|---|');
    for (const row of report.platforms) {
      const result = row.verdicts === null ? 'missing' : row.reproducible ? '✅ same' : `❌ ${row.differingLayers} layers, ${row.changes} files differ`;
      head.push(`| ${row.platform} | ${row.a ? markdownCode(short(row.a)) : '-'} | ${row.b ? markdownCode(short(row.b)) : '-'} | ${result}${row.note ? ` (${row.note})` : ''} |`);
    }
    head.push('', `Attestation manifests decide nothing: ${report.attestations.a.length} in A, ${report.attestations.b.length} in B.`, '');
  }
  if (report.variations.length > 0) head.push(`Build B was varied by: ${report.variations.map((v) => `\`${v}\``).join(', ')}.`, '');
  for (const skipped of report.skippedVariations) head.push(`Not varied: ${markdownCode(skipped.name)}: ${escapeMarkdownCell(skipped.reason)}.`, '');
  const [a, b] = report.images;
  head.push('| verdict | result | meaning |', '|---|---|---|');
  head.push(`| strict | ${mark(report.verdicts.strict)} | image ${markdownCode(short(a.id))} vs ${markdownCode(short(b.id))} |`);
  head.push(`| layers | ${mark(report.verdicts.layers)} | ${report.counts.differingLayers} of ${report.counts.layers} layers differ |`);
  head.push(`| content | ${mark(report.verdicts.content)} | ${report.verdicts.content ? 'same files, modes and owners (timestamps ignored)' : `${report.contentChanges.length} paths differ beyond timestamps`} |`, '');

  if (report.layers.length > 0) {
    head.push('### Layers', '', `| # | instruction | line | identical | ${COLUMNS.map((c) => c.title).join(' | ')} |`, `|---|---|---|---|${COLUMNS.map(() => '---').join('|')}|`);
    for (const layer of report.layers) {
      const changes = report.changes.filter((c) => c.layer === layer.index);
      const counts = COLUMNS.map((column) => count(changes, column.aspects));
      const instruction = layer.instruction ?? (layer.createdBy ? `(base) ${layer.createdBy}` : '');
      head.push(`| ${layer.index} | ${instruction ? markdownCode(cut(instruction, 80)) : ''} | ${layer.line ?? ''} | ${layer.identical ? '✅' : '❌'} | ${counts.join(' | ')} |`);
    }
    head.push('');
  }

  if (report.causes.length > 0) {
    head.push('### Top causes', '', '| | cause | where | files | fix |', '|---|---|---|---|---|');
    const breaks = severityJudge(report);
    for (const group of report.causes.slice(0, CAUSES_SHOWN)) {
      const where = group.layer === null ? 'image config' : `layer ${group.layer}${group.line !== null ? `, line ${group.line}` : ''}`;
      head.push(`| ${breaks(group) ? '❌' : '⚠️'} | ${markdownProse(group.title)} (${markdownCode(group.cause)}) | ${where} | ${group.count} | ${markdownProse(group.hint)} |`);
    }
    if (report.causes.length > CAUSES_SHOWN) head.push('', `${report.causes.length - CAUSES_SHOWN} more groups are in the JSON report.`);
    head.push('');
  }

  let text = head.join('\n');
  if (report.fix) text += '\n' + fixMarkdown(report.fix) + '\n';
  const tail = reportPath ? `\nThe full report: ${markdownCode(reportPath)}\n` : '';
  const differing = report.layers.filter((layer) => !layer.identical);
  if (differing.length > 0) text += '### Details\n\n';
  for (const [position, layer] of differing.entries()) {
    const section = layerDetails(report, layer.index);
    if (Buffer.byteLength(text + section + tail) > limit - 200) {
      text += `\n${differing.length - position} more layers are not shown here, to stay within GitHub's summary limit; they are in the JSON report.\n`;
      break;
    }
    text += section;
  }
  return text + tail;
}

function layerDetails(report: Report, index: number): string {
  const layer = report.layers[index]!;
  const changes = report.changes.filter((c) => c.layer === index);
  const title = `Layer ${index}${layer.instruction ? `: ${layer.instruction}` : ''}${layer.line !== null ? ` (line ${layer.line})` : ''}: ${changes.length} ${changes.length === 1 ? 'file differs' : 'files differ'}`;
  const lines = [`<details><summary>${escapeHtml(showControls(cut(title, 200)))}</summary>`, ''];
  // A few files per cause group, most important group first, so one large group cannot hide the rest.
  const listed = listByGroup(changes, report.causes, { perGroup: FILES_PER_GROUP, total: FILES_PER_LAYER });
  const shown = listed.flatMap((entry) => entry.shown);
  for (const entry of listed) {
    if (entry.shown.length === 0) continue;
    const name = entry.group ? `${markdownProse(entry.group.title)} (${markdownCode(entry.group.cause)})` : 'Other changes';
    lines.push(`${name}: ${entry.count} ${entry.count === 1 ? 'file' : 'files'}${entry.shown.length < entry.count ? `, ${entry.shown.length} shown` : ''}`, '');
    lines.push('| path | change | aspects | detail |', '|---|---|---|---|');
    for (const change of entry.shown) {
      lines.push(`| ${markdownCode(pathShown(change.path))} | ${change.kind} | ${change.aspects.join(', ')} | ${escapeMarkdownCell(change.detail ?? sides(change))} |`);
    }
    lines.push('');
  }
  if (changes.length > shown.length) lines.push(`${changes.length - shown.length} more files of this layer are in the JSON report.`);
  for (const change of shown.filter((c) => c.diff)) {
    lines.push('', `${markdownCode(pathShown(change.path))}:`, '', '<pre>', escapePreformatted(cut(change.diff!, DIFF_SHOWN)), '</pre>');
  }
  lines.push('', '</details>', '', '');
  return lines.join('\n');
}

/** Both sides of a change in a few words, where no inspection detail says more. */
function sides(change: ReportChange): string {
  const parts: string[] = [];
  if (change.aspects.includes('mtime')) parts.push(`mtime ${change.a?.mtimeIso ?? '?'} → ${change.b?.mtimeIso ?? '?'}`);
  if (change.aspects.includes('mode')) parts.push(`mode ${change.a?.mode ?? '?'} → ${change.b?.mode ?? '?'}`);
  if (change.aspects.includes('size')) parts.push(`size ${change.a?.size ?? '?'} → ${change.b?.size ?? '?'}`);
  return parts.join('; ');
}

function count(changes: ReportChange[], aspects: Aspect[]): string {
  const n = changes.filter((c) => c.aspects.some((aspect) => aspects.includes(aspect)) || (c.kind !== 'modified' && aspects.includes('content'))).length;
  return n === 0 ? '' : String(n);
}

function mark(ok: boolean): string {
  return ok ? '✅ same' : '❌ differs';
}

function short(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

function pathShown(path: string): string {
  return shortenPath(showControls(path), PATH_SHOWN);
}

function cut(text: string, width: number): string {
  return text.length > width ? text.slice(0, width - 1) + '…' : text;
}
