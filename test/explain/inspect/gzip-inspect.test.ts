import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ContentFinding } from '../../../src/explain/inspect/finding.js';
import { inspectGzip, parseGzipHeader } from '../../../src/explain/inspect/gzip-inspect.js';
import { DECOMPRESS_LIMIT } from '../../../src/explain/inspect/limits.js';
import { inspectText } from '../../../src/explain/inspect/text-inspect.js';
import { fixture, T1, T2 } from '../fixture-files.js';

describe('parseGzipHeader', () => {
  it('reads the name and mtime gzip stores', () => {
    expect(parseGzipHeader(fixture('gzip/mtime-a.txt.gz'))).toEqual({
      mtime: T1,
      name: 'payload.txt',
      comment: null,
      os: 3,
      flags: 0x08,
      extraFlags: 2,
      extra: null,
      length: 10 + 'payload.txt'.length + 1,
    });
  });

  it('reads a gzip -n header: no name, no time', () => {
    expect(parseGzipHeader(fixture('gzip/n-a.txt.gz'))).toMatchObject({ mtime: 0, name: null, flags: 0, length: 10 });
  });

  it('rejects what is not gzip, or a header cut short', () => {
    expect(() => parseGzipHeader(Buffer.from('hello world'))).toThrow(/not a gzip/);
    expect(() => parseGzipHeader(fixture('gzip/mtime-a.txt.gz').subarray(0, 15))).toThrow(/cut short/);
  });
});

describe('inspectGzip', () => {
  const textNested = async (a: Buffer, b: Buffer, name: string): Promise<ContentFinding> => inspectText(a, b, name);

  it('sees that gzip at two mtimes differs only in the header', async () => {
    const finding = await inspectGzip(fixture('gzip/mtime-a.txt.gz'), fixture('gzip/mtime-b.txt.gz'), 'payload.txt.gz', textNested);
    expect(finding).toMatchObject({ headerFields: ['mtime'], payload: 'equal', compressedEqual: true, headerOnly: true, payloadSizes: [1692, 1692] });
    expect(finding.header.b.mtime).toBe(T2);
    expect(finding.inner).toBeUndefined();
    expect(finding.summary).toBe('gzip header differs in mtime (2023-11-14T22:13:20Z → 2023-11-15T23:14:22Z); payload equal');
  });

  it('inspects a differing payload in turn', async () => {
    const finding = await inspectGzip(fixture('gzip/mtime-a.txt.gz'), fixture('gzip/other.txt.gz'), 'payload.txt.gz', textNested);
    expect(finding).toMatchObject({ headerFields: [], payload: 'different', headerOnly: false });
    expect(finding.inner?.format).toBe('text');
    expect(finding.summary).toBe('gzip header equal; payload differs: text differs: -200 +200 lines');
  });

  it('names every header field that differs', async () => {
    const finding = await inspectGzip(fixture('tar/mtime-a.tar.gz'), fixture('tar/header-b.tar.gz'), 'x.tar.gz');
    expect(finding.headerFields).toEqual(['mtime', 'name', 'flags']);
    expect(finding.headerOnly).toBe(true);
  });

  it('says when only the compression differs', async () => {
    const data = Buffer.from('same payload '.repeat(100));
    const finding = await inspectGzip(gzipSync(data, { level: 1 }), gzipSync(data, { level: 9 }), 'x.gz');
    expect(finding).toMatchObject({ payload: 'equal', compressedEqual: false, headerOnly: false });
    expect(finding.headerFields).toEqual(['extra-flags']);
    expect(finding.note).toMatch(/^same payload, compressed differently/);
  });

  it('judges a payload larger than the inflate limit by the trailers', async () => {
    const big = Buffer.alloc(DECOMPRESS_LIMIT + 1);
    const other = Buffer.from(big);
    other[1] = 1;
    const same = await inspectGzip(gzipSync(big), gzipSync(big, { level: 1 }), 'x.gz');
    expect(same).toMatchObject({ payload: 'equal', payloadSizes: [null, null] });
    const differs = await inspectGzip(gzipSync(big), gzipSync(other), 'x.gz');
    expect(differs.payload).toBe('different');
    expect(differs.summary).toBe('gzip header equal; payload differs (by the CRC-32 and size in the trailers: too large to inflate)');
  });

  it('reports a corrupt stream instead of failing', async () => {
    const good = fixture('gzip/mtime-a.txt.gz');
    const bad = Buffer.from(good);
    bad.fill(0xff, 30, 60);
    const finding = await inspectGzip(good, bad, 'x.gz');
    expect(finding.payload).toBe('unknown');
    expect(finding.note).toMatch(/^corrupt gzip stream in B/);
  });
});
