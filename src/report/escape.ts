/**
 * Escaping at the boundary of each output. File names, contents and history text come from images
 * anyone can shape: they must neither break nor inject into Markdown, HTML or workflow commands.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c]!);
}

/**
 * Escapes text for one cell of a GitHub Markdown table: HTML-escaped (GitHub renders inline HTML),
 * pipes and backslashes escaped, Markdown emphasis and code characters neutralised, and line breaks
 * and other control characters shown as escapes so the cell stays on one line.
 */
export function escapeMarkdownCell(text: string): string {
  // One pass, so the entities it writes are not escaped again.
  return showControls(text).replace(/[&<>"'\\|`*_[\]~#]/g, (c) => HTML[c] ?? `&#${c.charCodeAt(0)};`);
}

/** Text inside a Markdown code span, as HTML `<code>` so no backtick count can end it early. */
export function markdownCode(text: string): string {
  return `<code>${escapeMarkdownCell(text)}</code>`;
}

/**
 * Prose for one Markdown table cell (a hint, a title), with its `code` spans set as `<code>`: the
 * text between a pair of backticks is shown as code, everything escaped as `escapeMarkdownCell`
 * does, so a span's content can neither close it nor inject anything. A lone backtick stays text.
 */
export function markdownProse(text: string): string {
  const parts = text.split(/`([^`]+)`/);
  // split with one capture group: even indexes are prose, odd ones the spans' content.
  return parts.map((part, i) => (i % 2 === 1 ? markdownCode(part) : escapeMarkdownCell(part))).join('');
}

/**
 * Escapes multi-line text (a diff) for an HTML `<pre>` that is also printed to the log (under act):
 * HTML-escaped, control characters other than line feeds and tabs shown as escapes (a lone `\r`
 * would start a new log line), and a `:` that starts a line, after white space, written as `&#58;`,
 * which renders the same: the runner trims a line's leading white space and takes what starts with
 * `::` as a workflow command. Line breaks inside a diff's file names cannot be told from the diff's
 * own; this keeps them inert.
 */
export function escapePreformatted(text: string): string {
  // eslint-disable-next-line no-control-regex
  const visible = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => showControls(c));
  return escapeHtml(visible).replace(/^([\s\u0085]*):/gm, '$1&#58;');
}

/** Shows line breaks, tabs and other control characters (C0, DEL, C1, U+2028/2029) as visible escapes (`\n`, `\x1b`). */
export function showControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
