import type { FileEntry, FileTree } from './file-entry.js';

/** What `InStepLookup` knows about an entry of the new tree. */
const UNSEEN = 0;
const MATCHED = 1;
const ADDED = 2;

/** After this many lookups off the walk, if they are most lookups, the orders differ: stop walking. */
const GIVE_UP_AFTER = 4096;

/**
 * Finds the new tree's entry for each path of the old tree, asked in the old tree's order, and
 * then the paths only the new tree has. Two listings of one file system mostly come in the same
 * order, so the entry asked for is nearly always the next one of the new tree: it is taken from
 * there with one string comparison, and the hash table is consulted only off that path.
 *
 * - An entry of the new tree that is not in the old one (added) is stepped over.
 * - A path that is not next (removed, or listed elsewhere) is looked up, and the walk waits.
 * - When most paths have to be looked up, the walk stops: plain lookups cost no more than before.
 *
 * The answers are those of plain lookups whatever the orders are; only their cost differs.
 * Profiling note: a lookup in a Map of a million paths misses the caches (0.5 µs or more), and
 * comparing two 1M-entry manifests (bench/drift-bench.ts) made two million of them: 2.0 s with
 * lookups, 0.8 s walking in step.
 */
export class InStepLookup {
  private readonly paths: string[] = [];
  private readonly entries: FileEntry[] = [];
  private readonly state: Uint8Array;
  /** The first entry of the new tree not yet matched or stepped over. */
  private next = 0;
  /** `next` is known to be in the old tree (so it waits to be asked for). */
  private nextInOld = -1;
  /** Paths found off the walk: the walk steps over them when it gets there. */
  private readonly foundAside = new Set<string>();
  private asked = 0;
  private walking = true;

  constructor(
    private readonly oldTree: FileTree,
    private readonly newTree: FileTree,
  ) {
    newTree.forEach((entry, path) => {
      this.paths.push(path);
      this.entries.push(entry);
    });
    this.state = new Uint8Array(this.paths.length);
  }

  /** The new tree's entry at `path` (a path of the old tree, each asked for once), or undefined. */
  get(path: string): FileEntry | undefined {
    if (!this.walking) return this.newTree.get(path);
    this.asked++;
    const paths = this.paths;
    while (this.next < paths.length) {
      const next = this.next;
      const candidate = paths[next]!;
      if (candidate === path) {
        this.state[next] = MATCHED;
        this.next = next + 1;
        return this.entries[next];
      }
      if (this.nextInOld !== next) {
        if (!this.oldTree.has(candidate)) {
          this.state[next] = ADDED;
          this.next = next + 1;
          continue;
        }
        this.nextInOld = next;
      }
      if (!this.foundAside.has(candidate)) break;
      this.state[next] = MATCHED;
      this.next = next + 1;
    }
    const entry = this.newTree.get(path);
    if (entry === undefined) return undefined;
    this.foundAside.add(path);
    if (this.foundAside.size >= GIVE_UP_AFTER && this.foundAside.size * 2 > this.asked) {
      this.walking = false;
      this.foundAside.clear();
    }
    return entry;
  }

  /** Calls `onAdded` for each path only the new tree has, in its order. Call after every `get`. */
  eachAdded(onAdded: (entry: FileEntry, path: string) => void): void {
    const { paths, entries, state } = this;
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i]!;
      if (state[i] === ADDED || (state[i] === UNSEEN && !this.oldTree.has(path))) onAdded(entries[i]!, path);
    }
  }
}
