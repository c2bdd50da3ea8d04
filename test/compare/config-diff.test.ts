import { expect, test } from 'vitest';
import { diffJson } from '../../src/compare/config-diff.js';

test.each([
  ['equal documents', { a: 1, b: [1, 2] }, { a: 1, b: [1, 2] }, []],
  ['a changed leaf', { created: 'x' }, { created: 'y' }, [{ field: 'created', a: 'x', b: 'y' }]],
  ['nested history', { history: [{ created: '1' }, { created: '2' }] }, { history: [{ created: '1' }, { created: '3' }] }, [{ field: 'history[1].created', a: '2', b: '3' }]],
  ['a field only in B', { config: {} }, { config: { Labels: { v: '1' } } }, [{ field: 'config.Labels', b: { v: '1' } }]],
  ['a longer array in A', { d: [1, 2] }, { d: [1] }, [{ field: 'd[1]', a: 2 }]],
  ['object against array', { d: {} }, { d: [] }, [{ field: 'd', a: {}, b: [] }]],
  ['null against object', { d: null }, { d: {} }, [{ field: 'd', a: null, b: {} }]],
])('%s', (_name, a, b, expected) => {
  expect(diffJson(a, b)).toEqual(expected);
});
