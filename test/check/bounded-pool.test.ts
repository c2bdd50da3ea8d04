import fc from 'fast-check';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, test } from 'vitest';
import { runBounded } from '../../src/check/bounded-pool.js';

describe('runBounded', () => {
  test.each([1, 2, 3])('never runs more than %i at once, and keeps the items\' order', async (limit) => {
    let running = 0;
    let most = 0;
    const delays = [30, 5, 20, 1, 10, 15, 2];
    const outcomes = await runBounded(delays, limit, async (delay, index) => {
      running++;
      most = Math.max(most, running);
      await sleep(delay);
      running--;
      return `${index}:${delay}`;
    });
    expect(most).toBe(limit);
    expect(outcomes).toEqual(delays.map((delay, index) => ({ ok: true, value: `${index}:${delay}` })));
  });

  it('goes on after an item fails, and keeps its error', async () => {
    const started: number[] = [];
    const outcomes = await runBounded([1, 2, 3, 4], 2, async (item) => {
      started.push(item);
      await sleep(1);
      if (item === 2) throw new Error('pair 2 broke');
      return item * 10;
    });
    expect(started.sort()).toEqual([1, 2, 3, 4]);
    expect(outcomes).toEqual([{ ok: true, value: 10 }, { ok: false, error: new Error('pair 2 broke') }, { ok: true, value: 30 }, { ok: true, value: 40 }]);
  });

  it('returns nothing for no items, and refuses a limit below 1', async () => {
    expect(await runBounded([], 2, async () => 1)).toEqual([]);
    await expect(runBounded([1], 0, async () => 1)).rejects.toThrow(RangeError);
  });

  it('runs every item exactly once, whatever the limit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 12 }), fc.integer({ min: 1, max: 5 }), async (delays, limit) => {
        const seen = delays.map(() => 0);
        await runBounded(delays, limit, async (delay, index) => {
          seen[index]!++;
          await sleep(delay);
        });
        expect(seen.every((count) => count === 1)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });
});
