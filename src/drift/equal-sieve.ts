import type { LineArena } from '../manifest/line-arena.js';
import type { EntrySieve } from '../manifest/path-share.js';
import { sameEntry } from '../tree/compare-trees.js';
import type { FileEntry, FileTree } from '../tree/file-entry.js';

/**
 * Raised when a snapshot does not come in the baseline's order (or lists a path twice): the sieve
 * cannot tell which of the baseline's entries it has met, and the caller reads the pair again
 * without it.
 */
export class SieveGaveUp extends Error {
  override name = 'SieveGaveUp';
}

/**
 * Leaves out of a snapshot's tree, as it is read, every entry equal to the baseline's (`sameEntry`:
 * `compareTrees` reports nothing for such a pair), and the baseline's entry with it. Most entries of
 * two snapshots of one machine are equal, so neither tree holds them: the snapshot's entries die
 * young instead of filling a second map of a million paths, and the comparison walks only what
 * differs.
 *
 * Two listings of one file system by one tool come in the same order, so the snapshot is met walking
 * the baseline's entries in order: the entry asked about is nearly always the next one, found with
 * one string comparison rather than a lookup in a map of a million paths (which misses the caches).
 * Baseline entries the snapshot lacks are stepped over (the walk moves ahead to the entry the
 * snapshot names); paths only the snapshot has are kept as they are. A path the walk has already
 * passed (another order, or a path listed twice, which mtree merges) throws SieveGaveUp: then the
 * pair is read again without a sieve, at the cost of the reading done so far.
 *
 * Kept in both trees: baseline entries with behaviour keywords (rules for other paths) and the
 * paths `keep` names (identity files, which `--clone` must see in both).
 */
export class EqualSieve implements EntrySieve {
  /** How many pairs were left out. */
  leftOut = 0;
  private readonly paths: string[] = [];
  private readonly entries: FileEntry[] = [];
  private readonly dropped: Uint8Array;
  /** The first baseline entry the walk has not passed. */
  private next = 0;

  /** The baseline's entry lines, one per entry in the tree's order, when its reader kept them. */
  private readonly lines: LineArena | undefined;

  constructor(
    private readonly tree: FileTree,
    private readonly keep?: (path: string) => boolean,
    lines?: LineArena,
  ) {
    tree.forEach((entry, path) => {
      this.paths.push(path);
      this.entries.push(entry);
    });
    this.dropped = new Uint8Array(this.paths.length);
    // One kept line per entry of the tree, or none to go by (a single-document JSON manifest).
    this.lines = lines?.valid === true && lines.count === this.paths.length ? lines : undefined;
  }

  /**
   * Whether a snapshot line is, byte for byte, the line of the baseline's next entry: the two
   * entries are then the same, and the pair is left out without parsing the line again (the
   * baseline's was parsed and checked). JSON lines hold the whole entry, path included; an mtree
   * line does with its `/set` defaults (`context`), when its name is a full path.
   * Profiling (1M-entry JSON manifests): parsing and building an entry is about 1.5 µs a line.
   */
  sameLine(bytes: Buffer, start: number, end: number, context?: string): boolean {
    const next = this.next;
    if (this.lines === undefined || next >= this.paths.length || !this.lines.equals(next, bytes, start, end, context)) return false;
    if (!this.leaveOut(next)) return false;
    this.next = next + 1;
    return true;
  }

  drops(entry: FileEntry): boolean {
    const at = this.find(entry.path);
    return at >= 0 && sameEntry(this.entries[at]!, entry) && this.leaveOut(at);
  }

  /** Leaves the baseline's entry `at` (equal to the snapshot's) out, unless it must stay in both trees. */
  private leaveOut(at: number): boolean {
    const old = this.entries[at]!;
    if (old.verify !== undefined || this.keep?.(old.path) === true) return false;
    this.dropped[at] = 1;
    this.leftOut++;
    return true;
  }

  /** Where the baseline has `path`, moving the walk past it; -1 when it has not. */
  private find(path: string): number {
    const next = this.next;
    if (next < this.paths.length && this.paths[next] === path) {
      this.next = next + 1;
      return next;
    }
    const old = this.tree.get(path);
    if (old === undefined) return -1;
    // Ahead: the entries stepped over are the baseline's alone (removed in the snapshot).
    for (let i = next; i < this.entries.length; i++) {
      if (this.entries[i] === old) {
        this.next = i + 1;
        return i;
      }
    }
    throw new SieveGaveUp(`${path} comes out of the baseline's order`);
  }

  /** The baseline's tree without the entries left out. */
  baseline(): FileTree {
    const out: FileTree = new Map();
    for (let i = 0; i < this.paths.length; i++) if (this.dropped[i] === 0) out.set(this.paths[i]!, this.entries[i]!);
    return out;
  }
}
