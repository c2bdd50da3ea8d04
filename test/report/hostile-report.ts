import type { Report } from '../../src/report/report.js';
import { group, sampleReport } from './report-fixture.js';

/**
 * A report whose every string that comes from an image (paths, instructions, history, config
 * fields and values, hints, details, diffs) tries to break out of the output it lands in: workflow
 * commands after line breaks (`\n`, `\r`, U+2028, and `%0A`, which @actions/core would decode if it
 * did not escape `%`), Markdown table and code breakers, and HTML. Shared by hostile-names.test.ts
 * and publish-runner.ts.
 */

/** Names that try to inject; each must come out whole, on one line, and inert. */
export const HOSTILE = {
  newline: '/evil\n::warning::injected',
  carriageReturn: '/cr\r::warning::injected',
  lineSeparator: '/ls\u2028::warning::injected',
  percent: '/pct%0A::error::injected',
  pipe: '/pipe|name|',
  backticks: '/back`tick`',
  script: '/<script>alert(1)</script>',
  details: '/x</details><img src=x onerror=alert(1)>',
  quotes: `/quote"single'`,
  escape: '/esc\x1b[31mred',
} as const;

const names = Object.values(HOSTILE);

/** A text diff whose file header and content both hold workflow commands and HTML. */
export const HOSTILE_DIFF = [
  `--- a${HOSTILE.newline}`,
  `+++ b${HOSTILE.newline}`,
  '@@ -1,2 +1,2 @@',
  '-::warning::injected from a removed line',
  '+</pre><script>alert(1)</script>',
  '+text\r::error::injected after a carriage return',
  ' </details>',
  '',
].join('\n');

export function hostileReport(): Report {
  const instruction = 'RUN echo "::warning::injected" && echo <script>x</script> | tee `date`\n::error::injected';
  const createdBy = '/bin/sh -c #(nop) LABEL x=</details>\n::warning::injected';
  return sampleReport({
    variations: ['time'],
    layers: [
      { index: 0, a: 'sha256:0', b: 'sha256:9', identical: false, instruction: null, line: null, createdBy, changes: names.length },
      { index: 1, a: 'sha256:1', b: 'sha256:2', identical: false, instruction, line: 4, createdBy, changes: 1 },
    ],
    changes: [
      ...names.map((path) => ({
        path,
        layer: 0,
        kind: 'modified' as const,
        aspects: ['content' as const],
        cause: 'embedded-date',
        hint: `Use SOURCE_DATE_EPOCH in ${path}`,
        detail: `line 3 differs: ${path}`,
        diff: HOSTILE_DIFF,
      })),
      { path: HOSTILE.newline, layer: 1, kind: 'added', aspects: [], b: { type: 'symlink', link: HOSTILE.script } },
    ],
    causes: [
      group({ layer: 0, paths: [...names], count: names.length, hint: `Fix ${HOSTILE.newline} and ${HOSTILE.percent}`, instruction: null, line: null }),
      group({ layer: 1, paths: [HOSTILE.newline], instruction, hint: 'Fix it\n::warning::injected' }),
      group({ layer: null, cause: 'config-created', paths: [`config.Labels.${HOSTILE.newline}`], instruction: null, line: null, timestampsOnly: false }),
    ],
    config: [
      { field: `config.Labels.${HOSTILE.newline}`, a: HOSTILE.script, b: HOSTILE.percent },
      { field: 'history[1].created_by', a: createdBy, b: createdBy + ' ' },
    ],
    contentChanges: names.map((path) => ({ path, kind: 'modified' as const, aspects: ['content' as const] })),
    counts: { layers: 2, differingLayers: 2, changes: names.length + 1, added: 1, removed: 0, modified: names.length },
  });
}
