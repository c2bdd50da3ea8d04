import { expect, test } from 'vitest';
import { normalisePath, parentPath } from '../../src/tree/file-entry.js';

test.each([
  ['./etc/passwd', '/etc/passwd'],
  ['etc/', '/etc'],
  ['/a//b/./c', '/a/b/c'],
  ['.', '/'],
  ['./', '/'],
  ['a/../b', '/b'],
  ['../etc/passwd', null],
  ['a/../../b', null],
])('normalisePath(%j) is %j', (raw, expected) => {
  expect(normalisePath(raw)).toBe(expected);
});

test.each([
  ['/etc/passwd', '/etc'],
  ['/etc', '/'],
  ['/', '/'],
])('parentPath(%j) is %j', (path, expected) => {
  expect(parentPath(path)).toBe(expected);
});
