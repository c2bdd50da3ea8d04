import { describe, expect, it, test } from 'vitest';
import { InputError } from '../src/settings.js';
import { applicableVariations, CONTEXT_MTIME_SHIFT_SECONDS, conditionsFor, parseVariations, TIME_GAP_MS, VARIATION_NAMES, VARIATIONS } from '../src/variations.js';

describe('parseVariations', () => {
  test.each([
    ['', [...VARIATION_NAMES]],
    ['all', [...VARIATION_NAMES]],
    ['time', ['time']],
    ['context-mode', ['time', 'context-mode']],
    ['cpus, context-order', ['time', 'context-order', 'cpus']],
    ['no-cache\ncontext-mtime', ['time', 'no-cache', 'context-mtime']],
  ])('%j, always with time', (text, expected) => {
    expect(parseVariations(text, 'variations')).toEqual(expected);
  });

  it('names the input and the known variations for an unknown name', () => {
    expect(() => parseVariations('time,umask', 'variations')).toThrow(InputError);
    expect(() => parseVariations('time,umask', 'variations')).toThrow('variations: unknown variation "umask"; known: time, no-cache, context-mtime, context-mode, context-order, cpus, all');
  });
});

describe('conditionsFor', () => {
  it('applies nothing but the cache setting without variations', () => {
    expect(conditionsFor([], true)).toEqual({ context: { mtimeShiftSeconds: 0, groupWritable: false, reverseOrder: false }, noCache: true });
    expect(conditionsFor(['time'], false).noCache).toBe(false);
  });

  test.each([
    ['no-cache', { noCache: true }],
    ['context-mtime', { context: { mtimeShiftSeconds: CONTEXT_MTIME_SHIFT_SECONDS, groupWritable: false, reverseOrder: false } }],
    ['context-mode', { context: { mtimeShiftSeconds: 0, groupWritable: true, reverseOrder: false } }],
    ['context-order', { context: { mtimeShiftSeconds: 0, groupWritable: false, reverseOrder: true } }],
    ['cpus', { cpuset: '0' }],
  ] as const)('%s', (name, expected) => {
    expect(conditionsFor([name], false)).toMatchObject(expected);
  });
});

describe('applicableVariations', () => {
  it('says why BuildKit cannot vary the CPUs, and lets the classic builder do it', () => {
    expect(applicableVariations(['time', 'cpus'], 'buildkit', { noCache: true })).toEqual({ applied: ['time'], skipped: [{ name: 'cpus', reason: expect.stringContaining('BuildKit ignores') }] });
    expect(applicableVariations(['time', 'cpus'], 'classic', { noCache: true })).toEqual({ applied: ['time', 'cpus'], skipped: [] });
  });

  test.each([
    // noCache (the default): both builds skip the cache, so no-cache would vary nothing.
    [true, ['time', 'context-mode'], ['no-cache']],
    // --cache: A may use the cache, so B without it is a real variation.
    [false, ['time', 'no-cache', 'context-mode'], []],
  ])('applies no-cache only when build A may use the cache (noCache %s)', (noCache, applied, skipped) => {
    const result = applicableVariations(['time', 'no-cache', 'context-mode'], 'buildkit', { noCache });
    expect(result.applied).toEqual(applied);
    expect(result.skipped.map((s) => s.name)).toEqual(skipped);
    for (const s of result.skipped) expect(s.reason).toMatch(/^both builds skip the build cache/);
  });

  it('documents every variation', () => {
    for (const name of VARIATION_NAMES) {
      expect(VARIATIONS[name].simulates.length).toBeGreaterThan(10);
      expect(VARIATIONS[name].how.length).toBeGreaterThan(10);
    }
    expect(TIME_GAP_MS).toBeGreaterThan(1000);
  });
});
