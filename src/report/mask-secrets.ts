import type { Report } from './report.js';

/** What a masked value is replaced with (what GitHub's own log masking shows). */
export const MASK = '***';

/**
 * Values shorter than this are not masked: a build argument of `1`, `on` or `en` would turn every
 * occurrence in paths, digests and diffs into `***` and leave the report unreadable, and a value
 * that short is no secret worth keeping.
 */
export const MIN_SECRET_LENGTH = 3;

/**
 * Returns a copy of the report in which every occurrence of each value (build-argument values,
 * which history entries and `created_by` carry) in any string anywhere is replaced with `***`:
 * paths, instructions, `created_by`, config fields and values (history, `Env`, labels, keys of
 * nested objects too), hints, details and diffs. Pure: the input is not changed and shares nothing
 * with the result.
 *
 * Values shorter than `MIN_SECRET_LENGTH` characters and duplicates are ignored. Longer values win
 * where two overlap, so a value that contains another is masked whole. Object keys that become equal
 * once masked are merged, the last one kept. A value already cut by an earlier stage (a diff cut at
 * its size limit in the middle of the value) leaves its first part unmasked; mask before cutting
 * where that matters.
 */
export function maskSecrets(report: Report, values: readonly string[]): Report {
  return maskValue(report, masker(values)) as Report;
}

/** Masks the values in one string (a log line, an error message), by the rules of `maskSecrets`. */
export function maskText(text: string, values: readonly string[]): string {
  return masker(values)(text);
}

function masker(values: readonly string[]): (text: string) => string {
  const secrets = [...new Set(values)].filter((value) => value.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  // One pass over each string with all values at once: text already masked is not searched again.
  const pattern = secrets.length > 0 ? new RegExp(secrets.map(escapeRegExp).join('|'), 'g') : null;
  return (text) => (pattern ? text.replace(pattern, MASK) : text);
}

function maskValue(value: unknown, maskText: (text: string) => string): unknown {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, maskText));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[maskText(key)] = maskValue(item, maskText);
    return out;
  }
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
