import { expect, it } from 'vitest';
import { pairWhiteouts } from '../../src/explain/whiteout-pairs.js';

it('pairs an opaque directory in one image with file whiteouts under it in the other, in the same layer', () => {
  const notes = pairWhiteouts([
    { path: '/app/.wh..wh..opq', layer: 4, kind: 'added' },
    { path: '/app/.wh.old.js', layer: 4, kind: 'removed' },
    { path: '/app/.wh.other.js', layer: 5, kind: 'removed' },
    { path: '/srv/.wh.x', layer: 4, kind: 'removed' },
    { path: '/app/.wh.new.js', layer: 4, kind: 'added' },
  ]);
  expect([...notes.keys()].sort()).toEqual([0, 1]);
  expect(notes.get(1)).toBe('image B marks /app opaque where image A lists whiteouts for its entries');
});

it('pairs nothing without an opaque marker', () => {
  expect(pairWhiteouts([{ path: '/app/.wh.old.js', layer: 4, kind: 'removed' }]).size).toBe(0);
});
