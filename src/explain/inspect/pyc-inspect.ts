import type { PycFinding, PycHeader, PycHeaderField } from './finding.js';

/** Magic numbers from Python 3.7a4 on have the 16-byte header of PEP 552. */
const PEP552_MAGIC = 3392;
/** Python 3.3 added the source size (12-byte header). */
const SOURCE_SIZE_MAGIC = 3210;
/** Python 2 magic numbers are above this (2.7 is 62211); their header is 8 bytes. */
const PYTHON2_MAGIC = 20000;

/** Reads a `.pyc` header. Throws when the file is shorter than its header. */
export function parsePycHeader(data: Uint8Array): PycHeader {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < 8 || buf[2] !== 0x0d || buf[3] !== 0x0a) throw new Error('not a .pyc file');
  const magic = buf.readUInt16LE(0);
  if (magic >= PEP552_MAGIC && magic < PYTHON2_MAGIC) {
    if (buf.length < 16) throw new Error('.pyc header cut short');
    const flags = buf.readUInt32LE(4);
    if (flags & 1) {
      return { magic, length: 16, flags, kind: flags & 2 ? 'checked-hash' : 'unchecked-hash', sourceHash: buf.subarray(8, 16).toString('hex') };
    }
    return { magic, length: 16, flags, kind: 'timestamp', sourceMtime: buf.readUInt32LE(8), sourceSize: buf.readUInt32LE(12) };
  }
  if (magic >= SOURCE_SIZE_MAGIC && magic < PYTHON2_MAGIC) {
    if (buf.length < 12) throw new Error('.pyc header cut short');
    return { magic, length: 12, flags: 0, kind: 'timestamp', sourceMtime: buf.readUInt32LE(4), sourceSize: buf.readUInt32LE(8) };
  }
  return { magic, length: 8, flags: 0, kind: 'timestamp', sourceMtime: buf.readUInt32LE(4) };
}

/**
 * Compares two Python bytecode files: the header (magic, flags, source mtime and size, or source
 * hash) apart from the marshalled code after it.
 */
export function inspectPyc(a: Uint8Array, b: Uint8Array): PycFinding {
  const header = { a: parsePycHeader(a), b: parsePycHeader(b) };
  const headerFields: PycHeaderField[] = [];
  if (header.a.magic !== header.b.magic) headerFields.push('magic');
  if (header.a.flags !== header.b.flags) headerFields.push('flags');
  if (header.a.sourceMtime !== header.b.sourceMtime) headerFields.push('source-mtime');
  if (header.a.sourceSize !== header.b.sourceSize) headerFields.push('source-size');
  if (header.a.sourceHash !== header.b.sourceHash) headerFields.push('source-hash');
  const codeA = a.subarray(header.a.length);
  const codeB = b.subarray(header.b.length);
  let firstCodeDifference: number | null = null;
  const common = Math.min(codeA.length, codeB.length);
  for (let i = 0; i < common; i++) {
    if (codeA[i] !== codeB[i]) {
      firstCodeDifference = header.a.length + i;
      break;
    }
  }
  if (firstCodeDifference === null && codeA.length !== codeB.length) firstCodeDifference = header.a.length + common;
  const codeEqual = firstCodeDifference === null;
  const sourceMtimeOnly = codeEqual && headerFields.length === 1 && headerFields[0] === 'source-mtime';
  const finding: PycFinding = { format: 'pyc', summary: '', header, headerFields, codeEqual, firstCodeDifference, sourceMtimeOnly };
  finding.summary = summarise(finding);
  return finding;
}

function summarise(f: PycFinding): string {
  const time = (s: number | undefined) => (s === undefined ? '?' : new Date(s * 1000).toISOString().replace('.000Z', 'Z'));
  const parts = f.headerFields.map((field) => {
    if (field === 'source-mtime') return `source mtime ${time(f.header.a.sourceMtime)} → ${time(f.header.b.sourceMtime)}`;
    if (field === 'source-size') return `source size ${f.header.a.sourceSize} → ${f.header.b.sourceSize}`;
    if (field === 'flags') return `flags ${f.header.a.kind} → ${f.header.b.kind}`;
    if (field === 'magic') return `magic ${f.header.a.magic} → ${f.header.b.magic} (another Python version)`;
    return 'source hash differs';
  });
  const header = parts.length === 0 ? '.pyc header equal' : `.pyc header differs: ${parts.join(', ')}`;
  const code = f.codeEqual ? 'code equal' : `code differs from byte ${f.firstCodeDifference}`;
  return `${header}; ${code}`;
}
