/**
 * Reads the members of a zip (or jar) archive held in memory: the central directory for the list
 * and order, each local header for its own extra fields (Info-ZIP writes the access time only
 * there), and the data, inflated when it is stored or deflated. Zip64 and multi-disk archives are
 * not read (an archive within the inspect limit rarely needs them).
 */
import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import type { Member } from './archive-members.js';
import type { MemberInfo } from './finding.js';
import { DECOMPRESS_LIMIT, MEMBER_KEEP_LIMIT } from './limits.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Extra field ids: extended timestamp, Info-ZIP Unix uid/gid (new and old), NTFS times. */
const EXTENDED_TIMESTAMP = 0x5455;
const UNIX_NEW = 0x7875;
const UNIX_OLD = 0x5855;
const NTFS = 0x000a;
/** `version made by` high byte of Unix: the high 16 bits of the external attributes are st_mode. */
const MADE_BY_UNIX = 3;

/** A zip archive's members (in central-directory order) and its comment. */
export interface ZipContents {
  members: Member[];
  comment: string;
}

/** Reads a zip archive. Throws on a malformed or unsupported (zip64, multi-disk) archive. */
export function readZip(data: Uint8Array): ZipContents {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const eocd = findEndOfCentralDirectory(buf);
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  const commentLength = buf.readUInt16LE(eocd + 20);
  if (buf.readUInt16LE(eocd + 4) !== 0 || buf.readUInt16LE(eocd + 6) !== 0) throw new Error('multi-disk zip archives are not inspected');
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw new Error('zip64 archives are not inspected');
  const comment = buf.subarray(eocd + 22, eocd + 22 + commentLength).toString('latin1');
  const members: Member[] = [];
  let budget = DECOMPRESS_LIMIT;
  let offset = cdOffset;
  for (let i = 0; i < count; i++) {
    need(buf, offset, 46);
    if (buf.readUInt32LE(offset) !== CENTRAL) throw new Error(`bad central directory entry at ${offset}`);
    const madeBy = buf.readUInt16LE(offset + 4);
    const flags = buf.readUInt16LE(offset + 8);
    const method = buf.readUInt16LE(offset + 10);
    const dosTime = buf.readUInt16LE(offset + 12);
    const dosDate = buf.readUInt16LE(offset + 14);
    const crc32 = buf.readUInt32LE(offset + 16);
    const compressedSize = buf.readUInt32LE(offset + 20);
    const size = buf.readUInt32LE(offset + 24);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const entryCommentLength = buf.readUInt16LE(offset + 32);
    const external = buf.readUInt32LE(offset + 38);
    const localOffset = buf.readUInt32LE(offset + 42);
    need(buf, offset + 46, nameLength + extraLength + entryCommentLength);
    // Bit 11: the name is UTF-8; otherwise CP437, which Latin-1 reads alike for ASCII names.
    const name = buf.subarray(offset + 46, offset + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    const centralExtra = buf.subarray(offset + 46 + nameLength, offset + 46 + nameLength + extraLength);
    offset += 46 + nameLength + extraLength + entryCommentLength;

    need(buf, localOffset, 30);
    if (buf.readUInt32LE(localOffset) !== LOCAL) throw new Error(`bad local header of ${name}`);
    const localNameLength = buf.readUInt16LE(localOffset + 26);
    const localExtraLength = buf.readUInt16LE(localOffset + 28);
    const dataStart = localOffset + 30 + localNameLength + localExtraLength;
    need(buf, dataStart, compressedSize);
    const localExtra = buf.subarray(localOffset + 30 + localNameLength, dataStart);
    const compressed = buf.subarray(dataStart, dataStart + compressedSize);

    const info: MemberInfo = { name, type: name.endsWith('/') ? 'dir' : 'file', size, mtime: dosSeconds(dosDate, dosTime), crc32, method };
    if (madeBy >> 8 === MADE_BY_UNIX && external >>> 16 !== 0) {
      const mode = external >>> 16;
      info.mode = mode & 0o7777;
      if ((mode & 0o170000) === 0o120000) info.type = 'symlink';
    }
    applyExtra(info, parseExtra(centralExtra), parseExtra(localExtra));

    const member: Member = { info };
    if (!(flags & 1) && (method === 0 || method === 8) && size <= budget) {
      const content = method === 0 ? Buffer.from(compressed) : inflate(compressed, size);
      if (content) {
        budget -= content.length;
        info.sha256 = createHash('sha256').update(content).digest('hex');
        if (info.type === 'symlink') info.link = content.toString('utf8');
        if (content.length <= MEMBER_KEEP_LIMIT) member.data = content;
      }
    }
    members.push(member);
  }
  return { members, comment };
}

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535: search backwards from the end.
  const lowest = Math.max(0, buf.length - 22 - 0xffff);
  for (let offset = buf.length - 22; offset >= lowest; offset--) {
    if (buf.readUInt32LE(offset) === EOCD && offset + 22 + buf.readUInt16LE(offset + 20) === buf.length) return offset;
  }
  throw new Error('no zip end-of-central-directory record');
}

/** A DOS date and time (local time of the machine that zipped, 2-second steps) read as UTC. */
export function dosSeconds(date: number, time: number): number {
  const year = 1980 + (date >> 9);
  const month = ((date >> 5) & 0xf) - 1;
  const day = date & 0x1f;
  return Date.UTC(year, month, day, time >> 11, (time >> 5) & 0x3f, (time & 0x1f) * 2) / 1000;
}

/** Extra fields by id. */
function parseExtra(extra: Buffer): Map<number, Buffer> {
  const fields = new Map<number, Buffer>();
  let offset = 0;
  while (offset + 4 <= extra.length) {
    const id = extra.readUInt16LE(offset);
    const length = extra.readUInt16LE(offset + 2);
    fields.set(id, extra.subarray(offset + 4, Math.min(extra.length, offset + 4 + length)));
    offset += 4 + length;
  }
  return fields;
}

/**
 * Takes times, owner and the rest from the extra fields. The local header's extended timestamp
 * holds more (access and change times) than the central one, so it is read first.
 */
function applyExtra(info: MemberInfo, central: Map<number, Buffer>, local: Map<number, Buffer>): void {
  const ut = local.get(EXTENDED_TIMESTAMP) ?? central.get(EXTENDED_TIMESTAMP);
  if (ut && ut.length >= 1) {
    const flags = ut[0]!;
    let at = 1;
    const next = (bit: number): number | undefined => {
      if (!(flags & bit) || at + 4 > ut.length) return undefined;
      const value = ut.readInt32LE(at);
      at += 4;
      return value;
    };
    const mtime = next(1);
    const atime = next(2);
    const ctime = next(4);
    if (mtime !== undefined) info.extraMtime = mtime;
    if (atime !== undefined) info.atime = atime;
    if (ctime !== undefined) info.ctime = ctime;
  }
  const ntfs = central.get(NTFS) ?? local.get(NTFS);
  if (ntfs && info.extraMtime === undefined) {
    // Reserved (4), then tag 1 of size 24: mtime, atime, ctime in 100 ns units since 1601.
    if (ntfs.length >= 32 && ntfs.readUInt16LE(4) === 1) {
      const toUnix = (at: number) => Number(ntfs.readBigUInt64LE(at) / 10_000_000n) - 11_644_473_600;
      info.extraMtime = toUnix(8);
      info.atime = toUnix(16);
      info.ctime = toUnix(24);
    }
  }
  const ux = central.get(UNIX_NEW) ?? local.get(UNIX_NEW);
  if (ux && ux.length >= 3 && ux[0] === 1) {
    const uidSize = ux[1]!;
    const gidSizeAt = 2 + uidSize;
    if (ux.length >= gidSizeAt + 1) {
      const gidSize = ux[gidSizeAt]!;
      if (uidSize <= 6 && gidSize <= 6 && ux.length >= gidSizeAt + 1 + gidSize) {
        info.uid = uidSize === 0 ? 0 : ux.readUIntLE(2, uidSize);
        info.gid = gidSize === 0 ? 0 : ux.readUIntLE(gidSizeAt + 1, gidSize);
      }
    }
  }
  const old = local.get(UNIX_OLD) ?? central.get(UNIX_OLD);
  if (old && old.length >= 8) {
    info.atime ??= old.readInt32LE(0);
    info.extraMtime ??= old.readInt32LE(4);
    if (old.length >= 12 && info.uid === undefined) {
      info.uid = old.readUInt16LE(8);
      info.gid = old.readUInt16LE(10);
    }
  }
  const known = new Set([EXTENDED_TIMESTAMP, UNIX_NEW, UNIX_OLD, NTFS]);
  const others = [...central].filter(([id]) => !known.has(id)).map(([id, value]) => `${id.toString(16).padStart(4, '0')}:${value.toString('hex')}`);
  if (others.length > 0) info.extra = others.join(' ');
}

function inflate(compressed: Buffer, size: number): Buffer | undefined {
  try {
    return inflateRawSync(compressed, { maxOutputLength: Math.max(1, size) });
  } catch {
    return undefined;
  }
}

function need(buf: Buffer, offset: number, length: number): void {
  if (offset < 0 || offset + length > buf.length) throw new Error('zip archive cut short');
}
