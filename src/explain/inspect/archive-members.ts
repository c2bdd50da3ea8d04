import type { ArchiveComparison, MemberDifference, MemberField, MemberInfo, NestedInspector } from './finding.js';
import { TIME_FIELDS } from './finding.js';
import { MEMBER_LIST_LIMIT, NESTED_MEMBER_LIMIT } from './limits.js';

/** A member as a reader produces it: its description and, when small enough, its content. */
export interface Member {
  info: MemberInfo;
  /** The content, kept for inspecting the member in turn; absent when too large or not read. */
  data?: Buffer;
}

/** Which `MemberInfo` key each member field compares, in the order fields are listed. */
const FIELD_KEYS: [MemberField, (m: MemberInfo) => unknown][] = [
  ['type', (m) => m.type],
  ['content', (m) => m.sha256 ?? m.crc32],
  ['size', (m) => m.size],
  ['link', (m) => m.link],
  ['mode', (m) => m.mode],
  ['uid', (m) => m.uid],
  ['gid', (m) => m.gid],
  ['owner-name', (m) => (m.uname === undefined && m.gname === undefined ? undefined : `${m.uname ?? ''}:${m.gname ?? ''}`)],
  ['mtime', (m) => m.mtime],
  ['atime', (m) => m.atime],
  ['ctime', (m) => m.ctime],
  ['extra-mtime', (m) => m.extraMtime],
  ['method', (m) => m.method],
  ['extra', (m) => m.extra],
];

/**
 * Compares the members of two archives by name: fields, presence and order. Members whose content
 * differs are inspected in turn with `nested` (at most `NESTED_MEMBER_LIMIT` per archive).
 */
export async function compareMembers(a: readonly Member[], b: readonly Member[], nested?: NestedInspector): Promise<ArchiveComparison> {
  const byNameA = uniqueNames(a);
  const byNameB = uniqueNames(b);
  const all: MemberDifference[] = [];
  for (const [name, ma] of byNameA) {
    const mb = byNameB.get(name);
    if (!mb) {
      all.push({ name, change: 'removed', fields: [], a: ma.info });
      continue;
    }
    const fields = differingFields(ma.info, mb.info);
    if (fields.length > 0) all.push({ name, change: 'modified', fields, a: ma.info, b: mb.info });
  }
  for (const [name, mb] of byNameB) {
    if (!byNameA.has(name)) all.push({ name, change: 'added', fields: [], b: mb.info });
  }
  const commonA = [...byNameA.keys()].filter((name) => byNameB.has(name));
  const commonB = [...byNameB.keys()].filter((name) => byNameA.has(name));
  const orderDiffers = commonA.some((name, i) => commonB[i] !== name);
  const differences = all.slice(0, MEMBER_LIST_LIMIT);
  if (nested) {
    let inspected = 0;
    for (const difference of differences) {
      if (inspected >= NESTED_MEMBER_LIMIT) break;
      if (!difference.fields.includes('content')) continue;
      const da = byNameA.get(difference.name)?.data;
      const db = byNameB.get(difference.name)?.data;
      if (!da || !db) continue;
      inspected++;
      const inner = await nested(da, db, difference.name);
      if (inner) difference.inner = inner;
    }
  }
  return {
    members: [a.length, b.length],
    differences,
    more: all.length - differences.length,
    orderDiffers,
    timestampsOnly: all.length > 0 && all.every((d) => d.change === 'modified' && d.fields.every((f) => TIME_FIELDS.has(f))),
    orderOnly: all.length === 0 && orderDiffers,
  };
}

/** Fields of two members that differ; a field recorded on one side only counts as differing. */
export function differingFields(a: MemberInfo, b: MemberInfo): MemberField[] {
  const fields: MemberField[] = [];
  for (const [field, get] of FIELD_KEYS) {
    if (!Object.is(get(a), get(b))) fields.push(field);
  }
  return fields;
}

/** Members by name; a repeated name (tar allows it) gets ` (2)`, ` (3)`, ... so none is lost. */
function uniqueNames(members: readonly Member[]): Map<string, Member> {
  const map = new Map<string, Member>();
  for (const member of members) {
    let name = member.info.name;
    for (let n = 2; map.has(name); n++) name = `${member.info.name} (${n})`;
    map.set(name, member);
  }
  return map;
}

/** Characters of a member's own summary quoted in its archive's summary. */
const INNER_SUMMARY_LIMIT = 160;

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : text.slice(0, limit - 1) + '…';
}

/** One line about two archives' members, e.g. `3 of 3 members differ in mtime only: a, b, c`. */
export function describeMembers(kind: string, c: ArchiveComparison): string {
  const total = Math.max(c.members[0], c.members[1]);
  const count = c.differences.length + c.more;
  const names = (list: MemberDifference[]) => {
    const shown = list.slice(0, 3).map((d) => d.name);
    return shown.join(', ') + (list.length > 3 || c.more > 0 ? ', …' : '');
  };
  if (count === 0) {
    return c.orderDiffers ? `${kind}: members equal, in a different order` : `${kind}: members equal (the archives differ outside them)`;
  }
  const order = c.orderDiffers ? '; order differs too' : '';
  if (c.timestampsOnly) {
    const fields = [...new Set(c.differences.flatMap((d) => d.fields))].join(', ');
    return `${kind}: ${count} of ${total} members differ in ${fields} only: ${names(c.differences)}${order}`;
  }
  const parts = c.differences.slice(0, 3).map((d) => {
    if (d.change !== 'modified') return `${d.name} (${d.change})`;
    const inner = d.inner && d.inner.format !== 'identical' ? ` — ${clip(d.inner.summary, INNER_SUMMARY_LIMIT)}` : '';
    return `${d.name} (${d.fields.join(', ')})${inner}`;
  });
  const rest = count > 3 ? `, and ${count - 3} more` : '';
  return `${kind}: ${count} of ${total} members differ: ${parts.join('; ')}${rest}${order}`;
}
