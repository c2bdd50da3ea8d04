import type { DriftReport } from './drift-report.js';
import { formatRule, literalGlob, type DriftRule } from './drift-rules.js';

/**
 * A rules file that accepts the drift of a report, as driftctl's generated ignore file does: one
 * exact-path rule per change that is drift now, covering just its kind or its differing aspects,
 * so any further change to the same file is still reported. Applied after the rules used for the
 * report (`--rules` can be given more than once), it makes the same comparison report no drift.
 */
export function acceptRulesText(report: DriftReport): string {
  const lines = [
    `# Accepts the drift of ${report.snapshot} against ${report.baseline}.`,
    '# Written by repro-check drift --accept; review, then pass it with --rules.',
  ];
  for (const change of report.changes) {
    if (change.ignored) continue;
    const rule: DriftRule = { glob: literalGlob(change.path), origin: 'accept' };
    if (change.kind === 'modified') {
      const suppressed = new Set(change.ignoredAspects?.map((i) => i.aspect));
      rule.aspects = change.aspects.filter((aspect) => !suppressed.has(aspect));
    } else {
      rule.kinds = [change.kind];
    }
    lines.push(formatRule(rule));
  }
  return lines.join('\n') + '\n';
}
