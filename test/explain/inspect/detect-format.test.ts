import { test, expect } from 'vitest';
import { detectFormat } from '../../../src/explain/inspect/detect-format.js';
import type { DetectedFormat } from '../../../src/explain/inspect/finding.js';
import { fixture } from '../fixture-files.js';

const bytes = (...values: number[]) => Buffer.from(values);

test.each<[string, Buffer, string, DetectedFormat]>([
  ['gzip by magic', fixture('gzip/mtime-a.txt.gz'), 'x', 'gzip'],
  ['GNU tar by ustar magic', fixture('tar/mtime-a.tar'), 'x', 'tar'],
  ['zip', fixture('zip/zipx-a.zip'), 'x', 'zip'],
  ['jar (a zip)', fixture('zip/jar-a.jar'), 'x.jar', 'zip'],
  ['empty zip', Buffer.from('PK\x05\x06' + '\0'.repeat(18), 'latin1'), 'x', 'zip'],
  ['ar', fixture('ar/ar-a.a'), 'x', 'ar'],
  ['.deb (an ar)', fixture('deb/pkg-a.deb'), 'x.deb', 'ar'],
  ['xz', bytes(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1), 'x', 'xz'],
  ['zstd', bytes(0x28, 0xb5, 0x2f, 0xfd, 1), 'x', 'zstd'],
  ['bzip2', Buffer.from('BZh91AY&SY'), 'x', 'bzip2'],
  ['ELF', bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1), 'x', 'elf'],
  ['.pyc by name and \\r\\n', fixture('pyc/mod-a.pyc'), '/a/__pycache__/mod.cpython-311.pyc', 'pyc'],
  ['.pyc bytes under another name', fixture('pyc/mod-a.pyc'), '/a/mod', 'binary'],
  ['empty tar by name', Buffer.alloc(10240), 'x.tar', 'tar'],
  ['zeros under another name', Buffer.alloc(10240), 'x.bin', 'binary'],
  ['UTF-8 text', Buffer.from('héllo\n'), 'x', 'text'],
  ['empty file', Buffer.alloc(0), 'x', 'text'],
  ['text with NUL', Buffer.from('a\0b'), 'x', 'binary'],
  ['invalid UTF-8', bytes(0xc3, 0x28), 'x', 'binary'],
  ['random bytes', fixture('random/random-a.bin'), 'x', 'binary'],
])('%s', (_name, data, path, format) => {
  expect(detectFormat(data, path)).toBe(format);
});

test('a tar without the ustar magic is recognised by its header checksum', () => {
  const tar = Buffer.from(fixture('tar/mtime-a.tar'));
  // Blank the magic and version (fields the checksum covers) and fix the checksum up.
  tar.fill(0, 257, 265);
  tar.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += tar[i]!;
  tar.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  expect(detectFormat(tar, 'x')).toBe('tar');
});
