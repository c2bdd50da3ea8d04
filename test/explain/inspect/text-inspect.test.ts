import { describe, expect, it } from 'vitest';
import { applyPatch, diffArrays } from 'diff';
import fc from 'fast-check';
import { cutDiff, editsAtLeast, inspectText } from '../../../src/explain/inspect/text-inspect.js';
import { DIFF_INPUT_LIMIT, DIFF_MAX_BYTES, DIFF_MAX_LINES } from '../../../src/explain/inspect/limits.js';
import { fixture } from '../fixture-files.js';

const text = (s: string) => Buffer.from(s);

describe('inspectText', () => {
  it('diffs the date(1) outputs of two builds and sees only dates changed', () => {
    const finding = inspectText(fixture('text/build-info-a.txt'), fixture('text/build-info-b.txt'), '/etc/build-info.txt');
    expect(finding.datesOnly).toBe(true);
    expect(finding.randomOnly).toBe(false);
    expect(finding.removedLines).toBe(4);
    expect(finding.addedLines).toBe(4);
    expect(finding.diff).toContain('--- a/etc/build-info.txt\n+++ b/etc/build-info.txt\n@@ -1,6 +1,6 @@\n name: repro-fixture\n');
    expect(finding.diff).toContain('-iso: 2023-11-14T22:13:20Z\n');
    expect(finding.diff).toContain('+iso: 2023-11-15T23:14:22Z\n');
    expect(finding.dates.a).toContain('1700000000');
    expect(finding.dates.b).toContain('1700090062');
    expect(finding.cut).toBeNull();
    expect(finding.summary).toMatch(/^text differs: -4 \+4 lines, only in dates\/times/);
  });

  it('sees random tokens', () => {
    const finding = inspectText(fixture('text/token-a.txt'), fixture('text/token-b.txt'), 'token');
    expect(finding.randomOnly).toBe(true);
    expect(finding.random.a).toHaveLength(2);
  });

  it('reports a real edit as neither', () => {
    const finding = inspectText(fixture('text/config-a.txt'), fixture('text/config-b.txt'), 'config');
    expect(finding).toMatchObject({ datesOnly: false, randomOnly: false, removedLines: 1, addedLines: 1 });
    expect(finding.diff).toContain('-workers: 4\n+workers: 8\n');
    expect(finding.summary).toBe('text differs: -1 +1 lines');
  });

  it('numbers hunks by the whole file after setting the common lines aside', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`);
    const a = lines.join('\n') + '\n';
    const changed = [...lines];
    changed[499] = 'line 500 changed';
    const b = changed.join('\n') + '\n';
    const finding = inspectText(text(a), text(b), 'big.txt');
    expect(finding.diff).toContain('@@ -497,7 +497,7 @@\n line 497\n line 498\n line 499\n-line 500\n+line 500 changed\n line 501\n');
    // The patch applies to the original: the line numbers are the file's.
    expect(applyPatch(a, finding.diff.replace(/^\\ repro-check.*\n/m, ''))).toBe(b);
  });

  it('handles a missing final newline and changes at either end', () => {
    const finding = inspectText(text('first\nmiddle\nlast'), text('FIRST\nmiddle\nlast!'), 'x');
    expect(applyPatch('first\nmiddle\nlast', finding.diff)).toBe('FIRST\nmiddle\nlast!');
    expect(finding.diff).toContain('\\ No newline at end of file');
  });

  it('cuts a long diff and says how much it cut', () => {
    const a = Array.from({ length: 500 }, (_, i) => `a ${i}`).join('\n') + '\n';
    const b = Array.from({ length: 500 }, (_, i) => `b ${i}`).join('\n') + '\n';
    const finding = inspectText(text(a), text(b), 'x');
    const lines = finding.diff.trimEnd().split('\n');
    expect(lines.length).toBe(DIFF_MAX_LINES + 1);
    expect(lines.at(-1)).toMatch(/^\\ repro-check cut \d+ more lines \(\d+ bytes\) of this diff$/);
    expect(finding.cut!.lines).toBe(1003 - DIFF_MAX_LINES);
    expect(finding.removedLines).toBe(500);
    expect(finding.summary).toBe('text differs: -500 +500 lines');
  });

  it('skips the diff of a changed region larger than the input limit', () => {
    const big = (c: string) => (c.repeat(100) + '\n').repeat(Math.ceil(DIFF_INPUT_LIMIT / 100) + 10);
    const finding = inspectText(text(big('a')), text(big('b')), 'x');
    expect(finding.diff).toBe('');
    expect(finding.diffSkipped).toMatch(/larger than 1048576 bytes/);
    expect(finding.summary).toBe('text differs (diff not computed)');
  });

  it('gives up on a diff needing too many edits, in bounded time', () => {
    // Interleaved changes: every other line differs, so the edit script is long.
    const a = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? `same ${i}` : `a ${i}`)).join('\n');
    const b = Array.from({ length: 20_000 }, (_, i) => (i % 2 ? `same ${i}` : `b ${i}`)).join('\n');
    const started = Date.now();
    const finding = inspectText(text(a), text(b), 'x');
    expect(finding.diffSkipped).toMatch(/more than \d+ line edits/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('editsAtLeast', () => {
  it('never exceeds the edits the diff finds', () => {
    const lines = fc.array(fc.constantFrom('a\n', 'b\n', 'c\n', 'd\n', 'e', ''), { maxLength: 40 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const edits = diffArrays(a, b).reduce((n, part) => n + (part.added || part.removed ? part.count ?? part.value.length : 0), 0);
        expect(editsAtLeast(a, b)).toBeLessThanOrEqual(edits);
      }),
    );
  });

  it('counts a rewritten text as all edits and a reordered one as few', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a ${i}\n`);
    const b = Array.from({ length: 3000 }, (_, i) => `b ${i}\n`);
    expect(editsAtLeast(a, b)).toBe(5998);
    expect(editsAtLeast(a, [...a].reverse())).toBe(0);
  });

  it('lets a diff of a rewritten file give up at once', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `line ${i} of the first build`).join('\n');
    const b = Array.from({ length: 5000 }, (_, i) => `line ${i} of the second build`).join('\n');
    const finding = inspectText(text(a), text(b), 'x');
    expect(finding.diffSkipped).toMatch(/lines 1-5000\) needs more than 2000 line edits/);
  });
});

describe('cutDiff', () => {
  it('keeps a short diff whole', () => {
    expect(cutDiff('--- a\n+++ b\n')).toEqual({ text: '--- a\n+++ b\n', cut: null });
  });

  it('cuts at the byte limit on a line boundary', () => {
    const line = 'x'.repeat(99);
    const diff = `${line}\n`.repeat(1000);
    const { text: out, cut } = cutDiff(diff);
    const kept = out.split('\n').slice(0, -2);
    expect(kept.length).toBe(Math.floor(DIFF_MAX_BYTES / 100));
    expect(cut).toEqual({ lines: 1000 - kept.length, bytes: diff.length - kept.length * 100 });
  });

  it('keeps the start of a single line longer than the budget', () => {
    const { text: out, cut } = cutDiff('é'.repeat(DIFF_MAX_BYTES) + '\n');
    expect(Buffer.byteLength(out.split('\n')[0]!)).toBeLessThan(DIFF_MAX_BYTES);
    expect(out.split('\n')[0]).toMatch(/^é+$/);
    expect(cut!.lines).toBe(0);
  });
});
