/**
 * What content inspection finds about two versions of one file. Throughout, "a" is the version in
 * image A (the baseline, "old") and "b" the version in image B ("new"), as in `TreeChange`.
 */

/** A format recognised by magic bytes or file name (see `detectFormat`). */
export type DetectedFormat = 'gzip' | 'tar' | 'zip' | 'ar' | 'pyc' | 'xz' | 'zstd' | 'bzip2' | 'elf' | 'text' | 'binary';

/** What the caller passes: the two versions of one file. */
export interface InspectInput {
  /** Path or member name of the file; used for the name-based format fallback and diff headers. */
  path: string;
  /** Content in A: the whole file, or its first `INSPECT_READ_LIMIT` bytes when `truncated`. */
  a: Uint8Array;
  /** Content in B, likewise. */
  b: Uint8Array;
  /** At least one side was larger than the caller's read limit and is cut short. */
  truncated?: boolean;
  /** Full sizes of the two files when known (shown for a truncated file). */
  sizes?: [number, number];
}

/** Fields every finding has. */
interface FindingBase {
  /** One short line for humans, e.g. `gzip header differs in mtime; payload equal`. */
  summary: string;
}

/** Both versions are byte for byte equal (the file differs in metadata only). */
export interface IdenticalFinding extends FindingBase {
  format: 'identical';
}

/** Tokens present on one side only (set difference), at most `TOKEN_LIST_LIMIT` each. */
export interface TokenSets {
  a: string[];
  b: string[];
}

/** Two versions of a text file (valid UTF-8 without NUL bytes). */
export interface TextFinding extends FindingBase {
  format: 'text';
  /** Unified diff with `a/<path>` and `b/<path>` headers; `''` when it was not computed (`diffSkipped`). */
  diff: string;
  /** What was cut from the end of `diff` (a `\` note line at its end says it too), or null when whole. */
  cut: { lines: number; bytes: number } | null;
  /** Why no diff was computed (the changed region is larger than the limits). */
  diffSkipped?: string;
  /** Lines only in A and only in B, as the diff counts them (0 when skipped). */
  removedLines: number;
  addedLines: number;
  /** Date, time and epoch tokens on one side only. */
  dates: TokenSets;
  /** Random-looking tokens (hex of 16+ digits, UUIDs, base64) on one side only. */
  random: TokenSets;
  /** Every difference lies inside date, time or epoch tokens. */
  datesOnly: boolean;
  /** Every difference lies inside date or random-looking tokens, and some random token differs. */
  randomOnly: boolean;
}

/** The fields of a gzip member header (RFC 1952). */
export interface GzipHeader {
  /** MTIME, seconds since the epoch; 0 means none was stored. */
  mtime: number;
  /** FNAME, the original file name, or null. */
  name: string | null;
  /** FCOMMENT, or null. */
  comment: string | null;
  /** OS byte (3 = Unix, 255 = unknown). */
  os: number;
  /** FLG byte. */
  flags: number;
  /** XFL byte (2 = best compression, 4 = fastest). */
  extraFlags: number;
  /** FEXTRA data as hex, or null. */
  extra: string | null;
  /** Bytes before the compressed data. */
  length: number;
}

/** Header fields of gzip that can differ. */
export type GzipHeaderField = 'mtime' | 'name' | 'comment' | 'os' | 'flags' | 'extra-flags' | 'extra';

/** Two gzip files. */
export interface GzipFinding extends FindingBase {
  format: 'gzip';
  header: { a: GzipHeader; b: GzipHeader };
  /** Header fields that differ. */
  headerFields: GzipHeaderField[];
  /**
   * Whether the decompressed payloads are equal; judged by the trailers' CRC-32 and size when a
   * payload is larger than `DECOMPRESS_LIMIT`, and `unknown` when a stream is corrupt.
   */
  payload: 'equal' | 'different' | 'unknown';
  /** Decompressed sizes, or null when not decompressed. */
  payloadSizes: [number | null, number | null];
  /** The compressed data and trailer after the header are byte for byte equal. */
  compressedEqual: boolean;
  /** Only the header differs: the compressed data after it is equal. */
  headerOnly: boolean;
  /** What differs inside the payloads (a tar, a text, ...), when they differ and were inspected. */
  inner?: ContentFinding;
  /** Why the payload was not (fully) compared, or how it was judged. */
  note?: string;
}

/** What one archive member is, as far as its format records it. */
export interface MemberInfo {
  name: string;
  /** `file`, `dir`, `symlink`, `hardlink`, `char`, `block`, `fifo`, `other`. */
  type: string;
  size: number;
  mode?: number;
  uid?: number;
  gid?: number;
  /** User and group names (tar). */
  uname?: string;
  gname?: string;
  /** Modification time, seconds (fraction allowed); for zip the DOS time read as UTC. */
  mtime?: number;
  /** Access and change times (tar PAX records, zip extended-timestamp field). */
  atime?: number;
  ctime?: number;
  /** zip: the mtime of the extended-timestamp (`UT`) extra field, in seconds. */
  extraMtime?: number;
  /** Link target of symlinks and hard links. */
  link?: string;
  /** sha256 (hex) of the content, when it was read. */
  sha256?: string;
  /** zip: CRC-32 of the content and compression method; other extra fields as hex. */
  crc32?: number;
  method?: number;
  extra?: string;
}

/** Member fields that can differ. */
export type MemberField =
  | 'type'
  | 'content'
  | 'size'
  | 'link'
  | 'mode'
  | 'uid'
  | 'gid'
  | 'owner-name'
  | 'mtime'
  | 'atime'
  | 'ctime'
  | 'extra-mtime'
  | 'method'
  | 'extra';

/** Member fields that are timestamps. */
export const TIME_FIELDS: ReadonlySet<MemberField> = new Set<MemberField>(['mtime', 'atime', 'ctime', 'extra-mtime']);

/** One member present in only one archive, or in both with differing fields. */
export interface MemberDifference {
  name: string;
  change: 'added' | 'removed' | 'modified';
  /** Fields that differ (empty for added and removed). */
  fields: MemberField[];
  a?: MemberInfo;
  b?: MemberInfo;
  /** What differs inside the member's content, when it was inspected in turn. */
  inner?: ContentFinding;
}

/** How the members of two archives compare. */
export interface ArchiveComparison {
  /** Member counts of A and B. */
  members: [number, number];
  /** Differing members, in A's order then B's additions; at most `MEMBER_LIST_LIMIT`. */
  differences: MemberDifference[];
  /** Differing members left out of `differences`. */
  more: number;
  /** The members both archives hold come in a different order. */
  orderDiffers: boolean;
  /** Members differ, but only in timestamps. */
  timestampsOnly: boolean;
  /** Members are equal and only their order differs. */
  orderOnly: boolean;
}

/** Two tar archives. */
export interface TarFinding extends FindingBase, ArchiveComparison {
  format: 'tar';
}

/** Two zip (or jar) archives. */
export interface ZipFinding extends FindingBase, ArchiveComparison {
  format: 'zip';
  /** Archive comments, when they differ. */
  comment?: { a: string; b: string };
}

/** Two ar archives (static libraries, .deb packages). */
export interface ArFinding extends FindingBase, ArchiveComparison {
  format: 'ar';
  /** Both are Debian packages (first member `debian-binary`). */
  deb: boolean;
}

/** The header of a `.pyc` file. */
export interface PycHeader {
  /** The magic number (little-endian 16 bits before `\r\n`): it names the Python version. */
  magic: number;
  /** Bytes of header before the marshalled code: 16 (3.7+), 12 (3.3-3.6) or 8. */
  length: number;
  /** PEP 552 flags word (0 for timestamp-based). */
  flags: number;
  kind: 'timestamp' | 'unchecked-hash' | 'checked-hash';
  /** Source mtime (timestamp-based). */
  sourceMtime?: number;
  /** Source size modulo 2^32 (timestamp-based). */
  sourceSize?: number;
  /** SipHash of the source, hex (hash-based). */
  sourceHash?: string;
}

/** Header fields of a `.pyc` that can differ. */
export type PycHeaderField = 'magic' | 'flags' | 'source-mtime' | 'source-size' | 'source-hash';

/** Two Python bytecode files. */
export interface PycFinding extends FindingBase {
  format: 'pyc';
  header: { a: PycHeader; b: PycHeader };
  headerFields: PycHeaderField[];
  /** The marshalled code after the header is equal. */
  codeEqual: boolean;
  /** First differing offset of the code (from the file start), or null. */
  firstCodeDifference: number | null;
  /** Only the source mtime in the header differs. */
  sourceMtimeOnly: boolean;
}

/** Two files of no inspected format (or whose format could not be read). */
export interface BinaryFinding extends FindingBase {
  format: 'binary';
  sizes: [number, number];
  /** First offset where the bytes differ (the shorter length when one is a prefix of the other), or null. */
  firstDifference: number | null;
  /** Last differing offset within the common length, or null. */
  lastDifference: number | null;
  /** Differing bytes over the common length. */
  differingBytes: number;
  /** Bits per byte (0-8) of B's bytes from the first to the last difference (or its tail), or null. */
  entropy: number | null;
  /** The differing region looks random: nearly every byte differs and its entropy is near the maximum. */
  randomLooking: boolean;
  /** Read as Latin-1, the two differ only in date, time or epoch tokens. */
  datesOnly: boolean;
  /** A format that was recognised but not inspected (`xz`, `zstd`, `bzip2`, `elf`). */
  detected?: DetectedFormat;
  /** Why the content was not inspected more closely. */
  note?: string;
  /** ELF: the GNU build-id descriptor, which differs and was set aside when looking for dates (a hash over the rest of the file). */
  buildId?: { offset: number; length: number };
}

/** A file larger than the read limit: only its start was compared. */
export interface TooLargeFinding extends FindingBase {
  format: 'too-large';
  /** The format the start of the file suggests. */
  detected: DetectedFormat;
  /** The limit (bytes per side) it exceeded. */
  limit: number;
  /** Full sizes when the caller gave them, else the bytes it read. */
  sizes: [number, number];
  /** First differing offset within the bytes read, or null when the read parts are equal. */
  firstDifference: number | null;
}

/** What inspecting two versions of a file found, by format. */
export type ContentFinding =
  | IdenticalFinding
  | TextFinding
  | GzipFinding
  | TarFinding
  | ZipFinding
  | ArFinding
  | PycFinding
  | BinaryFinding
  | TooLargeFinding;

/** The format names a finding can have. */
export type FindingFormat = ContentFinding['format'];

/** Inspects the content of a member (or payload) in turn; undefined once the depth limit is reached. */
export type NestedInspector = (a: Buffer, b: Buffer, name: string) => Promise<ContentFinding | undefined>;
