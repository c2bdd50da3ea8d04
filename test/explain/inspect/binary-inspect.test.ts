import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { entropyBits, inspectBinary } from '../../../src/explain/inspect/binary-inspect.js';
import { fixture } from '../fixture-files.js';

describe('inspectBinary', () => {
  it('two runs of head -c 256 /dev/urandom look random', () => {
    const finding = inspectBinary(fixture('random/random-a.bin'), fixture('random/random-b.bin'));
    expect(finding.sizes).toEqual([256, 256]);
    expect(finding.differingBytes).toBeGreaterThan(240);
    expect(finding.entropy).toBeGreaterThan(7);
    expect(finding.randomLooking).toBe(true);
    expect(finding.summary).toContain('(looks random)');
  });

  it('finds the first differing offset and counts differing bytes', () => {
    const a = Buffer.alloc(1000, 0x41);
    const b = Buffer.from(a);
    b[100] = 0x42;
    b[102] = 0x43;
    const finding = inspectBinary(a, b);
    expect(finding).toMatchObject({ firstDifference: 100, lastDifference: 102, differingBytes: 2, randomLooking: false });
    // Bytes 100-102 of B are B, A, C: three values in three bytes, log2(3) plus the small-sample correction.
    expect(finding.summary).toBe('first difference at byte 100, 2 of 1000 bytes differ; entropy 2.07 bits/byte');
  });

  it('a longer file: the difference starts where the shorter ends', () => {
    const finding = inspectBinary(Buffer.from('abc'), Buffer.from('abcdef'));
    expect(finding).toMatchObject({ firstDifference: 3, lastDifference: null, differingBytes: 0, sizes: [3, 6] });
    expect(finding.summary).toContain('size 3 → 6');
  });

  it('a binary with an embedded build date', () => {
    const stamp = (d: string) => Buffer.concat([Buffer.from([0, 1, 2, 0xff]), Buffer.from(`built ${d}\0`), Buffer.from([9, 8, 7])]);
    const finding = inspectBinary(stamp('Nov 14 2023 22:13:20'), stamp('Nov 15 2023 23:14:22'));
    expect(finding.datesOnly).toBe(true);
  });

  it('a random region inside an otherwise equal file', () => {
    const a = Buffer.concat([Buffer.alloc(4096), randomBytes(64), Buffer.alloc(4096)]);
    const b = Buffer.concat([Buffer.alloc(4096), randomBytes(64), Buffer.alloc(4096)]);
    expect(inspectBinary(a, b).randomLooking).toBe(true);
  });

  it('passes a detected format and a note on', () => {
    const finding = inspectBinary(Buffer.from([1]), Buffer.from([2]), { detected: 'xz', note: 'not inspected' });
    expect(finding).toMatchObject({ detected: 'xz', note: 'not inspected' });
    expect(finding.summary).toMatch(/^xz file; .*not inspected$/);
  });
});

describe('entropyBits', () => {
  it('is 0 for one repeated byte and near 8 for random bytes', () => {
    expect(entropyBits(Buffer.alloc(100, 7))).toBe(0);
    expect(entropyBits(randomBytes(65536))).toBeGreaterThan(7.99);
    expect(entropyBits(Buffer.from('abababab'))).toBeCloseTo(1 + 1 / (16 * Math.LN2), 5);
  });
});
