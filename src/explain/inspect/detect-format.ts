import { isUtf8 } from 'node:buffer';
import type { DetectedFormat } from './finding.js';

const startsWith = (data: Uint8Array, bytes: readonly number[], offset = 0): boolean =>
  data.length >= offset + bytes.length && bytes.every((byte, i) => data[offset + i] === byte);

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const GZIP = [0x1f, 0x8b];
const ZIP_LOCAL = ascii('PK\x03\x04');
const ZIP_EMPTY = ascii('PK\x05\x06');
const AR = ascii('!<arch>\n');
const XZ = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const ELF = [0x7f, 0x45, 0x4c, 0x46];
const USTAR = ascii('ustar');

/**
 * The format of a file: by magic bytes first, then by name (`.pyc`, whose magic number changes
 * with every Python version; `.tar` for old archives without the `ustar` magic), then text
 * (valid UTF-8 without NUL bytes, the empty file included) or binary.
 */
export function detectFormat(data: Uint8Array, name: string): DetectedFormat {
  if (startsWith(data, GZIP)) return 'gzip';
  if (startsWith(data, ZIP_LOCAL) || startsWith(data, ZIP_EMPTY)) return 'zip';
  if (startsWith(data, AR)) return 'ar';
  if (startsWith(data, XZ)) return 'xz';
  if (startsWith(data, ZSTD)) return 'zstd';
  if (startsWith(data, ascii('BZh')) && data.length > 3 && data[3]! >= 0x31 && data[3]! <= 0x39) return 'bzip2';
  if (startsWith(data, ELF)) return 'elf';
  if (startsWith(data, USTAR, 257) || (data.length >= 512 && tarChecksumValid(data))) return 'tar';
  const lower = name.toLowerCase();
  if (lower.endsWith('.pyc') && data.length >= 8 && data[2] === 0x0d && data[3] === 0x0a) return 'pyc';
  if (lower.endsWith('.tar') && data.length % 512 === 0 && data.length > 0 && data.every((byte) => byte === 0)) return 'tar';
  if (!data.includes(0) && isUtf8(data)) return 'text';
  return 'binary';
}

/**
 * Whether the first 512 bytes are a tar header with a valid checksum (pre-POSIX archives have no
 * magic). The checksum is the byte sum with the checksum field itself counted as spaces.
 */
function tarChecksumValid(data: Uint8Array): boolean {
  const field = Buffer.from(data.subarray(148, 156)).toString('latin1').replace(/\0.*$/s, '').trim();
  if (!/^[0-7]+$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : data[i]!;
  return sum === parseInt(field, 8) && data[0] !== 0;
}
