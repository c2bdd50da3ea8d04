import { describe, expect, it } from 'vitest';
import { dosSeconds, readZip } from '../../../src/explain/inspect/zip-reader.js';
import { inspectZip } from '../../../src/explain/inspect/zip-inspect.js';
import { fixture, T1, T2 } from '../fixture-files.js';

const NAMES = ['README', 'build-info.txt', 'doc/', 'doc/changelog', 'doc/notes.txt'];

describe('readZip', () => {
  it('reads Info-ZIP members with DOS time, extended timestamps, owner and mode', () => {
    const { members, comment } = readZip(fixture('zip/zip-a.zip'));
    expect(comment).toBe('');
    expect(members.map((m) => m.info.name)).toEqual(NAMES);
    expect(members[0]!.info).toMatchObject({ type: 'file', size: 20, mtime: T1, extraMtime: T1, atime: T1, uid: 0, gid: 0, mode: 0o644 });
    expect(members[0]!.data?.toString()).toBe('repro-check fixture\n');
    expect(members[2]!.info).toMatchObject({ type: 'dir', mode: 0o755 });
  });

  it('reads zip -X members without extra fields', () => {
    const info = readZip(fixture('zip/zipx-a.zip')).members[0]!.info;
    expect(info).toMatchObject({ mtime: T1, mode: 0o644 });
    expect(info.extraMtime).toBeUndefined();
    expect(info.uid).toBeUndefined();
  });

  it('reads a jar', () => {
    const { members } = readZip(fixture('zip/jar-a.jar'));
    expect(members.map((m) => m.info.name).sort()).toEqual([...NAMES].sort());
    expect(members.find((m) => m.info.name === 'README')!.info.mtime).toBe(T1);
  });

  it('inflates deflated members', () => {
    const changelog = readZip(fixture('zip/zip-a.zip')).members.find((m) => m.info.name === 'doc/changelog')!;
    expect(changelog.info).toMatchObject({ method: 8, size: 2892 });
    const text = changelog.data!.toString();
    expect(text.startsWith('entry 1\nentry 2\n')).toBe(true);
    expect(text.endsWith('entry 300\n')).toBe(true);
    expect(changelog.info.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects what is not a zip', () => {
    expect(() => readZip(Buffer.from('PK\x03\x04 not really'))).toThrow(/end-of-central-directory/);
  });

  it('converts DOS date and time', () => {
    // 2023-11-14 22:13:20: date (43 << 9) | (11 << 5) | 14, time (22 << 11) | (13 << 5) | 10.
    expect(dosSeconds((43 << 9) | (11 << 5) | 14, (22 << 11) | (13 << 5) | 10)).toBe(T1);
  });
});

describe('inspectZip', () => {
  it('zip at two times: DOS time, extended mtime and access time differ', async () => {
    const finding = await inspectZip(fixture('zip/zip-a.zip'), fixture('zip/zip-b.zip'));
    expect(finding).toMatchObject({ format: 'zip', members: [5, 5], timestampsOnly: true, orderDiffers: false });
    expect(finding.differences.map((d) => d.fields)).toEqual(NAMES.map(() => ['mtime', 'atime', 'extra-mtime']));
    expect(finding.differences[0]!.b!.mtime).toBe(T2);
  });

  it('zip -X at two times: only DOS times differ', async () => {
    const finding = await inspectZip(fixture('zip/zipx-a.zip'), fixture('zip/zipx-b.zip'));
    expect(finding.differences.map((d) => [d.name, d.fields])).toEqual(NAMES.map((n) => [n, ['mtime']]));
    expect(finding.summary).toBe('zip: 5 of 5 members differ in mtime only: README, build-info.txt, doc/, …');
  });

  it('zip -X with another member order', async () => {
    const finding = await inspectZip(fixture('zip/zipx-a.zip'), fixture('zip/zipx-order.zip'));
    expect(finding).toMatchObject({ differences: [], orderOnly: true });
  });

  it('jar --date at two dates', async () => {
    const finding = await inspectZip(fixture('zip/jar-a.jar'), fixture('zip/jar-b.jar'));
    expect(finding.timestampsOnly).toBe(true);
    expect(finding.differences.length).toBeGreaterThan(0);
  });
});
