import { describe, expect, it } from 'vitest';
import { inspectTar, readTarMembers } from '../../../src/explain/inspect/tar-inspect.js';
import { inspectText } from '../../../src/explain/inspect/text-inspect.js';
import { fixture, T1, T2 } from '../fixture-files.js';

const NAMES = ['./', './README', './build-info.txt', './doc/', './doc/changelog', './doc/notes.txt'];

describe('readTarMembers', () => {
  it('reads GNU tar members with their metadata and content digests', async () => {
    const members = await readTarMembers(fixture('tar/mtime-a.tar'));
    expect(members.map((m) => m.info.name)).toEqual(NAMES);
    expect(members[1]!.info).toMatchObject({ type: 'file', size: 20, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '', mtime: T1 });
    expect(members[1]!.info.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(members[1]!.data?.toString()).toBe('repro-check fixture\n');
    expect(members[0]!.info).toMatchObject({ type: 'dir', size: 0, mode: 0o755 });
  });

  it('rejects a corrupt archive', async () => {
    const bad = Buffer.from(fixture('tar/mtime-a.tar'));
    bad.fill(0x41, 0, 512);
    await expect(readTarMembers(bad)).rejects.toThrow();
  });
});

describe('inspectTar', () => {
  it('finds members that differ in mtime only', async () => {
    const finding = await inspectTar(fixture('tar/mtime-a.tar'), fixture('tar/mtime-b.tar'));
    expect(finding).toMatchObject({ format: 'tar', members: [6, 6], timestampsOnly: true, orderDiffers: false, orderOnly: false, more: 0 });
    expect(finding.differences.map((d) => [d.name, d.fields])).toEqual(NAMES.map((n) => [n, ['mtime']]));
    expect(finding.differences[1]!.a!.mtime).toBe(T1);
    expect(finding.differences[1]!.b!.mtime).toBe(T2);
    expect(finding.summary).toBe('tar: 6 of 6 members differ in mtime only: ./, ./README, ./build-info.txt, …');
  });

  it('finds a different member order', async () => {
    const finding = await inspectTar(fixture('tar/mtime-a.tar'), fixture('tar/order-b.tar'));
    expect(finding).toMatchObject({ differences: [], orderDiffers: true, orderOnly: true, timestampsOnly: false });
    expect(finding.summary).toBe('tar: members equal, in a different order');
  });

  it('names a member whose content differs and looks inside it', async () => {
    const finding = await inspectTar(fixture('tar/mtime-a.tar'), fixture('tar/content-b.tar'), async (a, b, name) => inspectText(a, b, name));
    expect(finding.differences).toHaveLength(1);
    const [difference] = finding.differences;
    expect(difference).toMatchObject({ name: './build-info.txt', change: 'modified', fields: ['content'] });
    expect(difference!.inner).toMatchObject({ format: 'text', datesOnly: true });
    expect(finding.timestampsOnly).toBe(false);
  });
});
