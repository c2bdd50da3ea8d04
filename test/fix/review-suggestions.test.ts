import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/dockerfile-parser.js';
import { applyEdits } from '../../src/fix/dockerfile-edits.js';
import type { DockerfileEdit } from '../../src/fix/remedy.js';
import { reviewSuggestions, type ReviewSuggestion } from '../../src/fix/review-suggestions.js';

/** Commits the suggestions as GitHub does: each replaces its lines of the original file. */
function commitAll(before: string, suggestions: ReviewSuggestion[]): string {
  const lines = before.split('\n');
  for (const s of [...suggestions].sort((x, y) => y.line - x.line)) {
    const first = s.startLine ?? s.line;
    lines.splice(first - 1, s.line - first + 1, ...s.replacement);
  }
  return lines.join('\n');
}

describe('reviewSuggestions', () => {
  test.each<{ name: string; text: string; edits: DockerfileEdit[]; count: number }>([
    { name: 'ARG after FROM and a cleanup of a one-line RUN', text: 'FROM d\nRUN apt-get update\nCMD x\n', edits: [{ type: 'stage-arg', line: 2, for: 'times' }, { type: 'remove', line: 2, paths: ['/var/log/dpkg.log'] }], count: 1 },
    { name: 'a continued RUN and the COPY --chmod right after it: one run of lines', text: 'FROM d\nRUN a \\\n  && b\nCOPY x /bin/x\n', edits: [{ type: 'remove', line: 2, paths: ['/var/log/apt/*'] }, { type: 'chmod', line: 4, mode: '0644' }], count: 1 },
    { name: 'a continued RUN and a COPY --chmod further down', text: 'FROM d\nRUN a \\\n  && b\nENV X=1\nCOPY x /bin/x\n', edits: [{ type: 'remove', line: 2, paths: ['/var/log/apt/*'] }, { type: 'chmod', line: 5, mode: '0644' }], count: 2 },
  ])('committing every suggestion gives the patched Dockerfile: $name', ({ text, edits, count }) => {
    const after = applyEdits(text, parseDockerfile(text), edits);
    const suggestions = reviewSuggestions('Dockerfile', text, after, 'repro-check --fix');
    expect(suggestions).toHaveLength(count);
    expect(commitAll(text, suggestions)).toBe(after);
    for (const s of suggestions) expect(s.body).toMatch(/^```suggestion\n[\s\S]*\n```\nrepro-check --fix$/);
  });

  test('the ARG insertion alone keeps the FROM line it hangs on', () => {
    const [s] = reviewSuggestions('Dockerfile', 'FROM d\nRUN x\n', 'FROM d\nARG SOURCE_DATE_EPOCH\nRUN x\n', '');
    expect(s).toMatchObject({ line: 1, replacement: ['FROM d', 'ARG SOURCE_DATE_EPOCH'] });
    expect(s!.startLine).toBeUndefined();
  });

  test('a replacement holding backticks gets a longer fence', () => {
    const [s] = reviewSuggestions('D', 'FROM d\nRUN a\n', 'FROM d\nRUN echo ```\n', '');
    expect(s!.body.startsWith('````suggestion\n')).toBe(true);
  });
});
