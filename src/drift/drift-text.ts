import { driftAspects, driftChanges, rankChanges, securityPhrase, suppressedSecurity } from './drift-order.js';
import type { DriftChange, DriftReport } from './drift-report.js';
import { xattrChangeText } from './xattr-changes.js';

/** Options of the text renderer. */
export interface DriftTextOptions {
  /** Changes listed before the rest is only counted; default 50. */
  limit?: number;
  /** Where the full JSON report was written, to point at it when the list is cut. */
  reportPath?: string;
}

const MARK: Record<DriftChange['kind'], string> = { added: '+', removed: '-', modified: '~' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describe(change: DriftChange, aspects: string[] = driftAspects(change)): string {
  let line = `  ${MARK[change.kind]} ${change.path}`;
  if (change.kind === 'modified') {
    line += `  ${aspects.join(', ')}`;
    if (aspects.includes('mode') && change.old?.mode && change.new?.mode) line += ` (mode ${change.old.mode} -> ${change.new.mode})`;
  }
  for (const item of change.xattrs ?? []) line += ` (${xattrChangeText(item)})`;
  if (change.security) line += `  [security: ${change.security.join(', ')}]`;
  if (change.notable) line += `  [notable: ${change.notable}]`;
  for (const accept of change.acceptDiffers ?? []) line += `  [not as accepted by ${accept.rule.replace(/: accept .*/, '')}: ${accept.differs.join('; ')}]`;
  return line;
}

/** Renders a drift report for a terminal: verdict, drift, hazards, what rules hid, what was unverifiable. */
export function renderDriftText(report: DriftReport, options: DriftTextOptions = {}): string {
  const limit = options.limit ?? 50;
  const { counts } = report;
  const drift = counts.added + counts.removed + counts.modified;
  const out: string[] = [];
  const verdict = report.drift ? `Drift: ${plural(drift, 'change')} (${counts.added} added, ${counts.removed} removed, ${counts.modified} modified)` : 'No drift';
  out.push(`${verdict}; ${counts.ignored} ignored by rules${report.clone ? `; ${plural(counts.hazards, 'clone hazard')}` : ''}`);
  out.push(`baseline ${report.baseline} (${counts.baselineEntries} entries), snapshot ${report.snapshot} (${counts.snapshotEntries} entries)`);
  const drifted = rankChanges(driftChanges(report.changes));
  const security = drifted.filter((c) => c.security);
  if (security.length > 0) out.push(`Security-relevant: ${plural(security.length, 'change')} (${securityPhrase(security)})`);
  if (drifted.length > 0) {
    out.push('', 'Changes (security-relevant first, then modified, added, removed):');
    for (const change of drifted.slice(0, limit)) out.push(describe(change));
    if (drifted.length > limit) out.push(`  … and ${drifted.length - limit} more${options.reportPath ? ` (all in ${options.reportPath})` : ' (--report FILE has them all)'}`);
  }
  const hidden = rankChanges(suppressedSecurity(report.changes));
  if (hidden.length > 0) {
    out.push('', `Security-relevant changes that your rules suppress or accept (${hidden.length}; default rules never do):`);
    for (const change of hidden.slice(0, limit)) out.push(`${describe(change, change.aspects)}  (by ${change.ignored!.rule})`);
    if (hidden.length > limit) out.push(`  … and ${hidden.length - limit} more`);
  }
  if (report.hazards.length > 0) {
    out.push('', 'Clone hazards:');
    for (const hazard of report.hazards) out.push(`  ! ${hazard.path}: ${hazard.message}`);
  }
  if (counts.ignored > 0) {
    const byRule = new Map<string, number>();
    for (const change of report.changes) if (change.ignored) byRule.set(change.ignored.rule, (byRule.get(change.ignored.rule) ?? 0) + 1);
    out.push('', `Ignored by rules (${counts.ignored}, kept in the JSON report):`);
    for (const [rule, n] of [...byRule].sort((a, b) => b[1] - a[1]).slice(0, 10)) out.push(`  ${String(n).padStart(7)}  ${rule}`);
    if (byRule.size > 10) out.push(`  … and ${byRule.size - 10} more rules`);
  }
  if (report.unverifiable.length > 0) {
    out.push('', 'Unverifiable (known on one side only, not compared):');
    for (const item of report.unverifiable) out.push(`  ${item.aspect}: ${`${item.count} ${item.count === 1 ? 'entry' : 'entries'}`}, e.g. ${item.examples.join(', ')}`);
  }
  return out.join('\n') + '\n';
}
