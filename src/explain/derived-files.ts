/**
 * Files whose difference is another file's difference seen again: a checksum file (`sha256sum
 * out/app.tar.gz > out/app.sha256`) differs because the file it sums does, and a file copied
 * from another (`cp src/main.js dist/`, `fs.copyFileSync`) keeps that file's bytes and mode bits.
 * Such a file takes the other file's cause and the line where that difference began. Pure: it
 * links changes by their digests, modes and owners and by the checksum file's differing tokens.
 */
import type { Aspect } from '../tree/compare-trees.js';
import type { FileEntry } from '../tree/file-entry.js';
import type { ContentFinding } from './inspect/finding.js';
import { TOKEN_LIST_LIMIT } from './inspect/limits.js';

type Version = Pick<FileEntry, 'mode' | 'uid' | 'gid' | 'digest'> & Partial<Pick<FileEntry, 'digests' | 'size'>>;

/** A change as the link search sees it. */
export interface DerivedItem {
  path: string;
  layer: number;
  kind: 'added' | 'removed' | 'modified';
  aspects: readonly Aspect[];
  old?: Version;
  new?: Version;
}

/** sha256 of no bytes: every empty file has it, so it links nothing. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** The hex digests of one version's content that are known (sha256 always, others when the source kept them). */
function hexDigests(version: Version | undefined): string[] {
  if (!version) return [];
  const out: string[] = [];
  if (version.digest?.startsWith('sha256:')) out.push(version.digest.slice('sha256:'.length).toLowerCase());
  for (const name of ['md5', 'sha1', 'sha512'] as const) {
    const value = version.digests?.[name];
    if (value) out.push(value.toLowerCase());
  }
  return out;
}

/**
 * For each text file whose only difference is hex tokens that are, on each side, digests of other
 * files of the pair whose content differs (A's tokens A's digests of those files, B's tokens
 * B's), the indexes of those files. Every differing token must be such a digest, and the files
 * named on each side must be the same; a file that is its own digest's target is left out.
 */
export function findChecksumLinks(items: readonly DerivedItem[], findings: ReadonlyMap<number, ContentFinding>): Map<number, number[]> {
  const byOld = new Map<string, number[]>();
  const byNew = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, key: string, index: number) => map.set(key, [...(map.get(key) ?? []), index]);
  for (const [index, item] of items.entries()) {
    if (item.kind !== 'modified' || !item.aspects.includes('content')) continue;
    for (const hex of hexDigests(item.old)) if (hex !== EMPTY_SHA256) add(byOld, hex, index);
    for (const hex of hexDigests(item.new)) if (hex !== EMPTY_SHA256) add(byNew, hex, index);
  }
  const links = new Map<number, number[]>();
  for (const [index, finding] of findings) {
    const item = items[index];
    if (!item || item.kind !== 'modified' || finding.format !== 'text' || !finding.randomOnly) continue;
    // Only hex tokens differ, every one of them listed (the lists stop at TOKEN_LIST_LIMIT).
    if (finding.dates.a.length > 0 || finding.dates.b.length > 0) continue;
    const { a, b } = finding.random;
    if (a.length === 0 || b.length === 0 || a.length >= TOKEN_LIST_LIMIT || b.length >= TOKEN_LIST_LIMIT) continue;
    const filesA = tokenFiles(a, byOld, index);
    const filesB = tokenFiles(b, byNew, index);
    if (!filesA || !filesB || filesA.join() !== filesB.join()) continue;
    links.set(index, filesA);
  }
  return links;
}

/** The one file each token is the digest of (sorted, unique); undefined when a token is no single file's digest. */
function tokenFiles(tokens: readonly string[], byDigest: ReadonlyMap<string, number[]>, self: number): number[] | undefined {
  const files = new Set<number>();
  for (const token of tokens) {
    if (!/^[0-9a-fA-F]+$/.test(token)) return undefined;
    const matches = (byDigest.get(token.toLowerCase()) ?? []).filter((i) => i !== self);
    if (matches.length !== 1) return undefined;
    files.add(matches[0]!);
  }
  return [...files].sort((x, y) => x - y);
}

const METADATA: readonly Aspect[] = ['mode', 'uid', 'gid'];

/**
 * For each file with equal content on both sides that differs beyond its mtime only in mode or
 * owner, the changes of earlier layers at other paths with the same content on each side that
 * differ the same way (the same old and new mode, the same old and new owner): the files it may
 * be a copy of. Empty files link to nothing. The caller decides among several candidates.
 */
export function findCopyCandidates(items: readonly DerivedItem[]): Map<number, number[]> {
  const byContent = new Map<string, number[]>();
  const key = (item: DerivedItem) => `${item.old?.digest} ${item.new?.digest}`;
  const candidates = new Map<number, number[]>();
  const copyable = (item: DerivedItem) => {
    if (item.kind !== 'modified' || item.old?.digest === undefined || item.old.digest !== item.new?.digest) return false;
    if (item.old.digest === `sha256:${EMPTY_SHA256}` || item.old.size === 0) return false;
    const rest = item.aspects.filter((aspect) => aspect !== 'mtime');
    return rest.length > 0 && rest.every((aspect) => METADATA.includes(aspect));
  };
  for (const [index, item] of items.entries()) if (copyable(item)) byContent.set(key(item), [...(byContent.get(key(item)) ?? []), index]);
  for (const indexes of byContent.values()) {
    for (const later of indexes) {
      const b = items[later]!;
      const differing = b.aspects.filter((aspect) => aspect !== 'mtime');
      const found = indexes.filter((earlier) => {
        const a = items[earlier]!;
        return a.layer < b.layer && a.path !== b.path && differing.every((aspect) => a.aspects.includes(aspect) && sameValues(aspect, a, b));
      });
      if (found.length > 0) candidates.set(later, found);
    }
  }
  return candidates;
}

function sameValues(aspect: Aspect, a: DerivedItem, b: DerivedItem): boolean {
  const field = aspect === 'mode' ? 'mode' : aspect === 'uid' ? 'uid' : 'gid';
  return a.old?.[field] !== undefined && a.new?.[field] !== undefined && a.old[field] === b.old?.[field] && a.new[field] === b.new?.[field];
}
