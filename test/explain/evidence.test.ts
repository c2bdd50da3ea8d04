import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyChange, type ChangeContext, type ClassifiableChange } from '../../src/explain/classify-change.js';
import { evidence } from '../../src/explain/evidence.js';
import { ASPECTS } from '../../src/tree/compare-trees.js';

const PATHS = ['/app/main.py', '/app', '/usr/local/bin/tool', '/var/lib/apt/lists/x_Release', '/var/lib/apt/lists/.wh.x_Release', '/etc/.wh.motd', '/app/.wh..wh..opq', '/x.pyc', '/etc/shadow'];
const INSTRUCTIONS = [null, 'COPY app/ /app/', 'COPY --from=build /out /app', 'ADD . /app', 'WORKDIR /app', 'RUN make -j$(nproc)', 'RUN apt-get update', 'RUN date > /x'];
const VARIATIONS = ['time', 'no-cache', 'context-mtime', 'context-mode', 'context-order', 'cpus'];

const entry = fc.record({
  type: fc.constantFrom('file' as const, 'dir' as const),
  mode: fc.constantFrom(0o644, 0o664, 0o755, 0o775, 0o600),
  mtime: fc.record({ sec: fc.integer({ min: 1_600_000_000, max: 1_800_000_000 }), nsec: fc.constant(0) }),
});
const change: fc.Arbitrary<ClassifiableChange> = fc.record({
  path: fc.constantFrom(...PATHS),
  layer: fc.nat({ max: 5 }),
  kind: fc.constantFrom('added' as const, 'removed' as const, 'modified' as const),
  aspects: fc.subarray([...ASPECTS].filter((a) => a !== 'nlink' && a !== 'flags')),
  old: entry,
  new: entry,
});
const context: fc.Arbitrary<ChangeContext> = fc.record({
  variations: fc.subarray(VARIATIONS),
  instruction: fc.constantFrom(...INSTRUCTIONS),
  built: fc.boolean(),
  rewriteTimestamp: fc.boolean(),
  sourceDateEpoch: fc.constantFrom(null, 1_700_000_000),
});

describe('every cause rests on evidence', () => {
  it('gives every change non-empty evidence, and asserts variation causes only with their variation', () => {
    fc.assert(
      fc.property(change, context, (c, ctx) => {
        const { cause, evidence: seen } = classifyChange(c, ctx);
        expect(Object.keys(seen).length).toBeGreaterThan(0);
        // No bisect here: cpu-count needs the variation on build B.
        if (cause === 'cpu-count') expect(ctx.variations).toContain('cpus');
        // Built here from one context, a context cause needs its variation.
        if (ctx.built && cause === 'context-mode') expect(ctx.variations).toContain('context-mode');
        if (ctx.built && cause === 'context-mtime') expect(ctx.variations).toContain('context-mtime');
        // Two builds of one run share builder and store: whiteouts never differ by snapshotter without a pair.
        expect(cause).not.toBe('whiteout-variance');
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves out empty fields', () => {
    expect(evidence({ finding: 'x', note: undefined, packages: [], instruction: '' })).toEqual({ finding: 'x' });
  });
});
