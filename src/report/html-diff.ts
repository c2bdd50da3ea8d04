import { e, line, multiline } from './html-text.js';
import type { ReportChange } from './report.js';

/**
 * A unified diff as a side-by-side table: removed lines on the left, added on the right, paired in
 * runs; context lines on both sides; headers, hunk lines and `\` notes across.
 */
export function diffBlock(change: ReportChange): string {
  const rows: string[] = [];
  let oldLine = 0;
  let newLine = 0;
  let inHunk = false;
  let removed: [number, string][] = [];
  let added: [number, string][] = [];
  const across = (cls: string, text: string) => rows.push(`<tr class="${cls}"><td colspan="4">${multiline(text)}</td></tr>`);
  const cell = (side: [number, string] | undefined, cls: string) => (side ? `<td class="n">${e(side[0])}</td><td class="${cls}">${multiline(side[1])}</td>` : '<td class="n"></td><td class="empty"></td>');
  const flush = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) rows.push(`<tr>${cell(removed[i], 'del')}${cell(added[i], 'add')}</tr>`);
    removed = [];
    added = [];
  };
  const lines = change.diff!.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const text of lines) {
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      flush();
      inHunk = true;
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      across('hunk', text);
    } else if (!inHunk || text.startsWith('\\')) {
      flush();
      across('meta', text);
    } else if (text.startsWith('-')) {
      removed.push([oldLine++, text]);
    } else if (text.startsWith('+')) {
      added.push([newLine++, text]);
    } else {
      flush();
      rows.push(`<tr>${cell([oldLine++, text], 'ctx')}${cell([newLine++, text], 'ctx')}</tr>`);
    }
  }
  flush();
  return [
    `<div class="diff"><div class="diff-title">Text diff of <code>${line(change.path)}</code> (A left, B right)</div>`,
    `<table class="diff"><colgroup><col class="n"><col><col class="n"><col></colgroup><tbody>\n${rows.join('\n')}\n</tbody></table></div>`,
  ].join('\n');
}
