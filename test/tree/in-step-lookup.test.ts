import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';
import { InStepLookup } from '../../src/tree/in-step-lookup.js';

const treeOf = (paths: string[]): FileTree => new Map(paths.map((path) => [path, { path, type: 'file' } satisfies FileEntry]));

/** What the lookup must answer, whatever the orders: plain Map lookups, then the new paths in order. */
function answers(oldTree: FileTree, newTree: FileTree): { found: (string | undefined)[]; added: string[] } {
  const lookup = new InStepLookup(oldTree, newTree);
  const found = [...oldTree.keys()].map((path) => lookup.get(path)?.path);
  const added: string[] = [];
  lookup.eachAdded((entry, path) => {
    expect(entry).toBe(newTree.get(path));
    added.push(path);
  });
  return { found, added };
}

function plain(oldTree: FileTree, newTree: FileTree): { found: (string | undefined)[]; added: string[] } {
  return { found: [...oldTree.keys()].map((path) => newTree.get(path)?.path), added: [...newTree.keys()].filter((path) => !oldTree.has(path)) };
}

describe('InStepLookup', () => {
  it('answers as plain lookups for edited, moved, shuffled and reversed listings', () => {
    const paths = fc.uniqueArray(fc.stringMatching(/^\/[a-e]{1,3}$/), { maxLength: 40 });
    const edits = fc.array(fc.tuple(fc.constantFrom('drop', 'add', 'move'), fc.nat(), fc.stringMatching(/^\/[f-h]{1,2}$/)), { maxLength: 12 });
    const order = fc.constantFrom('same', 'shuffled', 'reversed');
    fc.assert(
      fc.property(paths, edits, order, (before, changes, how) => {
        let after = [...before];
        for (const [edit, at, name] of changes) {
          const i = after.length === 0 ? 0 : at % after.length;
          if (edit === 'drop') after.splice(i, 1);
          else if (edit === 'add') after.splice(i, 0, name);
          else if (after.length > 0) after.push(...after.splice(i, 1));
        }
        after = [...new Set(after)];
        if (how === 'shuffled') after = after.map((p, i) => [p, (i * 7919) % 11] as const).sort((a, b) => a[1] - b[1]).map(([p]) => p);
        if (how === 'reversed') after.reverse();
        const oldTree = treeOf(before);
        const newTree = treeOf(after);
        expect(answers(oldTree, newTree)).toEqual(plain(oldTree, newTree));
      }),
      { numRuns: 500 },
    );
  });

  it('gives up walking when the orders differ throughout, and still answers right', () => {
    const paths = Array.from({ length: 20_000 }, (_, i) => `/f${i}`);
    const oldTree = treeOf(paths);
    const newTree = treeOf([...paths].reverse().filter((_, i) => i % 7 !== 0).concat(['/new']));
    expect(answers(oldTree, newTree)).toEqual(plain(oldTree, newTree));
  });

  it('steps over long runs of added and removed entries', () => {
    const paths = Array.from({ length: 10_000 }, (_, i) => `/f${i}`);
    const oldTree = treeOf(paths.filter((_, i) => i < 3000 || i >= 6000));
    const newTree = treeOf(paths.filter((_, i) => i < 1000 || i >= 2000));
    expect(answers(oldTree, newTree)).toEqual(plain(oldTree, newTree));
  });
});
