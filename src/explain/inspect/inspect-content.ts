/**
 * The entry of content inspection: picks an inspector by the files' format and lets archive
 * inspectors look into their members through the same dispatcher, down to `NESTED_DEPTH_LIMIT`.
 * Pure: buffers in, a finding out; it never throws for odd content (a file that is not what its
 * magic says is compared as binary, with a note).
 */
import { inspectAr } from './ar-inspect.js';
import { inspectBinary } from './binary-inspect.js';
import { detectFormat } from './detect-format.js';
import { findBuildId, type BuildIdRange } from './elf-build-id.js';
import type { ContentFinding, DetectedFormat, InspectInput, NestedInspector, TooLargeFinding } from './finding.js';
import { inspectGzip } from './gzip-inspect.js';
import { INSPECT_READ_LIMIT, NESTED_DEPTH_LIMIT } from './limits.js';
import { inspectPyc } from './pyc-inspect.js';
import { inspectTar } from './tar-inspect.js';
import { inspectText } from './text-inspect.js';
import { inspectZip } from './zip-inspect.js';

/** Formats Node cannot decompress without native modules: named, compared as binary. */
const NOT_DECODED: Partial<Record<DetectedFormat, string>> = {
  xz: 'xz-compressed: not inspected (Node has no xz decoder)',
  zstd: 'zstd-compressed: not inspected (Node 20 has no zstd decoder)',
  bzip2: 'bzip2-compressed: not inspected (Node has no bzip2 decoder)',
};

/**
 * Inspects two versions of one file and says what differs inside. A side longer than
 * `INSPECT_READ_LIMIT`, or `truncated: true`, gives a `too-large` finding that compares only the
 * bytes read.
 */
export async function inspectContent(input: InspectInput): Promise<ContentFinding> {
  const { a, b, path } = input;
  if (input.truncated || a.length > INSPECT_READ_LIMIT || b.length > INSPECT_READ_LIMIT) return tooLarge(input);
  return inspectAt(toBuffer(a), toBuffer(b), path, 0);
}

async function inspectAt(a: Buffer, b: Buffer, path: string, depth: number): Promise<ContentFinding> {
  if (a.equals(b)) return { format: 'identical', summary: 'content equal' };
  const formatA = detectFormat(a, path);
  const formatB = detectFormat(b, path);
  if (formatA !== formatB) {
    return inspectBinary(a, b, { note: `formats differ: ${formatA} in A, ${formatB} in B` });
  }
  const nested: NestedInspector | undefined =
    depth + 1 < NESTED_DEPTH_LIMIT ? (na, nb, name) => inspectAt(na, nb, name, depth + 1) : undefined;
  try {
    switch (formatA) {
      case 'text':
        return inspectText(a, b, path);
      case 'gzip':
        return await inspectGzip(a, b, path, nested);
      case 'tar':
        return await inspectTar(a, b, nested);
      case 'zip':
        return await inspectZip(a, b, nested);
      case 'ar':
        return await inspectAr(a, b, nested);
      case 'pyc':
        return inspectPyc(a, b);
      case 'xz':
      case 'zstd':
      case 'bzip2':
        return inspectBinary(a, b, { detected: formatA, note: NOT_DECODED[formatA] ?? 'not inspected' });
      case 'elf':
        return inspectBinary(a, b, { detected: 'elf', buildId: differingBuildId(a, b) });
      case 'binary':
        return inspectBinary(a, b);
    }
  } catch (error) {
    return inspectBinary(a, b, { detected: formatA, note: `not readable as ${formatA}: ${(error as Error).message}` });
  }
}

function tooLarge(input: InspectInput): TooLargeFinding {
  const a = input.a.subarray(0, INSPECT_READ_LIMIT);
  const b = input.b.subarray(0, INSPECT_READ_LIMIT);
  let first: number | null = null;
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    if (a[i] !== b[i]) {
      first = i;
      break;
    }
  }
  if (first === null && a.length !== b.length) first = common;
  const sizes = input.sizes ?? [input.a.length, input.b.length];
  const detected = detectFormat(b, input.path);
  const where = first === null ? `the first ${common} bytes are equal` : `first difference at byte ${first}`;
  return {
    format: 'too-large',
    summary: `larger than the ${INSPECT_READ_LIMIT}-byte inspect limit (${sizes[0]} and ${sizes[1]} bytes, ${detected}): not inspected; ${where}`,
    detected,
    limit: INSPECT_READ_LIMIT,
    sizes,
    firstDifference: first,
  };
}

function toBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** The GNU build-id when both versions have it at the same place and it differs. */
function differingBuildId(a: Uint8Array, b: Uint8Array): BuildIdRange | undefined {
  const idA = findBuildId(a);
  const idB = findBuildId(b);
  if (!idA || !idB || idA.offset !== idB.offset || idA.length !== idB.length) return undefined;
  const end = idA.offset + idA.length;
  return Buffer.compare(a.subarray(idA.offset, end), b.subarray(idA.offset, end)) === 0 ? undefined : idA;
}
