import { describe, expect, test } from 'vitest';
import { describeSettings, groupResult, remainingPaths } from '../../src/fix/fix-result.js';
import type { GroupRemedy } from '../../src/fix/remedy.js';
import type { Report } from '../../src/report/report.js';

type After = Pick<Report, 'changes' | 'config' | 'layers' | 'attestations'>;

function after(paths: [number, string, string?][], config: string[] = [], identicalLayers = true, attestations = true): After {
  return {
    changes: paths.map(([layer, path, cause]) => ({ path, layer, kind: 'modified', aspects: ['mtime'], cause: cause ?? 'apt-state' })),
    config: config.map((field) => ({ field, a: 1, b: 2 })),
    layers: [0, 1, 2].map((index) => ({ index, a: 'x', b: identicalLayers ? 'x' : 'y', identical: identicalLayers, instruction: null, line: null, createdBy: null, changes: 0 })),
    attestations: { identical: attestations } as After['attestations'],
  };
}

const apt: GroupRemedy = { cause: 'apt-state', layer: 1, line: 2, paths: ['/var/lib/apt/lists/a', '/var/lib/apt/lists'], remedy: { kind: 'edit', edits: [], description: 'remove' } };

describe('remainingPaths and groupResult', () => {
  test.each<{ name: string; group: GroupRemedy; after: After | null; removed: unknown; remaining: string[] }>([
    { name: 'nothing left in the layer: removed', group: apt, after: after([[2, '/var/lib/apt/lists/a']]), removed: true, remaining: [] },
    { name: 'one path left: partial', group: apt, after: after([[1, '/var/lib/apt/lists']]), removed: 'partial', remaining: ['/var/lib/apt/lists'] },
    { name: 'all left: not removed', group: apt, after: after([[1, '/var/lib/apt/lists'], [1, '/var/lib/apt/lists/a']]), removed: false, remaining: ['/var/lib/apt/lists/a', '/var/lib/apt/lists'] },
    { name: 'a path left only for another cause counts as removed for this one', group: apt, after: after([[1, '/var/lib/apt/lists', 'build-mtime']]), removed: true, remaining: [] },
    { name: 'suggest: unknown', group: apt, after: null, removed: null, remaining: [] },
    {
      name: 'config fields',
      group: { cause: 'config-created', layer: null, line: null, paths: ['created', 'history[1].created'], remedy: { kind: 'setting', setting: 'source-date-epoch', description: 's' } },
      after: after([], ['history[1].created']),
      removed: 'partial',
      remaining: ['history[1].created'],
    },
    {
      name: 'whole-layer group stays while the layer differs',
      group: { cause: 'file-order', layer: 1, line: 3, paths: ['(layer tar)'], remedy: { kind: 'none', reason: 'r' } },
      after: after([], [], false),
      removed: false,
      remaining: ['(layer tar)'],
    },
  ])('$name', ({ group, after: report, removed, remaining }) => {
    const result = groupResult(group, report);
    expect(result.removed).toEqual(removed);
    expect(result.remainingPaths).toEqual(remaining);
    expect(result.remaining).toBe(remaining.length);
    if (report) expect(remainingPaths(group, report)).toEqual(remaining);
  });
});

describe('describeSettings: what the rebuilds were built with, as a user sets it', () => {
  test.each<{ name: string; fromCommit: boolean; asked: string[]; rewrote: boolean; expected: string[] }>([
    { name: 'graph-driver store, only the config', fromCommit: true, asked: ['source-date-epoch'], rewrote: false, expected: ['SOURCE_DATE_EPOCH=1700000000 (commit time)'] },
    // On the containerd store SOURCE_DATE_EPOCH brings rewrite-timestamp with it: said although no group asked.
    { name: 'containerd store, no group asked for rewrite-timestamp', fromCommit: false, asked: ['source-date-epoch'], rewrote: true, expected: ['SOURCE_DATE_EPOCH=1700000000 (no commit time found)', 'rewrite-timestamp=true'] },
    { name: 'containerd store, asked once by two groups', fromCommit: true, asked: ['rewrite-timestamp', 'rewrite-timestamp'], rewrote: true, expected: ['SOURCE_DATE_EPOCH=1700000000 (commit time)', 'rewrite-timestamp=true'] },
    { name: 'provenance off as well', fromCommit: true, asked: ['provenance-false'], rewrote: true, expected: ['SOURCE_DATE_EPOCH=1700000000 (commit time)', 'rewrite-timestamp=true', '--provenance=false'] },
  ])('$name', ({ fromCommit, asked, rewrote, expected }) => {
    expect(describeSettings(1_700_000_000, fromCommit, asked, rewrote)).toEqual(expected);
  });
});
