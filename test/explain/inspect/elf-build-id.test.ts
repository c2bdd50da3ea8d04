import { describe, expect, it } from 'vitest';
import { findBuildId } from '../../../src/explain/inspect/elf-build-id.js';
import { inspectContent } from '../../../src/explain/inspect/inspect-content.js';
import type { BinaryFinding } from '../../../src/explain/inspect/finding.js';

/**
 * A minimal 64-bit little-endian ELF written by hand after the ELF spec: the 64-byte header, one
 * program header (56 bytes, at 64) of type PT_NOTE for the note at 120, the note (namesz 4,
 * descsz 20, type 3 = NT_GNU_BUILD_ID, "GNU\0", the 20-byte id at 136), then a banner string.
 */
function elf(id: number, banner: string, noteType = 3): Uint8Array {
  const text = Buffer.from(banner + '\0', 'latin1');
  const out = Buffer.alloc(156 + text.length);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0); // magic, ELFCLASS64, ELFDATA2LSB, version
  out.writeUInt16LE(2, 16); // ET_EXEC
  out.writeUInt16LE(62, 18); // x86-64
  out.writeBigUInt64LE(64n, 0x20); // e_phoff
  out.writeUInt16LE(64, 0x34); // e_ehsize
  out.writeUInt16LE(56, 0x36); // e_phentsize
  out.writeUInt16LE(1, 0x38); // e_phnum
  out.writeUInt32LE(4, 64); // p_type PT_NOTE
  out.writeBigUInt64LE(120n, 64 + 0x08); // p_offset
  out.writeBigUInt64LE(36n, 64 + 0x20); // p_filesz
  out.writeUInt32LE(4, 120);
  out.writeUInt32LE(20, 124);
  out.writeUInt32LE(noteType, 128);
  out.write('GNU\0', 132, 'latin1');
  for (let i = 0; i < 20; i++) out[136 + i] = (id * 37 + i * 101) & 0xff;
  out.set(text, 156);
  return out;
}

describe('findBuildId', () => {
  it('finds the id of the NT_GNU_BUILD_ID note at offset 136, 20 bytes', () => {
    expect(findBuildId(elf(1, 'built Dec  6 2026 06:30:21'))).toEqual({ offset: 136, length: 20 });
  });

  it.each([
    ['another note type', elf(1, 'x', 1)],
    ['no ELF magic', Buffer.concat([Buffer.from('MZ'), elf(1, 'x').subarray(2)])],
    ['a truncated file', elf(1, 'x').subarray(0, 130)],
  ])('finds none in %s', (_, data) => {
    expect(findBuildId(data)).toBeUndefined();
  });
});

describe('an ELF whose __TIME__ banner and build-id differ', () => {
  it('differs only in dates once the build-id is set aside', async () => {
    const finding = (await inspectContent({ path: '/usr/local/bin/greet', a: elf(1, 'greet 1.0, built Dec  6 2026 06:30:21'), b: elf(2, 'greet 1.0, built Dec  6 2026 06:30:33') })) as BinaryFinding;
    expect(finding.format).toBe('binary');
    expect(finding.buildId).toEqual({ offset: 136, length: 20 });
    expect(finding.datesOnly).toBe(true);
    expect(finding.summary).toContain('GNU build-id');
  });

  it('is not dates only when a non-date byte differs too', async () => {
    const finding = (await inspectContent({ path: '/usr/local/bin/greet', a: elf(1, 'greet 1.0, built Dec  6 2026 06:30:21'), b: elf(2, 'greet 1.1, built Dec  6 2026 06:30:33') })) as BinaryFinding;
    expect(finding.buildId).toEqual({ offset: 136, length: 20 });
    expect(finding.datesOnly).toBe(false);
  });

  it('is not dates only when only the build-id differs', async () => {
    const finding = (await inspectContent({ path: '/usr/local/bin/greet', a: elf(1, 'greet 1.0'), b: elf(2, 'greet 1.0') })) as BinaryFinding;
    expect(finding.datesOnly).toBe(false);
  });
});
