import { listByGroup } from './change-groups.js';
import { fixTextLines } from './fix-summary.js';
import { showControls } from './escape.js';
import type { Report } from './report.js';
import { shortenPath } from './shorten-path.js';
import { severityJudge } from './severity.js';

/** How many file changes the text summary lists before pointing at the JSON report... */
const CHANGES_SHOWN = 20;
/** ...and how many of one cause group. */
const CHANGES_PER_GROUP = 3;
/** How many cause groups are listed. */
const CAUSES_SHOWN = 8;
/** How many differing config fields are named. */
const FIELDS_SHOWN = 8;

/** ANSI colours, used only when the CLI writes to a terminal (and NO_COLOR is unset). */
const PAINT = { green: (t: string) => `\x1b[32m${t}\x1b[0m`, red: (t: string) => `\x1b[31m${t}\x1b[0m`, bold: (t: string) => `\x1b[1m${t}\x1b[0m` };
const PLAIN = { green: (t: string) => t, red: (t: string) => t, bold: (t: string) => t };
/** What starts each cause line: whether the group breaks the chosen level (`severityJudge`), of equal width. */
export const MARK = { breaks: 'BREAKS ', warning: 'warning' } as const;

/** Renders the short human summary printed by the CLI and the action's log. Pure. */
export function renderTextSummary(report: Report, reportPath?: string, options: { color?: boolean } = {}): string {
  const paint = options.color ? PAINT : PLAIN;
  const lines: string[] = [];
  const [a, b] = report.images;
  lines.push(`repro-check: ${report.reproducible ? paint.green('reproducible') : paint.red('NOT reproducible')} at level ${paint.bold(report.level)}`);
  if (report.verify) lines.push(...verifyLines(report.verify));
  if (report.variations.length > 0) lines.push(`  build B varied by: ${report.variations.join(', ')}`);
  for (const skipped of report.skippedVariations) lines.push(`  not varied: ${skipped.name}: ${skipped.reason}`);
  if (report.timestamps && report.timestamps.sourceDateEpoch !== null) {
    lines.push(`  SOURCE_DATE_EPOCH=${report.timestamps.sourceDateEpoch} (${report.timestamps.source})${report.timestamps.rewriteTimestamp ? ', layer times clamped (rewrite-timestamp)' : ''}`);
  }
  const mark = (ok: boolean) => (ok ? paint.green('same   ') : paint.red('DIFFER '));
  const differing = report.counts.differingLayers;
  lines.push(`  strict  ${mark(report.verdicts.strict)} image ${short(a.id)} vs ${short(b.id)}`);
  lines.push(`  layers  ${mark(report.verdicts.layers)} ${differing} of ${report.counts.layers} layers differ`);
  lines.push(
    `  content ${mark(report.verdicts.content)} ${report.verdicts.content ? 'same files, modes and owners (timestamps ignored)' : `${report.contentChanges.length} paths differ beyond timestamps`}`,
  );
  if (report.platforms) lines.push(...platformLines(report.platforms, report.attestations));
  if (report.culprits) {
    lines.push('', `Culprits: ${report.culprits.length > 0 ? report.culprits.join(', ') : 'none of the variations alone'}`);
    if (report.control?.nondeterministic) lines.push(`  the build differs by itself, with no variation but time (${report.control.changes.length} differences)`);
    for (const result of report.variationResults ?? []) {
      if (result.changes.length > 0) lines.push(`  ${result.variation}: ${result.changes.length} differences, e.g. ${onePath(result.changes[0]!.path, 60)}`);
    }
  }
  for (const note of report.timestamps?.notes ?? []) lines.push('', `Note: ${note}`);
  if (report.layers.length > 0) {
    lines.push('', 'Layers:');
    for (const layer of report.layers) {
      const where = layer.line !== null ? `${report.dockerfile ?? 'Dockerfile'}:${layer.line}` : layer.instruction === null && layer.createdBy ? 'base image' : '';
      const what = layer.instruction ?? layer.createdBy ?? '';
      const status = layer.identical ? 'identical' : `${layer.changes} ${layer.changes === 1 ? 'file differs' : 'files differ'}`;
      lines.push(`  #${layer.index}  ${status.padEnd(16)} ${where ? where + '  ' : ''}${oneLine(what, 70)}`);
    }
  }
  if (report.causes.length > 0) {
    lines.push('', `Causes (most important first; ${MARK.breaks.trim()}: breaks level ${report.level}):`);
    const breaks = severityJudge(report);
    for (const group of report.causes.slice(0, CAUSES_SHOWN)) {
      const where = group.layer === null ? 'config' : `#${group.layer}${group.line !== null ? ` line ${group.line}` : ''}`;
      const paths = group.paths.slice(0, 3).map((p) => (group.layer === null ? oneLine(p, 60) : onePath(p, 60))).join(', ');
      const marker = breaks(group) ? paint.red(MARK.breaks) : MARK.warning;
      lines.push(`  ${marker} ${where.padEnd(14)} ${group.title} (${group.cause}): ${group.count} × ${paths}${group.count > 3 ? ', …' : ''}`);
      lines.push(`  ${''.padEnd(MARK.warning.length)} ${''.padEnd(14)} fix: ${oneLine(group.hint, 160)}`);
    }
    if (report.causes.length > CAUSES_SHOWN) lines.push(`  and ${report.causes.length - CAUSES_SHOWN} more groups in the report`);
  }
  if (report.changes.length > 0) {
    // A few changes per cause group, most important group first: a page of mtime-only entries
    // would otherwise hide the one change that matters.
    const listed = listByGroup(report.changes, report.causes, { perGroup: CHANGES_PER_GROUP, total: CHANGES_SHOWN });
    const shownCount = listed.reduce((n, entry) => n + entry.shown.length, 0);
    lines.push('', `Changes (${shownCount < report.changes.length ? `${shownCount} of ${report.changes.length}, ` : ''}up to ${CHANGES_PER_GROUP} per cause, most important cause first):`);
    for (const entry of listed) {
      if (entry.shown.length === 0) continue;
      const name = entry.group ? `#${entry.group.layer} ${entry.group.title} (${entry.group.cause})` : 'other changes';
      lines.push(`  ${name}: ${entry.count} ${entry.count === 1 ? 'change' : 'changes'}${entry.shown.length < entry.count ? `, ${entry.shown.length} shown` : ''}`);
      for (const change of entry.shown) {
        const aspects = change.aspects.length > 0 ? `  ${change.aspects.join(', ')}` : '';
        const detail = change.detail ? `  (${oneLine(change.detail, 100)})` : '';
        lines.push(`    #${change.layer}  ${change.kind.padEnd(8)}  ${onePath(change.path, 80)}${aspects}${detail}`);
      }
    }
    const hidden = listed.filter((entry) => entry.shown.length === 0).length;
    if (hidden > 0) lines.push(`  and ${hidden} more ${hidden === 1 ? 'group' : 'groups'} of changes in the report`);
  }
  if (report.config.length > 0) {
    // Field names come from the configs' JSON keys (labels, env names): as untrusted as file names.
    const fields = report.config.slice(0, FIELDS_SHOWN).map((d) => oneLine(d.field, 60));
    const more = report.config.length > fields.length ? `, and ${report.config.length - fields.length} more` : '';
    lines.push('', `Config: ${report.config.length} ${report.config.length === 1 ? 'field differs' : 'fields differ'}: ${fields.join(', ')}${more}`);
  }
  if (report.baseline) {
    const { counts } = report.baseline;
    const changes = counts.added + counts.removed + counts.modified;
    lines.push('', `Baseline ${onePath(report.baseline.baseline, 80)}: ${report.baseline.drift ? `image A drifted: ${counts.added} added, ${counts.removed} removed, ${counts.modified} modified` : 'no drift'}${changes === 0 && counts.ignored > 0 ? ` (${counts.ignored} changes suppressed by rules)` : ''}`);
  }
  if (report.fix) lines.push(...fixTextLines(report.fix));
  if (reportPath) lines.push('', `Report: ${reportPath}`);
  return lines.join('\n') + '\n';
}

function short(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/**
 * Keeps untrusted names on one line and within a width, so they cannot forge summary lines: line
 * breaks, tabs and other controls are shown as escapes (`\n`, `\x1b`); quotes and backslashes
 * stay as they are, so `"05:04:36"` reads as written.
 */
function oneLine(text: string, width: number): string {
  const flat = showControls(text);
  return flat.length > width ? flat.slice(0, width - 1) + '…' : flat;
}

/** A path as `oneLine` shows it, shortened in the middle of its directory part so its file name stays. */
function onePath(path: string, width: number): string {
  return shortenPath(showControls(path), width);
}

/** `verify`'s verdict, the level where the difference begins, each level's state, and what the rebuilt side is. */
function verifyLines(verify: NonNullable<Report['verify']>): string[] {
  const origin = verify.origin ? ` (layer #${verify.origin.layer}${verify.origin.line !== null ? `, Dockerfile line ${verify.origin.line}` : ''}${verify.origin.instruction ? `: ${oneLine(verify.origin.instruction, 60)}` : ''})` : '';
  const lines = [`  verify: ${verify.verdict} at level ${verify.level}; ${verify.firstDifference ? `the difference begins at ${verify.firstDifference}${origin}` : 'no level differs'}`];
  lines.push(`  levels: ${Object.entries(verify.levels).map(([level, state]) => `${level} ${state}`).join(', ')}`);
  for (const platform of verify.platforms) if (platform.reason) lines.push(`  ${platform.platform}: ${platform.verdict}, ${platform.reason}`);
  if (verify.settings.sourceDateEpoch !== null) lines.push(`  rebuilt with SOURCE_DATE_EPOCH=${verify.settings.sourceDateEpoch} (${verify.settings.sourceDateEpochFrom})`);
  for (const note of verify.notes) lines.push(`  note: ${note}`);
  lines.push(`  rebuilt side: ${verify.rebuilt.ref}`);
  lines.push(`  ${verify.rebuilt.removal.removed ? 'removed' : 'kept'}: ${verify.rebuilt.removal.reason}`);
  return lines;
}

/** The platform table of a `diff` of two indexes; attestation manifests apart, deciding nothing. */
function platformLines(platforms: NonNullable<Report['platforms']>, attestations: Report['attestations']): string[] {
  const lines = ['', 'Platforms (each decides the verdict):', `  ${'platform'.padEnd(16)} ${'A'.padEnd(19)} ${'B'.padEnd(19)} result`];
  for (const row of platforms) {
    const result = row.verdicts === null ? 'missing' : row.reproducible ? 'same' : `DIFFER (${row.differingLayers} layers, ${row.changes} files)`;
    lines.push(`  ${row.platform.padEnd(16)} ${(row.a ? short(row.a) : '-').padEnd(19)} ${(row.b ? short(row.b) : '-').padEnd(19)} ${result}${row.note ? `  ${row.note}` : ''}`);
  }
  lines.push(`  attestation manifests (decide nothing): ${attestations.a.length} in A, ${attestations.b.length} in B, ${attestations.identical ? 'identical' : 'different'}`);
  return lines;
}
