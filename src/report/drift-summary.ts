import { driftAspects, driftChanges, rankChanges, securityCounts, securityPhrase, suppressedSecurity } from '../drift/drift-order.js';
import type { DriftReport } from '../drift/drift-report.js';
import { xattrChangeText } from '../drift/xattr-changes.js';
import { ANNOTATIONS_PER_LEVEL, type Annotation } from './annotations.js';
import { escapeMarkdownCell, markdownCode, showControls } from './escape.js';
import { shortenPath } from './shorten-path.js';

/** Changes listed in the drift summary's table; the rest is in the JSON report. */
const CHANGES_SHOWN = 100;
/** Paths named in one annotation... */
const PATHS_SHOWN = 8;
/** ...and the characters of each (the middle of its directory part goes first). */
const PATH_WIDTH = 120;
/** Characters of one path in the summary's table. */
const TABLE_PATH_WIDTH = 160;

/**
 * Renders a drift report as a job summary section (Markdown): the verdict, the counts, security
 * classes, clone hazards, the changes that are drift (security-relevant first, then notable,
 * modified, added, removed), security-relevant changes the user's rules suppress, and what rules
 * suppressed. Pure; every path is escaped.
 */
export function renderDriftSummary(report: DriftReport, title = 'VM drift'): string {
  const { counts } = report;
  const drifted = rankChanges(driftChanges(report.changes));
  const lines: string[] = [];
  lines.push(`## ${report.drift ? '❌' : '✅'} repro-check ${title}: ${report.drift ? `${drifted.length} changes` : 'no drift'}`, '');
  lines.push(`Baseline ${markdownCode(report.baseline)} (${counts.baselineEntries} entries), snapshot ${markdownCode(report.snapshot)} (${counts.snapshotEntries} entries).`, '');
  lines.push('| security-relevant | modified | added | removed | suppressed by rules | clone hazards |', '|---|---|---|---|---|---|');
  lines.push(`| ${counts.security} | ${counts.modified} | ${counts.added} | ${counts.removed} | ${counts.ignored} | ${counts.hazards} |`, '');
  const classes = securityCounts(drifted);
  if (classes.length > 0) {
    lines.push('| security class | changes |', '|---|---|');
    for (const { cls, count } of classes) lines.push(`| ${cls} | ${count} |`);
    lines.push('');
  }
  if (report.hazards.length > 0) {
    lines.push('### Clone hazards', '');
    for (const hazard of report.hazards) lines.push(`- ${markdownCode(hazard.path)} (${escapeMarkdownCell(hazard.what)}): ${escapeMarkdownCell(hazard.message)}${hazard.verified ? '' : ' (not verified: no common digest)'}`);
    lines.push('');
  }
  if (drifted.length > 0) {
    lines.push('### Changes', '', '| path | change | aspects | security | note |', '|---|---|---|---|---|');
    for (const change of drifted.slice(0, CHANGES_SHOWN)) {
      const note = [change.notable, ...(change.xattrs ?? []).map(xattrChangeText), ...(change.acceptDiffers ?? []).map((a) => `not as accepted: ${a.differs.join('; ')}`)].filter(Boolean).join('; ');
      lines.push(`| ${markdownCode(shortenPath(showControls(change.path), TABLE_PATH_WIDTH))} | ${change.kind} | ${driftAspects(change).join(', ')} | ${change.security?.join(', ') ?? ''} | ${escapeMarkdownCell(note)} |`);
    }
    if (drifted.length > CHANGES_SHOWN) lines.push('', `${drifted.length - CHANGES_SHOWN} more changes are in the JSON report.`);
    lines.push('');
  }
  const hidden = rankChanges(suppressedSecurity(report.changes));
  if (hidden.length > 0) {
    lines.push(`### Security-relevant changes your rules suppress or accept (${hidden.length})`, '', 'Default rules never suppress these; a rule you gave did.', '', '| path | change | security | rule |', '|---|---|---|---|');
    for (const change of hidden.slice(0, CHANGES_SHOWN)) lines.push(`| ${markdownCode(change.path)} | ${change.kind} | ${change.security!.join(', ')} | ${markdownCode(change.ignored!.rule)} |`);
    if (hidden.length > CHANGES_SHOWN) lines.push('', `${hidden.length - CHANGES_SHOWN} more are in the JSON report.`);
    lines.push('');
  }
  if (counts.ignored > 0) {
    const byRule = new Map<string, number>();
    for (const change of report.changes) if (change.ignored) byRule.set(change.ignored.rule, (byRule.get(change.ignored.rule) ?? 0) + 1);
    lines.push(`<details><summary>${counts.ignored} changes suppressed by rules (counted, not drift)</summary>`, '', '| rule | changes |', '|---|---|');
    for (const [rule, n] of [...byRule].sort((a, b) => b[1] - a[1])) lines.push(`| ${markdownCode(rule)} | ${n} |`);
    lines.push('', '</details>', '');
  }
  for (const item of report.unverifiable) lines.push(`- ${item.count} entries could not be compared in ${item.aspect} (recorded on one side only), e.g. ${item.examples.map(markdownCode).join(', ')}`);
  return lines.join('\n') + '\n';
}

/**
 * Annotations on the snapshot manifest (a path relative to the workspace): an error for the
 * security-relevant drift with its paths and classes, one for the drift with its first paths in
 * reading order, one per verified clone hazard, a warning per notable change and one for
 * security-relevant changes the user's rules suppress; ten per level.
 */
export function driftAnnotations(report: DriftReport, manifestFile: string | undefined): Annotation[] {
  const at = (annotation: Annotation): Annotation => (manifestFile ? { ...annotation, file: manifestFile } : annotation);
  const errors: Annotation[] = [];
  const warnings: Annotation[] = [];
  const drifted = rankChanges(driftChanges(report.changes));
  const security = drifted.filter((c) => c.security);
  if (security.length > 0) {
    const shown = security.slice(0, PATHS_SHOWN).map((c) => `${c.kind} ${shortenPath(showControls(c.path), PATH_WIDTH)} (${[c.security!.join(', '), ...(c.xattrs ?? []).map(xattrChangeText)].join('; ')})`);
    const more = security.length > shown.length ? `, and ${security.length - shown.length} more` : '';
    errors.push(at({ level: 'error', title: `repro-check: ${security.length} security-relevant changes (${securityPhrase(security)})`, message: `${shown.join(', ')}${more}.` }));
  }
  if (drifted.length > 0) {
    const shown = drifted.slice(0, PATHS_SHOWN).map((c) => `${c.kind} ${shortenPath(showControls(c.path), PATH_WIDTH)}`);
    const more = drifted.length > shown.length ? `, and ${drifted.length - shown.length} more` : '';
    errors.push(at({ level: 'error', title: `repro-check: ${drifted.length} changes since the baseline`, message: `${shown.join(', ')}${more}. Accept expected drift with a rules file (drift --accept writes one).` }));
  }
  for (const hazard of report.hazards.filter((h) => h.verified)) {
    errors.push(at({ level: 'error', title: `repro-check: clone hazard: ${hazard.what}`, message: `${showControls(hazard.path)}: ${hazard.message}` }));
  }
  const hidden = suppressedSecurity(report.changes);
  if (hidden.length > 0) {
    const shown = hidden.slice(0, PATHS_SHOWN).map((c) => `${showControls(c.path)} (${c.security!.join(', ')}) by ${c.ignored!.rule}`);
    warnings.push(at({ level: 'warning', title: `repro-check: your rules suppress ${hidden.length} security-relevant changes`, message: `${shown.join('; ')}${hidden.length > shown.length ? `; and ${hidden.length - shown.length} more` : ''}.` }));
  }
  for (const change of drifted.filter((c) => c.notable)) {
    warnings.push(at({ level: 'warning', title: 'repro-check: notable change', message: `${showControls(change.path)}: ${change.notable}` }));
  }
  return [...errors.slice(0, ANNOTATIONS_PER_LEVEL), ...warnings.slice(0, ANNOTATIONS_PER_LEVEL)];
}
