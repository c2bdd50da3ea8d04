import { describe, expect, it, test } from 'vitest';
import { InputError } from '../src/settings.js';
import { CONTEXT_MTIME_SHIFT_SECONDS, parseVariations, planBuilds, TIME_GAP_MS, VARIATION_NAMES } from '../src/variations.js';

describe('parseVariations', () => {
  test.each([
    ['', [...VARIATION_NAMES]],
    ['all', [...VARIATION_NAMES]],
    ['time', ['time']],
    ['context-mode, time', ['time', 'context-mode']],
    ['no-cache\ncontext-mtime', ['no-cache', 'context-mtime']],
  ])('%j', (text, expected) => {
    expect(parseVariations(text, 'variations')).toEqual(expected);
  });

  it('names the input and the known variations for an unknown name', () => {
    expect(() => parseVariations('time,umask', 'variations')).toThrow(InputError);
    expect(() => parseVariations('time,umask', 'variations')).toThrow('variations: unknown variation "umask"; known: time, no-cache, context-mtime, context-mode, all');
  });
});

describe('planBuilds', () => {
  it('varies only build B', () => {
    const plan = planBuilds([...VARIATION_NAMES], false);
    expect(plan.a).toEqual({ context: { mtimeShiftSeconds: 0, groupWritable: false, reverseOrder: false }, noCache: false });
    expect(plan.b).toEqual({ context: { mtimeShiftSeconds: CONTEXT_MTIME_SHIFT_SECONDS, groupWritable: true, reverseOrder: false }, noCache: true });
    expect(plan.gapMs).toBe(TIME_GAP_MS);
  });

  it('applies nothing without variations, and no cache to both when asked', () => {
    const plan = planBuilds([], true);
    expect(plan.b).toEqual(plan.a);
    expect(plan.a.noCache).toBe(true);
    expect(plan.gapMs).toBe(0);
  });

  it('waits more than a second under time, since layer mtimes have one-second resolution', () => {
    expect(TIME_GAP_MS).toBeGreaterThan(1000);
  });
});
