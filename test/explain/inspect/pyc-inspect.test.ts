import { describe, expect, it } from 'vitest';
import { inspectPyc, parsePycHeader } from '../../../src/explain/inspect/pyc-inspect.js';
import { fixture, T1, T2 } from '../fixture-files.js';

describe('parsePycHeader', () => {
  it('reads a timestamp-based header (PEP 552, flags 0)', () => {
    expect(parsePycHeader(fixture('pyc/mod-a.pyc'))).toMatchObject({ length: 16, flags: 0, kind: 'timestamp', sourceMtime: T1, sourceSize: 44 });
  });

  it('reads a checked-hash header', () => {
    const header = parsePycHeader(fixture('pyc/mod-hash-a.pyc'));
    expect(header).toMatchObject({ length: 16, flags: 3, kind: 'checked-hash' });
    expect(header.sourceHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads the 12-byte header of Python 3.3-3.6 and the 8-byte one of Python 2', () => {
    const py36 = Buffer.from([0x33, 0x0d, 0x0d, 0x0a, 1, 0, 0, 0, 2, 0, 0, 0]);
    expect(parsePycHeader(py36)).toMatchObject({ magic: 3379, length: 12, sourceMtime: 1, sourceSize: 2 });
    const py27 = Buffer.from([0x03, 0xf3, 0x0d, 0x0a, 5, 0, 0, 0]);
    expect(parsePycHeader(py27)).toMatchObject({ magic: 62211, length: 8, sourceMtime: 5 });
  });

  it('rejects what is not a .pyc', () => {
    expect(() => parsePycHeader(Buffer.from('hello world'))).toThrow(/not a .pyc/);
  });
});

describe('inspectPyc', () => {
  it('py_compile at two source mtimes: only the source mtime differs', () => {
    const finding = inspectPyc(fixture('pyc/mod-a.pyc'), fixture('pyc/mod-b.pyc'));
    expect(finding).toMatchObject({ headerFields: ['source-mtime'], codeEqual: true, sourceMtimeOnly: true, firstCodeDifference: null });
    expect(finding.header.b.sourceMtime).toBe(T2);
    expect(finding.summary).toBe('.pyc header differs: source mtime 2023-11-14T22:13:20Z → 2023-11-15T23:14:22Z; code equal');
  });

  it('an edited source: size and code differ', () => {
    const finding = inspectPyc(fixture('pyc/mod-a.pyc'), fixture('pyc/mod-changed.pyc'));
    expect(finding).toMatchObject({ headerFields: ['source-size'], codeEqual: false, sourceMtimeOnly: false });
    expect(finding.firstCodeDifference).toBeGreaterThanOrEqual(16);
  });

  it('timestamp-based against checked-hash', () => {
    const finding = inspectPyc(fixture('pyc/mod-a.pyc'), fixture('pyc/mod-hash-a.pyc'));
    expect(finding.headerFields).toEqual(['flags', 'source-mtime', 'source-size', 'source-hash']);
    expect(finding.codeEqual).toBe(true);
  });
});
