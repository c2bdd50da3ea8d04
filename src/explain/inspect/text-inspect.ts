import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from 'diff';
import { showControls } from '../../report/escape.js';
import type { TextFinding } from './finding.js';
import { DIFF_INPUT_LIMIT, DIFF_MAX_BYTES, DIFF_MAX_EDIT_LENGTH, DIFF_MAX_LINES } from './limits.js';
import { compareVolatile } from './volatile-tokens.js';

/** Lines of context around each change, as `diff -u` shows them. */
const CONTEXT = 3;
/** Longest token quoted in a summary. */
const TOKEN_SHOWN = 40;

/**
 * Compares two versions of a text file: a unified diff (cut at `DIFF_MAX_LINES` lines or
 * `DIFF_MAX_BYTES` bytes) and which date and random-looking tokens changed.
 */
export function inspectText(a: Uint8Array, b: Uint8Array, path: string): TextFinding {
  const textA = Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('utf8');
  const textB = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  const volatile = compareVolatile(textA, textB);
  // File names come from the image: shown with their control characters escaped, so a name cannot
  // break the diff's header line or forge one.
  const patch = unifiedDiff(textA, textB, showControls(path.replace(/^\/+/, '')));
  const finding: TextFinding = {
    format: 'text',
    summary: '',
    diff: patch.diff,
    cut: patch.cut,
    removedLines: patch.removed,
    addedLines: patch.added,
    dates: volatile.dates,
    random: volatile.random,
    datesOnly: volatile.datesOnly,
    randomOnly: volatile.randomOnly,
  };
  if (patch.skipped !== undefined) finding.diffSkipped = patch.skipped;
  finding.summary = summarise(finding);
  return finding;
}

function summarise(finding: TextFinding): string {
  const size = finding.diffSkipped ? 'text differs (diff not computed)' : `text differs: -${finding.removedLines} +${finding.addedLines} lines`;
  const show = (tokens: string[]) =>
    tokens
      .slice(0, 2)
      .map((t) => `"${t.length > TOKEN_SHOWN ? t.slice(0, TOKEN_SHOWN - 1) + '…' : t}"`)
      .join(', ');
  if (finding.datesOnly) return `${size}, only in dates/times (${show(finding.dates.a)} → ${show(finding.dates.b)})`;
  if (finding.randomOnly) return `${size}, only in random-looking tokens (${show(finding.random.a)} → ${show(finding.random.b)})`;
  const dated = finding.dates.a.length + finding.dates.b.length > 0 ? ', dates among the changes' : '';
  return size + dated;
}

interface Patch {
  diff: string;
  cut: TextFinding['cut'];
  removed: number;
  added: number;
  skipped?: string;
}

/**
 * A unified diff of two texts. Lines both share at the start and the end are set aside first
 * (keeping the context lines), so a small change in a large file costs little; the rest is diffed
 * only when it fits `DIFF_INPUT_LIMIT` and `DIFF_MAX_EDIT_LENGTH`.
 */
function unifiedDiff(textA: string, textB: string, name: string): Patch {
  const linesA = splitLines(textA);
  const linesB = splitLines(textB);
  let prefix = 0;
  while (prefix < linesA.length && prefix < linesB.length && linesA[prefix] === linesB[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < linesA.length - prefix &&
    suffix < linesB.length - prefix &&
    linesA[linesA.length - 1 - suffix] === linesB[linesB.length - 1 - suffix]
  ) {
    suffix++;
  }
  const start = Math.max(0, prefix - CONTEXT);
  const keepSuffix = Math.max(0, suffix - CONTEXT);
  const middleA = linesA.slice(start, linesA.length - keepSuffix).join('');
  const middleB = linesB.slice(start, linesB.length - keepSuffix).join('');
  const changedA = linesA.length - prefix - suffix;
  const changedB = linesB.length - prefix - suffix;
  const region = `lines ${prefix + 1}-${prefix + Math.max(changedA, changedB)}`;
  if (Buffer.byteLength(middleA) > DIFF_INPUT_LIMIT || Buffer.byteLength(middleB) > DIFF_INPUT_LIMIT) {
    return { diff: '', cut: null, removed: 0, added: 0, skipped: `the changed region (${region}) is larger than ${DIFF_INPUT_LIMIT} bytes` };
  }
  // The diff needs at least this many edits: skip it at once rather than let it search for them.
  if (editsAtLeast(linesA.slice(prefix, linesA.length - suffix), linesB.slice(prefix, linesB.length - suffix)) > DIFF_MAX_EDIT_LENGTH) {
    return { diff: '', cut: null, removed: 0, added: 0, skipped: `the changed region (${region}) needs more than ${DIFF_MAX_EDIT_LENGTH} line edits` };
  }
  const patch = structuredPatch(`a/${name}`, `b/${name}`, middleA, middleB, undefined, undefined, {
    context: CONTEXT,
    maxEditLength: DIFF_MAX_EDIT_LENGTH,
  });
  if (!patch) {
    return { diff: '', cut: null, removed: 0, added: 0, skipped: `the changed region (${region}) needs more than ${DIFF_MAX_EDIT_LENGTH} line edits` };
  }
  let removed = 0;
  let added = 0;
  for (const hunk of patch.hunks) {
    // Hunks count lines from the start of the middle part: move them to the file's numbering.
    hunk.oldStart += start;
    hunk.newStart += start;
    for (const line of hunk.lines) {
      if (line.startsWith('-')) removed++;
      else if (line.startsWith('+')) added++;
    }
  }
  const { text, cut } = cutDiff(formatPatch(patch, FILE_HEADERS_ONLY));
  return { diff: text, cut, removed, added };
}

/**
 * A lower bound of the line edits (insertions plus deletions) that turn `a` into `b`: every line
 * not kept is an edit, and no more lines can be kept than the two sides have in common, counted
 * as multisets. Profiling: a rewritten 250 KB text file made the diff search up to its edit limit,
 * 0.23 s a file, before it gave up; this count takes a millisecond. The diff compares the last line
 * with and without its line end as equal, so the bound leaves room for that one line.
 */
export function editsAtLeast(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const line of a) counts.set(line, (counts.get(line) ?? 0) + 1);
  let common = 0;
  for (const line of b) {
    const left = counts.get(line) ?? 0;
    if (left > 0) {
      common++;
      counts.set(line, left - 1);
    }
  }
  return Math.max(0, a.length + b.length - 2 * common - 2);
}

/** Lines with their line ends kept, so joining them gives the text back. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Cuts a diff at whole lines within `DIFF_MAX_LINES` and `DIFF_MAX_BYTES`, and ends it with a
 * `\` note (the unified-diff comment line, which patch tools skip) saying how much was cut.
 */
export function cutDiff(diff: string): { text: string; cut: TextFinding['cut'] } {
  const lines = diff.endsWith('\n') ? diff.slice(0, -1).split('\n') : diff.split('\n');
  const kept: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line) + 1;
    if (kept.length >= DIFF_MAX_LINES || bytes + size > DIFF_MAX_BYTES) break;
    kept.push(line);
    bytes += size;
  }
  if (kept.length === lines.length) return { text: diff, cut: null };
  if (kept.length === 0 && lines.length > 0) {
    // A single line longer than the whole budget: keep its start.
    const first = Buffer.from(lines[0] ?? '').subarray(0, DIFF_MAX_BYTES - 1).toString('utf8').replace(/\uFFFD$/, '');
    kept.push(first);
    bytes = Buffer.byteLength(first) + 1;
  }
  const total = Buffer.byteLength(diff);
  const cut = { lines: lines.length - kept.length, bytes: Math.max(0, total - bytes) };
  const note = `\\ repro-check cut ${cut.lines} more lines (${cut.bytes} bytes) of this diff`;
  return { text: kept.join('\n') + '\n' + note + '\n', cut };
}
