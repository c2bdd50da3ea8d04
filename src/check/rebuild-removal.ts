import { INDEX_TYPES, type RegistryClient } from '../registry/registry-client.js';
import { RegistryError } from '../registry/registry-error.js';
import { runBounded } from './bounded-pool.js';

/**
 * Removes `verify`'s pushed rebuild from the registry once it has been read back, but only when
 * that cannot remove anything else. The distribution API deletes manifests by digest only (a
 * tag cannot be deleted alone in distribution 2.8), and deleting a digest removes every tag that
 * names it and breaks every index that lists it: so the rebuild is deleted only when its digest
 * is none of the published image's (index, platform manifests, attestations) and no other tag of
 * the repository names it or an index that lists it. Every check is bounded; when one cannot be
 * made, the rebuild stays and the outcome says why.
 */

/** Most tags of the repository checked; a repository with more keeps the rebuild. */
export const TAG_LIMIT = 500;
/** Tags checked at once. */
const CONCURRENCY = 8;

/** What became of the rebuild pushed to the registry. */
export interface RebuildRemoval {
  /** Whether its manifest was deleted (with its temporary tag). */
  removed: boolean;
  /** Why it was, or why it stays. */
  reason: string;
}

/** The rebuild as pushed: its repository's client, its temporary tag and the digest the tag named. */
export interface PushedRebuild {
  client: RegistryClient;
  tag: string;
  digest: string;
}

/** Deletes the rebuild when it is safe (see above); never throws: a failure is the reason it stays. */
export async function removeRebuild(rebuild: PushedRebuild, publishedDigests: readonly string[]): Promise<RebuildRemoval> {
  const where = `${rebuild.client.where}:${rebuild.tag}`;
  const keep = (why: string): RebuildRemoval => ({ removed: false, reason: `${where} stays in the registry: ${why}` });
  if (publishedDigests.includes(rebuild.digest)) return keep(`it names ${rebuild.digest}, which the published image holds, and the distribution API deletes by digest only`);
  try {
    const tags = await rebuild.client.tags(TAG_LIMIT);
    if (tags === null) return keep(`the repository has more than ${TAG_LIMIT} tags, too many to make sure none of them names ${rebuild.digest}`);
    const user = await firstUser(rebuild, tags.filter((tag) => tag !== rebuild.tag));
    if (user) return keep(`the tag ${user} names ${rebuild.digest} too, or an index listing it`);
    const outcome = await rebuild.client.deleteManifest(rebuild.digest);
    if (outcome === 'unsupported') return keep('the registry does not delete manifests (deletion disabled, as distribution is by default); prune it with the registry\'s own tools');
    return { removed: true, reason: `${where} (${rebuild.digest}) was deleted after it was read back: no published digest and no other tag names it` };
  } catch (error) {
    return keep(error instanceof RegistryError ? error.message : `cannot check or delete it (${(error as Error).message})`);
  }
}

/**
 * The first tag that names `digest` or an index listing it, checking CONCURRENCY tags at once (the
 * rest are skipped once one is found); null when none does. A check that fails is thrown when no
 * tag was found, so the rebuild stays.
 */
async function firstUser(rebuild: PushedRebuild, tags: string[]): Promise<string | null> {
  let found: string | null = null;
  const outcomes = await runBounded(tags, CONCURRENCY, async (tag) => {
    if (found === null && (await names(rebuild, tag))) found ??= tag;
  });
  const failed = outcomes.find((outcome) => !outcome.ok);
  if (found === null && failed && !failed.ok) throw failed.error;
  return found;
}

/** Whether `tag` names the rebuild's digest, or an index one of whose entries is it. */
async function names(rebuild: PushedRebuild, tag: string): Promise<boolean> {
  const head = await rebuild.client.head(tag);
  if (head.digest === rebuild.digest) return true;
  // A registry that names no media type has the manifest read: an index is known by its entries.
  if (head.mediaType && !INDEX_TYPES.has(head.mediaType)) return false;
  const index = await rebuild.client.manifest(head.digest);
  const manifests = (index.value as { manifests?: unknown }).manifests;
  return Array.isArray(manifests) && manifests.some((entry) => (entry as { digest?: unknown } | null)?.digest === rebuild.digest);
}
