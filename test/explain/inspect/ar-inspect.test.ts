import { describe, expect, it } from 'vitest';
import { inspectAr, readAr } from '../../../src/explain/inspect/ar-inspect.js';
import { inspectContent } from '../../../src/explain/inspect/inspect-content.js';
import { fixture, T1, T2 } from '../fixture-files.js';

describe('readAr', () => {
  it('reads ar rcU members with real mtime, owner and mode', () => {
    const members = readAr(fixture('ar/ar-a.a'));
    expect(members.map((m) => m.info.name)).toEqual(['README', 'build-info.txt']);
    expect(members[0]!.info).toMatchObject({ size: 20, mtime: T1, mode: 0o644 });
    expect(members[0]!.data?.toString()).toBe('repro-check fixture\n');
  });

  it('reads ar rcD (deterministic) members with zero mtime', () => {
    expect(readAr(fixture('ar/ard-a.a'))[0]!.info).toMatchObject({ mtime: 0, uid: 0, gid: 0 });
  });

  it('reads GNU long names and BSD names', () => {
    const header = (name: string, size: number) =>
      name.padEnd(16) + '0'.padEnd(12) + '0'.padEnd(6) + '0'.padEnd(6) + '644'.padEnd(8) + String(size).padEnd(10) + '`\n';
    const table = 'a-very-long-member-name.o/\n'; // 27 bytes: padded to an even offset with a newline
    const gnu = Buffer.from('!<arch>\n' + header('//', table.length) + table + '\n' + header('/0', 2) + 'hi', 'latin1');
    expect(readAr(gnu).map((m) => [m.info.name, m.data?.toString()])).toEqual([['a-very-long-member-name.o', 'hi']]);
    const bsd = Buffer.from('!<arch>\n' + header('#1/12', 14) + 'bsd-name.o\0\0hi', 'latin1');
    expect(readAr(bsd).map((m) => [m.info.name, m.data?.toString()])).toEqual([['bsd-name.o', 'hi']]);
  });

  it('rejects a broken header', () => {
    expect(() => readAr(Buffer.from('!<arch>\n' + 'x'.repeat(60)))).toThrow(/bad ar member header/);
  });
});

describe('inspectAr', () => {
  it('ar at two times: members differ in mtime only', async () => {
    const finding = await inspectAr(fixture('ar/ar-a.a'), fixture('ar/ar-b.a'));
    expect(finding).toMatchObject({ format: 'ar', deb: false, timestampsOnly: true, members: [2, 2] });
    expect(finding.differences[0]).toMatchObject({ name: 'README', fields: ['mtime'], a: { mtime: T1 }, b: { mtime: T2 } });
  });

  it('a .deb built twice: looks through control.tar.gz and data.tar.gz to the members', async () => {
    const finding = await inspectContent({ path: 'pkg.deb', a: fixture('deb/pkg-a.deb'), b: fixture('deb/pkg-b.deb') });
    if (finding.format !== 'ar') throw new Error(`expected an ar finding, got ${finding.format}`);
    expect(finding.deb).toBe(true);
    expect(finding.differences.map((d) => [d.name, d.fields])).toEqual([
      ['debian-binary', ['mtime']],
      ['control.tar.gz', ['content', 'size', 'mtime']],
      ['data.tar.gz', ['content', 'mtime']],
    ]);
    const data = finding.differences[2]!.inner;
    expect(data).toMatchObject({ format: 'gzip', payload: 'different', inner: { format: 'tar', timestampsOnly: true } });
    expect(finding.summary).toMatch(/^deb: 3 of 3 members differ/);
  });

  it('a .deb with xz members: names them and says they are not inspected', async () => {
    const finding = await inspectContent({ path: 'pkg.deb', a: fixture('deb/pkg-xz-a.deb'), b: fixture('deb/pkg-xz-b.deb') });
    if (finding.format !== 'ar') throw new Error(`expected an ar finding, got ${finding.format}`);
    const data = finding.differences.find((d) => d.name === 'data.tar.xz');
    expect(data?.inner).toMatchObject({ format: 'binary', detected: 'xz' });
    expect(data?.inner?.summary).toContain('not inspected');
  });
});
