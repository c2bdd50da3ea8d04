import { fromJsonEntry } from '../manifest/json-manifest.js';
import type { DriftReport } from './drift-report.js';
import { formatRule } from './drift-rules.js';

/**
 * A rules file that accepts the drift of a report: one `accept` line per change that is drift now,
 * pinning the values the snapshot has at that path (its digests, mode, owner, link target, flags,
 * extended attributes), or `absent` for a removed path. Applied with `--rules`, it makes the same
 * comparison report no drift; any later change of an accepted value is drift again, as AIDE's
 * database update accepts a state rather than a kind of change (see accept-pins.ts).
 */
export function acceptRulesText(report: DriftReport): string {
  const lines = [
    `# Accepts the drift of ${report.snapshot} against ${report.baseline}: each line pins the values seen now.`,
    '# Written by repro-check drift --accept (pinned values); review, then pass it with --rules.',
  ];
  for (const change of report.changes) {
    if (change.ignored) continue;
    const entry = change.kind === 'removed' || change.new === undefined ? undefined : fromJsonEntry(change.new);
    const pin = entry === undefined ? ({ absent: true } as const) : { entry };
    lines.push(formatRule({ glob: change.path, origin: 'accept', pin }));
  }
  return lines.join('\n') + '\n';
}
