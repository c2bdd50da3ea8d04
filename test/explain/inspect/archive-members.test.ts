import { describe, expect, it } from 'vitest';
import { compareMembers, describeMembers, differingFields, type Member } from '../../../src/explain/inspect/archive-members.js';
import { MEMBER_LIST_LIMIT, NESTED_MEMBER_LIMIT } from '../../../src/explain/inspect/limits.js';

const member = (name: string, extra: Partial<Member['info']> = {}, data?: string): Member => {
  const m: Member = { info: { name, type: 'file', size: 1, mode: 0o644, mtime: 1, sha256: 'aa', ...extra } };
  if (data !== undefined) m.data = Buffer.from(data);
  return m;
};

describe('compareMembers', () => {
  it('finds added, removed and modified members in A order, then additions', async () => {
    const result = await compareMembers([member('a'), member('b'), member('c')], [member('c', { mode: 0o600 }), member('a'), member('d')]);
    expect(result.differences.map((d) => [d.name, d.change, d.fields])).toEqual([
      ['b', 'removed', []],
      ['c', 'modified', ['mode']],
      ['d', 'added', []],
    ]);
    expect(result.orderDiffers).toBe(true);
    expect(result.orderOnly).toBe(false);
  });

  it('keeps repeated names apart', async () => {
    const result = await compareMembers([member('x'), member('x', { mtime: 2 })], [member('x'), member('x', { mtime: 3 })]);
    expect(result.differences.map((d) => d.name)).toEqual(['x (2)']);
  });

  it('lists at most MEMBER_LIST_LIMIT differences and counts the rest', async () => {
    const many = (t: number) => Array.from({ length: MEMBER_LIST_LIMIT + 7 }, (_, i) => member(`m${i}`, { mtime: t }));
    const result = await compareMembers(many(1), many(2));
    expect(result.differences).toHaveLength(MEMBER_LIST_LIMIT);
    expect(result.more).toBe(7);
    expect(result.timestampsOnly).toBe(true);
    expect(describeMembers('tar', result)).toBe(`tar: ${MEMBER_LIST_LIMIT + 7} of ${MEMBER_LIST_LIMIT + 7} members differ in mtime only: m0, m1, m2, …`);
  });

  it('inspects at most NESTED_MEMBER_LIMIT differing members in turn', async () => {
    const side = (c: string) => Array.from({ length: NESTED_MEMBER_LIMIT + 3 }, (_, i) => member(`m${i}`, { sha256: c }, c));
    const seen: string[] = [];
    await compareMembers(side('a'), side('b'), async (_a, _b, name) => {
      seen.push(name);
      return { format: 'identical', summary: '' };
    });
    expect(seen).toHaveLength(NESTED_MEMBER_LIMIT);
  });

  it('says when the members are equal but the archives are not', () => {
    expect(describeMembers('zip', { members: [1, 1], differences: [], more: 0, orderDiffers: false, timestampsOnly: false, orderOnly: false })).toBe(
      'zip: members equal (the archives differ outside them)',
    );
  });
});

describe('differingFields', () => {
  it('counts a field known on one side only as differing', () => {
    expect(differingFields(member('a').info, member('a', { atime: 5 }).info)).toEqual(['atime']);
  });

  it('compares content by sha256, or by CRC-32 when no digest was taken', () => {
    expect(differingFields({ name: 'a', type: 'file', size: 1, crc32: 1 }, { name: 'a', type: 'file', size: 1, crc32: 2 })).toEqual(['content']);
  });
});
