import type { Report } from './report.js';

/** What a masked value is replaced with (what GitHub's own log masking shows). */
export const MASK = '***';

/**
 * Values shorter than this are not masked: a secret of `1` or `on` would turn every occurrence in
 * paths and diffs into `***` and leave the report unreadable, and a value that short is no secret
 * worth keeping.
 */
export const MIN_SECRET_LENGTH = 3;

/**
 * Returns a copy of the report in which every occurrence of each secret value (see
 * `secretValues` in settings.ts: values of build arguments whose names look secret, and those
 * given as secret build arguments) is replaced with `***` in the report's free text, and nowhere
 * else. Pure: the input is not changed and shares nothing with the result.
 *
 * Free text, where a build can write a value (masked):
 * - paths: `changes[].path`, `contentChanges[].path`, link targets (`changes[].a/b.link`),
 *   `causes[].paths`, the culprit search's `changes[].path`, and `dockerfile`;
 * - instruction text: `layers[].instruction`, `layers[].createdBy`, `causes[].instruction`;
 * - explanations: `changes[].hint`, `changes[].detail`, `changes[].diff`, `causes[].title`,
 *   `causes[].hint`, `timestamps.notes`, `skippedVariations[].reason`;
 * - config differences other than the identifiers below: the field name (label keys and the like
 *   are free) and both values, keys of nested objects included (`history[].created_by`, `Env`,
 *   `Cmd`, `Labels`, …);
 * - the baseline drift report, but for its digests and its enumerated fields.
 *
 * Identifiers and enumerations (never rewritten, so a value that happens to occur in one cannot
 * corrupt it): image IDs, config digests, refs, diff IDs, attestation digests, file digests, modes,
 * owners, sizes, times, kinds, aspects, cause ids, the engine's facts, verdicts, counts, timings,
 * and the config fields in `IDENTIFIER_FIELDS` (`architecture`, `os`, `created`, …).
 *
 * Values shorter than `MIN_SECRET_LENGTH` characters and duplicates are ignored. Longer values win
 * where two overlap, so a value that contains another is masked whole. Object keys that become equal
 * once masked are merged, the last one kept. A value already cut by an earlier stage (a diff cut at
 * its size limit in the middle of the value) leaves its first part unmasked; mask before cutting
 * where that matters.
 */
export function maskSecrets(report: Report, values: readonly string[]): Report {
  const out = structuredClone(report);
  const t = masker(values);
  if (!t) return out;
  if (out.dockerfile !== null) out.dockerfile = t(out.dockerfile);
  for (const skipped of out.skippedVariations) skipped.reason = t(skipped.reason);
  if (out.timestamps) out.timestamps.notes = out.timestamps.notes.map(t);
  for (const difference of [...(out.control?.changes ?? []), ...(out.variationResults ?? []).flatMap((r) => r.changes)]) difference.path = t(difference.path);
  for (const difference of out.config) {
    if (IDENTIFIER_FIELDS.test(difference.field)) continue;
    difference.field = t(difference.field);
    if (difference.a !== undefined) difference.a = maskDeep(difference.a, t);
    if (difference.b !== undefined) difference.b = maskDeep(difference.b, t);
  }
  for (const layer of out.layers) {
    if (layer.instruction !== null) layer.instruction = t(layer.instruction);
    if (layer.createdBy !== null) layer.createdBy = t(layer.createdBy);
  }
  for (const change of out.changes) {
    change.path = t(change.path);
    if (change.hint !== undefined) change.hint = t(change.hint);
    if (change.detail !== undefined) change.detail = t(change.detail);
    if (change.diff !== undefined) change.diff = t(change.diff);
    if (change.a?.link !== undefined) change.a.link = t(change.a.link);
    if (change.b?.link !== undefined) change.b.link = t(change.b.link);
  }
  for (const group of out.causes) {
    group.title = t(group.title);
    group.hint = t(group.hint);
    group.paths = group.paths.map(t);
    if (group.instruction !== null) group.instruction = t(group.instruction);
  }
  for (const change of out.contentChanges) change.path = t(change.path);
  if (out.baseline) out.baseline = maskDeep(out.baseline, t, BASELINE_IDENTIFIER_KEYS) as Report['baseline'];
  return out;
}

/**
 * Config fields that hold identifiers or enumerations, never free text: the platform, build
 * times, the engine's version, container IDs and image digests (as `diffJson` names them).
 */
export const IDENTIFIER_FIELDS =
  /^(?:architecture|os|variant|os\.version|os\.features(?:\[\d+\])?|created|docker_version|container|(?:config|container_config)\.(?:Image|Hostname|Domainname)|history\[\d+\]\.(?:created|empty_layer)|rootfs(?:\..*)?)$/;

/** Keys of a drift report (and its manifest entries) whose values are identifiers or enumerations. */
const BASELINE_IDENTIFIER_KEYS = new Set(['schemaVersion', 'digests', 'type', 'kind', 'aspects', 'aspect', 'unverifiable', 'mode', 'mtime', 'verify', 'device', 'counts']);

/** Masks the values in one string (a log line, an error message), by the rules of `maskSecrets`. */
export function maskText(text: string, values: readonly string[]): string {
  const t = masker(values);
  return t ? t(text) : text;
}

/** A function that masks the values in one string, or null when no value is long enough to mask. */
function masker(values: readonly string[]): ((text: string) => string) | null {
  const secrets = [...new Set(values)].filter((value) => value.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
  if (secrets.length === 0) return null;
  // One pass over each string with all values at once: text already masked is not searched again.
  const pattern = new RegExp(secrets.map(escapeRegExp).join('|'), 'g');
  return (text) => text.replace(pattern, MASK);
}

/** Masks every string and object key in a JSON value, but the values under `keep`'s keys. */
function maskDeep(value: unknown, t: (text: string) => string, keep: ReadonlySet<string> = new Set()): unknown {
  if (typeof value === 'string') return t(value);
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, t, keep));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (keep.has(key)) out[key] = item;
      else out[t(key)] = maskDeep(item, t, keep);
    }
    return out;
  }
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
