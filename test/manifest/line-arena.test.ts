import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineArena } from '../../src/manifest/line-arena.js';

describe('LineArena', () => {
  it('keeps every line whatever size it was made for, growing past it, and matches each only to itself in its context', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ text: fc.string({ maxLength: 300 }), context: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }) }), { maxLength: 200 }),
        fc.integer({ min: 0, max: 5000 }),
        (lines, expected) => {
          const arena = new LineArena(expected);
          const source = Buffer.from(lines.map((l) => l.text).join('\n'));
          let at = 0;
          const spans: [number, number][] = [];
          for (const line of lines) {
            const end = at + Buffer.byteLength(line.text);
            arena.add(source, at, end, line.context);
            spans.push([at, end]);
            at = end + 1;
          }
          expect(arena.count).toBe(lines.length);
          lines.forEach((line, i) => {
            const [start, end] = spans[i]!;
            expect(arena.equals(i, source, start, end, line.context)).toBe(true);
            const other = lines.findIndex((l) => l.text !== line.text || l.context !== line.context);
            if (other >= 0) expect(arena.equals(i, source, spans[other]![0], spans[other]![1], lines[other]!.context)).toBe(false);
          });
        },
      ),
    );
  });

  it('stands for a deferred entry with a blank line that no entry line equals', () => {
    const arena = new LineArena(0);
    arena.addBlank();
    expect(arena.equals(0, Buffer.from('x'), 0, 1)).toBe(false);
    expect(arena.equals(0, Buffer.alloc(0), 0, 0)).toBe(true);
  });
});
