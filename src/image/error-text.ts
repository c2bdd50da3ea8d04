/**
 * How the image readers word their errors. Names and values in them come from archives anyone can
 * shape, and the errors end up on one line of a log that GitHub scans for workflow commands, so
 * every untrusted string is quoted on one line and cut.
 */

/** Characters of an untrusted string kept in an error message. */
const QUOTED_LENGTH = 200;
/** Names that read the same quoted or not: member names and paths as Docker writes them. */
const PLAIN = /^[\w./:+@-]{1,200}$/;

/**
 * An untrusted string as an error message shows it: as it is when it holds only the characters of
 * ordinary member names, else JSON-quoted (no raw line breaks or control characters) and cut at 200
 * characters. Other values are shown as JSON.
 */
export function quote(value: unknown): string {
  if (typeof value === 'string' && PLAIN.test(value)) return value;
  const text = typeof value === 'string' ? value : String(JSON.stringify(value));
  const cut = text.length > QUOTED_LENGTH ? text.slice(0, QUOTED_LENGTH) + '…' : text;
  const shown = typeof value === 'string' || cut !== text ? JSON.stringify(cut) : cut;
  // U+2028/2029 are valid in JSON strings but break lines in some viewers.
  return shown.replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** What can be wrong with a tar, in the words both tar readers (tar-stream's and `TarParser`) report. */
export const TAR_PROBLEMS = {
  checksum: 'a tar header is corrupt (its checksum does not match)',
  format: 'a tar header is in no tar format',
  truncated: 'the tar ends in the middle of an entry (truncated, or an entry declares more bytes than follow)',
  size: 'a tar header declares an invalid size',
} as const;

/** tar-stream's messages, and what they mean for a layer or an archive. */
const TAR_MESSAGES: [RegExp, string][] = [
  [/^Invalid tar header\. Maybe/, TAR_PROBLEMS.checksum],
  [/^Invalid tar header: unknown format/, TAR_PROBLEMS.format],
  [/^Unexpected end of data/, TAR_PROBLEMS.truncated],
  [/^Invalid header$/, TAR_PROBLEMS.size],
  [/^Header exceeds max size$/, 'a PAX or GNU long-name header is larger than 4 MiB'],
];

/** The reason a tar stream could not be read, in words that name the problem. */
export function tarErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  for (const [pattern, text] of TAR_MESSAGES) if (pattern.test(message)) return text;
  return message;
}
