import { structuredPatch } from 'diff';

/** One pull-request review comment that suggests replacing lines of the Dockerfile. */
export interface ReviewSuggestion {
  /** The Dockerfile's path in the repository. */
  path: string;
  /** First line replaced, when more than one. */
  startLine?: number;
  /** Last line replaced (GitHub's `line`). */
  line: number;
  /** The comment: a ```suggestion block with the replacement lines, then the note. */
  body: string;
  /** The replacement lines, as the block holds them. */
  replacement: string[];
}

/**
 * The patch as review comments GitHub shows with "Commit suggestion": one per changed run of
 * lines. A pure insertion (the `ARG SOURCE_DATE_EPOCH` after a FROM) becomes a suggestion on the
 * line before it that keeps that line. Pure.
 */
export function reviewSuggestions(path: string, before: string, after: string, note: string): ReviewSuggestion[] {
  const oldLines = before.split('\n');
  const patch = structuredPatch(path, path, before, after, undefined, undefined, { context: 0 });
  return patch.hunks.map((hunk) => {
    const added = hunk.lines.filter((line) => line.startsWith('+')).map((line) => line.slice(1));
    let first = hunk.oldStart;
    let last = hunk.oldStart + hunk.oldLines - 1;
    let replacement = added;
    if (hunk.oldLines === 0) {
      // structuredPatch gives an insertion's oldStart as the line it goes before (1: before the first).
      const follows = hunk.oldStart - 1;
      const anchor = Math.max(1, follows);
      const anchorText = oldLines[anchor - 1] ?? '';
      replacement = follows === 0 ? [...added, anchorText] : [anchorText, ...added];
      first = anchor;
      last = anchor;
    }
    const fence = '`'.repeat(Math.max(3, longestBacktickRun(replacement.join('\n')) + 1));
    const suggestion: ReviewSuggestion = { path, line: last, body: `${fence}suggestion\n${replacement.join('\n')}\n${fence}\n${note}`, replacement };
    if (first < last) suggestion.startLine = first;
    return suggestion;
  });
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
}
