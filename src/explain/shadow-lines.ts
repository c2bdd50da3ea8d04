/**
 * Reads two versions of `/etc/shadow` (or its backup `/etc/shadow-`) line by line, by user, and
 * says which fields differ: field 3 is the day of the last password change, which `useradd`,
 * `adduser` and `chpasswd` take from the clock; field 2 is the password hash, whose salt is random.
 */
import type { ShadowChange } from './evidence.js';

/** Whether a path is the shadow file or its backup. */
export function isShadowPath(path: string): boolean {
  return path === '/etc/shadow' || path === '/etc/shadow-';
}

/** A salted crypt hash: `$id$salt$hash`, or `$id$rounds=N$salt$hash`, or yescrypt's `$y$params$salt$hash`. */
const SALTED = /^\$[0-9a-z]+\$(?:[^$]*\$)?[^$]+\$[^$]+$/;

/** The salt of a crypt hash (everything but the last `$` field), or null for a locked or empty password. */
function saltOf(hash: string): string | null {
  if (!SALTED.test(hash)) return null;
  return hash.slice(0, hash.lastIndexOf('$'));
}

/** The lines of a shadow file by user (first field); later duplicates are kept under `user (2)`. */
export function readShadow(text: string): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const fields = line.split(':');
    let user = fields[0]!;
    for (let n = 2; users.has(user); n++) user = `${fields[0]} (${n})`;
    users.set(user, fields);
  }
  return users;
}

/** The users whose lines differ between two shadow files, in A's order then B's additions. */
export function compareShadow(a: string, b: string): ShadowChange[] {
  const ua = readShadow(a);
  const ub = readShadow(b);
  const changes: ShadowChange[] = [];
  for (const [user, fa] of ua) {
    const fb = ub.get(user);
    if (!fb) {
      changes.push({ user, fields: ['line'] });
      continue;
    }
    const change: ShadowChange = { user, fields: [] };
    if (fa[1] !== fb[1]) {
      change.fields.push('password');
      const sa = saltOf(fa[1] ?? '');
      const sb = saltOf(fb[1] ?? '');
      if (sa !== null && sb !== null && sa !== sb) change.saltDiffers = true;
    }
    if (fa[2] !== fb[2]) {
      change.fields.push('lastchange');
      change.lastchange = [fa[2] ?? '', fb[2] ?? ''];
    }
    if (fa.slice(3).join(':') !== fb.slice(3).join(':')) change.fields.push('other');
    if (change.fields.length > 0) changes.push(change);
  }
  for (const user of ub.keys()) if (!ua.has(user)) changes.push({ user, fields: ['line'] });
  return changes;
}

/** What the differing lines of a shadow file show. */
export type ShadowVerdict = 'lastchange' | 'salt' | 'other';

/**
 * The cause the differing lines support: `lastchange` when field 3 is the only difference of
 * every differing line; `salt` when some user's hash differs in its salt and nothing but hashes
 * and field 3 differ; `other` otherwise (users added, other fields, an unsalted hash).
 */
export function shadowVerdict(changes: readonly ShadowChange[]): ShadowVerdict {
  if (changes.length === 0) return 'other';
  if (changes.every((c) => c.fields.length === 1 && c.fields[0] === 'lastchange')) return 'lastchange';
  const onlyHashesAndDays = changes.every((c) => c.fields.every((f) => f === 'lastchange' || f === 'password') && (!c.fields.includes('password') || c.saltDiffers));
  return onlyHashesAndDays && changes.some((c) => c.saltDiffers) ? 'salt' : 'other';
}

/** A day number of field 3 as a date (`19700` → `2023-12-08`), or the text itself when it is not a number. */
export function dayDate(day: string): string {
  return /^\d+$/.test(day) ? new Date(Number(day) * 86_400_000).toISOString().slice(0, 10) : day;
}

/**
 * Users whose lines differ in a later version of the shadow file exactly as in an earlier one
 * (the same line in each image): the later step rewrote the file and carried their difference.
 */
export function carriedUsers(earlier: [string, string], later: [string, string]): Set<string> {
  const [ea, eb] = [readShadow(earlier[0]), readShadow(earlier[1])];
  const [la, lb] = [readShadow(later[0]), readShadow(later[1])];
  const carried = new Set<string>();
  for (const change of compareShadow(later[0], later[1])) {
    const same = (x: Map<string, string[]>, y: Map<string, string[]>) => x.get(change.user)?.join(':') === y.get(change.user)?.join(':');
    const differedBefore = ea.get(change.user)?.join(':') !== eb.get(change.user)?.join(':');
    if (differedBefore && same(ea, la) && same(eb, lb)) carried.add(change.user);
  }
  return carried;
}
