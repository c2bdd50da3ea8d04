import { describe, expect, it } from 'vitest';
import { SharedTimes } from '../../src/tree/shared-times.js';

describe('SharedTimes', () => {
  it('hands the previous object out again while the time repeats', () => {
    const times = new SharedTimes();
    const first = times.of(5, 7);
    expect(times.of(5, 7)).toBe(first);
    expect(times.share({ sec: 5, nsec: 7 })).toBe(first);
    const other = { sec: 6, nsec: 0 };
    expect(times.share(other)).toBe(other);
    expect(times.of(5, 7)).not.toBe(first);
    expect(times.of(5, 7)).toEqual({ sec: 5, nsec: 7 });
  });
});
