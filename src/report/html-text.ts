// How report data enters the HTML page: every value escaped, controls and bidirectional overrides shown.
import { escapeHtml, showControls } from './escape.js';

/** Any value, escaped: the one way data enters the page. */
export function e(value: string | number): string {
  return escapeHtml(String(value));
}

// Controls and bidirectional overrides, which could hide or reorder text; tab and newline stay.
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Text that may span lines (diffs, instructions), for a `<pre>`: escaped, other controls shown. */
export function multiline(text: string): string {
  return escapeHtml(text.replace(HIDDEN, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** Text that must stay on one line (paths, refs): escaped, line breaks and tabs shown as escapes. */
export function line(text: string): string {
  return multiline(showControls(text));
}

/** Catalogue prose (titles, fixes): escaped, with its `code` spans set as code. */
export function prose(text: string): string {
  return line(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

/** Text cut to `width` characters, an ellipsis marking the cut. */
export function cut(text: string, width: number): string {
  return text.length > width ? text.slice(0, width - 1) + '…' : text;
}
