import { describe, expect, it, test } from 'vitest';
import type { CauseId } from '../../src/explain/causes.js';
import { changeImportance, groupChanges, type ExplainedChange } from '../../src/explain/group-changes.js';
import type { Aspect } from '../../src/tree/compare-trees.js';

const change = (path: string, layer: number, cause: CauseId, aspects: Aspect[], kind: ExplainedChange['kind'] = 'modified'): ExplainedChange => ({
  path,
  layer,
  kind,
  aspects,
  cause,
  hint: `fix ${path}`,
});

test.each<[ExplainedChange['kind'], Aspect[], string]>([
  ['added', [], 'content'],
  ['removed', [], 'content'],
  ['modified', ['content', 'size', 'mtime'], 'content'],
  ['modified', ['type'], 'content'],
  ['modified', ['link'], 'content'],
  ['modified', ['mode', 'mtime'], 'metadata'],
  ['modified', ['uid'], 'metadata'],
  ['modified', ['xattrs'], 'metadata'],
  ['modified', ['mtime'], 'mtime'],
])('changeImportance(%s, %j) is %s', (kind, aspects, importance) => {
  expect(changeImportance({ kind, aspects })).toBe(importance);
});

describe('groupChanges', () => {
  it('groups by layer and cause and ranks content before mode before mtime', () => {
    const groups = groupChanges([
      change('/a/1', 2, 'build-mtime', ['mtime']),
      change('/a/2', 2, 'build-mtime', ['mtime']),
      change('/a/3', 2, 'build-mtime', ['mtime']),
      change('/app/x', 3, 'context-mode', ['mode', 'mtime']),
      change('/var/log/dpkg.log', 1, 'dpkg-logs', ['content', 'size']),
      change('/b/1', 4, 'build-mtime', ['mtime']),
    ]);
    expect(groups.map((g) => [g.layer, g.cause, g.count, g.importance])).toEqual([
      [1, 'dpkg-logs', 1, 'content'],
      [3, 'context-mode', 1, 'metadata'],
      [2, 'build-mtime', 3, 'mtime'],
      [4, 'build-mtime', 1, 'mtime'],
    ]);
    expect(groups[2]!.paths).toEqual(['/a/1', '/a/2', '/a/3']);
    expect(groups[1]!.aspects).toEqual(['mode', 'mtime']);
  });

  it('puts the most important change first in a group and takes its hint', () => {
    const [group] = groupChanges([
      change('/etc/a', 1, 'unknown', ['mtime']),
      change('/etc/z', 1, 'unknown', ['content']),
      change('/etc/m', 1, 'unknown', ['uid']),
    ]);
    expect(group!.paths).toEqual(['/etc/z', '/etc/m', '/etc/a']);
    expect(group!.hint).toBe('fix /etc/z');
    expect(group!.importance).toBe('content');
    expect(group!.aspects).toEqual(['content', 'uid', 'mtime']);
  });

  it('ranks larger groups first among equals, then by layer, then by the catalogue order', () => {
    const groups = groupChanges([
      change('/1', 5, 'embedded-date', ['content']),
      change('/2', 5, 'gzip-header', ['content']),
      change('/3', 1, 'random-bytes', ['content']),
      change('/4', 7, 'unknown', ['content']),
      change('/5', 7, 'unknown', ['content']),
    ]);
    expect(groups.map((g) => `${g.layer}:${g.cause}`)).toEqual(['7:unknown', '1:random-bytes', '5:gzip-header', '5:embedded-date']);
  });

  it('returns nothing for no changes', () => {
    expect(groupChanges([])).toEqual([]);
  });
});
