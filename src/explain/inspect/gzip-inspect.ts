import { gunzipSync } from 'node:zlib';
import type { GzipFinding, GzipHeader, GzipHeaderField, NestedInspector } from './finding.js';
import { DECOMPRESS_LIMIT } from './limits.js';

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;

const OS_NAMES: Record<number, string> = { 0: 'FAT', 3: 'Unix', 7: 'Macintosh', 10: 'TOPS-20', 11: 'NTFS', 255: 'unknown' };

/** Reads the header of the first gzip member (RFC 1952). Throws when it is cut short or not gzip. */
export function parseGzipHeader(data: Uint8Array): GzipHeader {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < 10 || buf[0] !== 0x1f || buf[1] !== 0x8b) throw new Error('not a gzip stream');
  if (buf[2] !== 8) throw new Error(`unknown gzip compression method ${buf[2]}`);
  const flags = buf[3]!;
  let offset = 10;
  let extra: string | null = null;
  if (flags & FEXTRA) {
    const length = readUInt16(buf, offset);
    extra = slice(buf, offset + 2, length).toString('hex');
    offset += 2 + length;
  }
  const zeroTerminated = (): string => {
    const end = buf.indexOf(0, offset);
    if (end < 0) throw new Error('gzip header cut short');
    const text = buf.subarray(offset, end).toString('latin1');
    offset = end + 1;
    return text;
  };
  const name = flags & FNAME ? zeroTerminated() : null;
  const comment = flags & FCOMMENT ? zeroTerminated() : null;
  if (flags & FHCRC) offset += 2;
  if (offset > buf.length) throw new Error('gzip header cut short');
  return { mtime: buf.readUInt32LE(4), name, comment, os: buf[9]!, flags, extraFlags: buf[8]!, extra, length: offset };
}

/**
 * Compares two gzip files: the header fields, then the payloads. Differing payloads are inspected
 * in turn (a `.tar.gz` as a tar). Decompression stops at `DECOMPRESS_LIMIT` bytes per side; past
 * that the trailers' CRC-32 and size judge whether the payloads are equal.
 */
export async function inspectGzip(a: Uint8Array, b: Uint8Array, path: string, nested?: NestedInspector): Promise<GzipFinding> {
  const header = { a: parseGzipHeader(a), b: parseGzipHeader(b) };
  const headerFields = compareHeaders(header.a, header.b);
  // Equal deflate streams and trailers after the header mean equal payloads without inflating.
  const compressedEqual = Buffer.from(a.subarray(header.a.length)).equals(b.subarray(header.b.length));
  const payloadA = inflate(a);
  const payloadB = inflate(b);
  let payload: GzipFinding['payload'];
  let note: string | undefined;
  if (payloadA.data && payloadB.data) {
    payload = payloadA.data.equals(payloadB.data) ? 'equal' : 'different';
  } else if (payloadA.error === 'corrupt' || payloadB.error === 'corrupt') {
    payload = 'unknown';
    note = `corrupt gzip stream in ${payloadA.error === 'corrupt' ? 'A' : 'B'}: ${payloadA.message ?? payloadB.message ?? ''}`.trim();
  } else {
    const same = trailer(a).equals(trailer(b));
    payload = same ? 'equal' : 'different';
    note = `payload larger than ${DECOMPRESS_LIMIT} bytes: judged by the CRC-32 and size in the trailers`;
  }
  const finding: GzipFinding = {
    format: 'gzip',
    summary: '',
    header,
    headerFields,
    payload,
    payloadSizes: [payloadA.data?.length ?? null, payloadB.data?.length ?? null],
    compressedEqual,
    headerOnly: headerFields.length > 0 && compressedEqual,
  };
  if (payload === 'equal' && !compressedEqual) {
    note ??= 'same payload, compressed differently (another level, gzip version or implementation)';
  }
  if (note !== undefined) finding.note = note;
  if (payload === 'different' && payloadA.data && payloadB.data && nested) {
    const inner = await nested(payloadA.data, payloadB.data, innerName(path));
    if (inner) finding.inner = inner;
  }
  finding.summary = summarise(finding);
  return finding;
}

function compareHeaders(a: GzipHeader, b: GzipHeader): GzipHeaderField[] {
  const fields: GzipHeaderField[] = [];
  if (a.mtime !== b.mtime) fields.push('mtime');
  if (a.name !== b.name) fields.push('name');
  if (a.comment !== b.comment) fields.push('comment');
  if (a.os !== b.os) fields.push('os');
  if (a.flags !== b.flags) fields.push('flags');
  if (a.extraFlags !== b.extraFlags) fields.push('extra-flags');
  if (a.extra !== b.extra) fields.push('extra');
  return fields;
}

function summarise(f: GzipFinding): string {
  const show: Record<GzipHeaderField, (h: GzipHeader) => string> = {
    mtime: (h) => (h.mtime === 0 ? 'none' : new Date(h.mtime * 1000).toISOString().replace('.000Z', 'Z')),
    name: (h) => (h.name === null ? 'none' : JSON.stringify(h.name)),
    comment: (h) => (h.comment === null ? 'none' : JSON.stringify(h.comment)),
    os: (h) => OS_NAMES[h.os] ?? String(h.os),
    flags: (h) => `0x${h.flags.toString(16)}`,
    'extra-flags': (h) => String(h.extraFlags),
    extra: (h) => h.extra ?? 'none',
  };
  const header =
    f.headerFields.length === 0
      ? 'gzip header equal'
      : `gzip header differs in ${f.headerFields.map((field) => `${field} (${show[field](f.header.a)} → ${show[field](f.header.b)})`).join(', ')}`;
  const payload =
    f.payload === 'equal'
      ? 'payload equal'
      : f.payload === 'different'
        ? `payload differs${f.inner ? `: ${f.inner.summary}` : ''}`
        : 'payload not compared';
  const judged = f.payload !== 'unknown' && f.payloadSizes.includes(null) ? ' (by the CRC-32 and size in the trailers: too large to inflate)' : '';
  return `${header}; ${payload}${judged}`;
}

interface Inflated {
  data?: Buffer;
  error?: 'too-large' | 'corrupt';
  message?: string;
}

function inflate(data: Uint8Array): Inflated {
  try {
    return { data: gunzipSync(data, { maxOutputLength: DECOMPRESS_LIMIT }) };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) return { error: 'too-large' };
    return { error: 'corrupt', message: (error as Error).message };
  }
}

/** The last 8 bytes of a gzip member: CRC-32 and size modulo 2^32 of the payload. */
function trailer(data: Uint8Array): Buffer {
  return Buffer.from(data.subarray(Math.max(0, data.length - 8)));
}

/** The name the payload had: `x.tar.gz` → `x.tar`, `x.tgz` → `x.tar`, `x.svgz` → `x.svg`. */
function innerName(path: string): string {
  if (/\.tgz$/i.test(path)) return path.slice(0, -4) + '.tar';
  if (/\.svgz$/i.test(path)) return path.slice(0, -1);
  return path.replace(/\.(?:gz|z)$/i, '');
}

function readUInt16(buf: Buffer, offset: number): number {
  if (offset + 2 > buf.length) throw new Error('gzip header cut short');
  return buf.readUInt16LE(offset);
}

function slice(buf: Buffer, offset: number, length: number): Buffer {
  if (offset + length > buf.length) throw new Error('gzip header cut short');
  return buf.subarray(offset, offset + length);
}
