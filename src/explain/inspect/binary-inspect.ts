import type { BuildIdRange } from './elf-build-id.js';
import type { BinaryFinding, DetectedFormat } from './finding.js';
import { ENTROPY_SAMPLE_LIMIT, INSPECT_READ_LIMIT } from './limits.js';
import { compareVolatile } from './volatile-tokens.js';

/** Shortest differing region whose entropy says anything about randomness. */
const MIN_RANDOM_REGION = 16;

/** Extra facts a caller knows about two binaries. */
export interface BinaryContext {
  /** A recognised format that is not inspected (`xz`, `elf`, ...). */
  detected?: DetectedFormat;
  /** Why nothing closer was done. */
  note?: string;
  /** An ELF file's GNU build-id, at the same place in both and differing: a hash of the rest, set aside when looking for dates. */
  buildId?: BuildIdRange;
}

/**
 * Compares two files byte by byte: where they start to differ, how many bytes differ over the
 * common length, and how random the differing region of B looks.
 */
export function inspectBinary(a: Uint8Array, b: Uint8Array, context: BinaryContext = {}): BinaryFinding {
  const common = Math.min(a.length, b.length);
  let first: number | null = null;
  let last: number | null = null;
  let differing = 0;
  for (let i = 0; i < common; i++) {
    if (a[i] !== b[i]) {
      differing++;
      first ??= i;
      last = i;
    }
  }
  if (first === null && a.length !== b.length) first = common;
  // The region of B that differs: from the first to the last difference, plus B's extra tail.
  const regionEnd = b.length > common ? b.length : (last ?? -1) + 1;
  const region = first === null ? b.subarray(0, 0) : b.subarray(first, Math.min(regionEnd, first + ENTROPY_SAMPLE_LIMIT));
  const entropy = region.length > 0 ? round2(entropyBits(region)) : null;
  const regionCommon = last === null || first === null || first >= common ? 0 : last - first + 1;
  const differingShare = regionCommon > 0 ? differing / regionCommon : 0;
  const randomLooking =
    entropy !== null &&
    region.length >= MIN_RANDOM_REGION &&
    differingShare >= 0.9 &&
    entropy >= 0.9 * Math.log2(Math.min(region.length, 256));
  // Random bytes cannot differ in dates alone: skip the text scan of what is plainly random, and of
  // payloads (inflated members) larger than a file the caller may pass.
  const id = context.buildId;
  const datesOnly = !randomLooking && Math.max(a.length, b.length) <= INSPECT_READ_LIMIT && (id ? datesOnlyAsText(setAside(a, id), setAside(b, id)) : datesOnlyAsText(a, b));
  const finding: BinaryFinding = {
    format: 'binary',
    summary: '',
    sizes: [a.length, b.length],
    firstDifference: first,
    lastDifference: last,
    differingBytes: differing,
    entropy,
    randomLooking,
    datesOnly,
  };
  if (context.detected !== undefined) finding.detected = context.detected;
  if (context.note !== undefined) finding.note = context.note;
  if (id) finding.buildId = id;
  finding.summary = summarise(finding, common);
  return finding;
}

function summarise(f: BinaryFinding, common: number): string {
  const parts: string[] = [];
  if (f.detected && f.detected !== 'binary') parts.push(`${f.detected} file`);
  if (f.firstDifference === null) parts.push('bytes equal');
  else parts.push(`first difference at byte ${f.firstDifference}, ${f.differingBytes} of ${common} bytes differ`);
  if (f.sizes[0] !== f.sizes[1]) parts.push(`size ${f.sizes[0]} → ${f.sizes[1]}`);
  if (f.entropy !== null) parts.push(`entropy ${f.entropy} bits/byte${f.randomLooking ? ' (looks random)' : ''}`);
  if (f.datesOnly) parts.push(f.buildId ? 'only date strings differ, and the GNU build-id (a hash over the rest)' : 'only date strings differ');
  else if (f.buildId) parts.push('the GNU build-id differs');
  if (f.note) parts.push(f.note);
  return parts.join('; ');
}

/**
 * Shannon entropy in bits per byte with the Miller-Madow correction, which offsets the estimate's
 * downward bias on short samples (256 random bytes measure about 7.2 bits uncorrected). Capped at 8.
 */
export function entropyBits(data: Uint8Array): number {
  if (data.length === 0) return 0;
  const counts = new Array<number>(256).fill(0);
  for (const byte of data) counts[byte]! += 1;
  let bits = 0;
  let seen = 0;
  for (const count of counts) {
    if (count === 0) continue;
    seen++;
    const p = count / data.length;
    bits -= p * Math.log2(p);
  }
  const corrected = bits + (seen - 1) / (2 * data.length * Math.LN2);
  return Math.min(8, corrected);
}

/** Whether the two, read as Latin-1, differ only in date tokens; false if the scan fails. */
function datesOnlyAsText(a: Uint8Array, b: Uint8Array): boolean {
  try {
    return compareVolatile(latin1(a), latin1(b)).datesOnly;
  } catch {
    return false;
  }
}

/** A copy with the build-id's bytes zeroed, the same in both versions. */
function setAside(data: Uint8Array, id: BuildIdRange): Uint8Array {
  const copy = Uint8Array.from(data);
  copy.fill(0, id.offset, Math.min(id.offset + id.length, copy.length));
  return copy;
}

function latin1(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
