import { describe, expect, it } from 'vitest';
import { inspectContent } from '../../../src/explain/inspect/inspect-content.js';
import type { FindingFormat } from '../../../src/explain/inspect/finding.js';
import { INSPECT_READ_LIMIT } from '../../../src/explain/inspect/limits.js';
import { fixture } from '../fixture-files.js';

describe('inspectContent', () => {
  it.each<[string, string, string, FindingFormat]>([
    ['gzip/mtime-a.txt.gz', 'gzip/mtime-b.txt.gz', '/x.gz', 'gzip'],
    ['gzip/n-a.txt.gz', 'gzip/n-b.txt.gz', '/x.gz', 'identical'],
    ['tar/mtime-a.tar', 'tar/mtime-b.tar', '/x.tar', 'tar'],
    ['tar/mtime-a.tar.gz', 'tar/mtime-b.tar.gz', '/x.tar.gz', 'gzip'],
    ['zip/zip-a.zip', 'zip/zip-b.zip', '/x.zip', 'zip'],
    ['zip/jar-a.jar', 'zip/jar-b.jar', '/x.jar', 'zip'],
    ['ar/ar-a.a', 'ar/ar-b.a', '/x.a', 'ar'],
    ['ar/ard-a.a', 'ar/ard-b.a', '/x.a', 'identical'],
    ['deb/pkg-a.deb', 'deb/pkg-b.deb', '/x.deb', 'ar'],
    ['pyc/mod-a.pyc', 'pyc/mod-b.pyc', '/__pycache__/mod.cpython-311.pyc', 'pyc'],
    ['pyc/mod-hash-a.pyc', 'pyc/mod-hash-b.pyc', '/__pycache__/mod.cpython-311.pyc', 'identical'],
    ['text/build-info-a.txt', 'text/build-info-b.txt', '/x.txt', 'text'],
    ['random/random-a.bin', 'random/random-b.bin', '/x.bin', 'binary'],
  ])('%s vs %s: %s', async (a, b, path, format) => {
    const finding = await inspectContent({ path, a: fixture(a), b: fixture(b) });
    expect(finding.format).toBe(format);
    expect(finding.summary.length).toBeGreaterThan(0);
  });

  it('recurses from a .tar.gz into its members', async () => {
    const finding = await inspectContent({ path: '/x.tar.gz', a: fixture('tar/mtime-a.tar.gz'), b: fixture('tar/mtime-b.tar.gz') });
    expect(finding).toMatchObject({ format: 'gzip', headerOnly: false, inner: { format: 'tar', timestampsOnly: true } });
    expect(finding.summary).toBe('gzip header equal; payload differs: tar: 6 of 6 members differ in mtime only: ./, ./README, ./build-info.txt, …');
  });

  it('compares files of two different formats as binary', async () => {
    const finding = await inspectContent({ path: '/x', a: fixture('gzip/mtime-a.txt.gz'), b: fixture('text/config-a.txt') });
    expect(finding).toMatchObject({ format: 'binary', note: 'formats differ: gzip in A, text in B' });
  });

  it('falls back to binary, with a note, when a file is not what its magic says', async () => {
    const broken = Buffer.from('PK\x03\x04 this is no zip at all');
    const finding = await inspectContent({ path: '/x.zip', a: broken, b: Buffer.from(broken.toString('latin1') + '!', 'latin1') });
    expect(finding).toMatchObject({ format: 'binary', detected: 'zip' });
    expect(finding.summary).toContain('not readable as zip');
  });

  it('says a file is too large instead of inspecting it', async () => {
    const a = Buffer.alloc(1024);
    const b = Buffer.from(a);
    b[500] = 2;
    const finding = await inspectContent({ path: '/big.bin', a, b, truncated: true, sizes: [20e6, 20e6] });
    expect(finding).toMatchObject({ format: 'too-large', limit: INSPECT_READ_LIMIT, sizes: [20e6, 20e6], firstDifference: 500, detected: 'binary' });
    expect(finding.summary).toBe('larger than the 8388608-byte inspect limit (20000000 and 20000000 bytes, binary): not inspected; first difference at byte 500');
  });

  it('treats buffers over the read limit as too large even without the flag', async () => {
    const a = Buffer.alloc(INSPECT_READ_LIMIT + 1);
    const finding = await inspectContent({ path: '/big', a, b: Buffer.alloc(INSPECT_READ_LIMIT + 1) });
    expect(finding).toMatchObject({ format: 'too-large', firstDifference: null });
  });

  it('handles one line of base64 as long as the read limit', async () => {
    // A regression: unbounded token patterns overflowed the regular expression stack here.
    const a = Buffer.alloc(INSPECT_READ_LIMIT, 'QWxhZGRpbjpvcGVuIHNlc2FtZQ0K');
    const b = Buffer.from(a);
    b[100] = a[100] === 0x41 ? 0x42 : 0x41;
    const finding = await inspectContent({ path: '/x', a, b });
    expect(finding).toMatchObject({ format: 'text', diff: '' });
    expect(finding.format === 'text' && finding.diffSkipped).toMatch(/larger than/);
  });

  it('stops nesting at the depth limit', async () => {
    // gzip → gzip → gzip → gzip → text: four levels of gzip around a text.
    const { gzipSync } = await import('node:zlib');
    const wrap = (text: string) => gzipSync(gzipSync(gzipSync(gzipSync(Buffer.from(text)))));
    const finding = await inspectContent({ path: '/x.gz.gz.gz.gz', a: wrap('a\n'), b: wrap('b\n') });
    let depth = 0;
    let current: unknown = finding;
    while (current && (current as { format: string }).format === 'gzip') {
      depth++;
      current = (current as { inner?: unknown }).inner;
    }
    expect(depth).toBe(4);
    expect(current).toBeUndefined();
  });
});
