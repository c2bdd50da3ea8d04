import type { Readable } from 'node:stream';
import type { FileEntry, FileTree } from '../tree/file-entry.js';
import { SharedTimes } from '../tree/shared-times.js';
import { fromJsonEntry, JsonEntryError, MANIFEST_KIND, MANIFEST_SCHEMA_VERSION } from './json-manifest.js';
import { eachByteLine, PerChunk } from './byte-lines.js';
import { ManifestFormatError } from './manifest-error.js';
import { asManifestError } from './line-limit.js';
import { asciiInShare, inShare, isWhole, READ_WHOLE, type EntrySieve, type ManifestShare, type PathShare, type ShareReading } from './path-share.js';

function checkHeader(value: unknown, name: string, line: number): void {
  const header = value as { schemaVersion?: unknown; kind?: unknown } | null;
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new ManifestFormatError(name, line, 'a JSON manifest starts with a header object');
  }
  if (header.kind !== undefined && header.kind !== MANIFEST_KIND) {
    throw new ManifestFormatError(name, line, `not a repro-check manifest (kind ${JSON.stringify(header.kind)})`);
  }
  if (header.schemaVersion !== MANIFEST_SCHEMA_VERSION) {
    throw new ManifestFormatError(name, line, `schemaVersion ${JSON.stringify(header.schemaVersion)} is not supported (this version reads ${MANIFEST_SCHEMA_VERSION})`);
  }
  // Other JSON with a schema version of 1 (a drift or build report) is no manifest: a header line
  // names its kind, and a hand-written single document carries its "entries".
  if (header.kind === undefined && !('entries' in header)) {
    throw new ManifestFormatError(name, line, `expected the manifest header {"schemaVersion":1,"kind":"${MANIFEST_KIND}"} (or a single document with "entries")`);
  }
}

/** The 1-based line of a position that JSON.parse names in its message, or 0. */
function lineOfError(text: string, error: Error): number {
  const match = /position (\d+)/.exec(error.message);
  if (!match) return 0;
  let line = 1;
  const end = Math.min(Number(match[1]), text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Fills a tree from the entry values in a share of the paths, one at a time, and reports the first
 * bad one by its line.
 */
class TreeBuilder {
  readonly tree: FileTree = new Map();
  /** Entries outside the share that carry behaviour keywords (see ManifestShare). */
  readonly verifyElsewhere: FileEntry[] = [];
  /** Entries read or passed over, in every share. */
  listed = 0;
  /** Times shared by the entries that have the same (see SharedTimes). */
  private readonly times = new SharedTimes();

  private readonly share: PathShare;
  /** Keep other shares' entries with behaviour keywords (see ManifestShare). */
  private readonly keepVerify: boolean;
  private readonly sieve: EntrySieve | undefined;

  constructor(
    private readonly name: string,
    reading: ShareReading,
  ) {
    this.share = reading.share;
    this.keepVerify = reading.verifyElsewhere ?? true;
    this.sieve = reading.sieve;
  }

  /** Adds one entry value; true when it went into the tree. */
  add(value: unknown, line: number, where: string): boolean {
    this.listed++;
    try {
      const entry = fromJsonEntry(value);
      if (!inShare(this.share, entry.path)) {
        if (this.keepVerify && entry.verify !== undefined) this.verifyElsewhere.push(entry);
        return false;
      }
      if (entry.mtime !== undefined) entry.mtime = this.times.share(entry.mtime);
      if (this.tree.has(entry.path)) throw new JsonEntryError(`${entry.path} is listed twice`);
      if (this.sieve !== undefined && this.sieve.drops(entry)) return false;
      this.tree.set(entry.path, entry);
      return true;
    } catch (error) {
      if (error instanceof JsonEntryError) throw new ManifestFormatError(this.name, line, `${where}${error.message}`);
      throw error;
    }
  }
}

/**
 * Longest line of a JSON manifest, in characters. Far above the mtree reader's limit: a
 * single-document manifest may be minified onto one line (`jq -c`), a few hundred bytes per entry
 * of a whole VM; it still stops a stream without newlines from filling the memory.
 */
const JSON_LINE_LIMIT = 256 * 1024 * 1024;

/**
 * Reads a JSON manifest (see json-manifest.ts) from a stream or string. Lines are parsed one at a
 * time; a file whose first line is not a whole JSON value is read as a single JSON document.
 * Throws ManifestFormatError naming `name` and the line.
 */
export async function readJsonManifest(source: Readable | string, name: string): Promise<FileTree> {
  return (await readJsonManifestShare(source, name, READ_WHOLE)).tree;
}

/** The start of an entry line as repro-check writes it, its path in the quotes that follow. */
const PATH_FIRST = Buffer.from('{"path":"', 'latin1');
const VERIFY_KEY = Buffer.from('"verify"', 'latin1');

/**
 * Tells which entry lines of another share can be passed over unparsed, from their bytes: the path
 * written first and plainly (ASCII, no escapes) and outside the share, and no `"verify"` in the
 * chunk (behaviour keywords are rules for paths in any share; searched once per buffer, as
 * byte-lines.ts hands each chunk's lines the chunk itself). Lines of any other shape are parsed,
 * and their entry placed by its path. Profiling (a share of 1M-entry manifests): decoding every
 * chunk and cutting it into line strings took 1.9 s of which this leaves about a third.
 */
class PassOver {
  private readonly verifyInChunk = new PerChunk((bytes) => bytes.includes(VERIFY_KEY));

  constructor(
    private readonly share: PathShare,
    private readonly keepVerify: boolean,
  ) {}

  unread(bytes: Buffer, start: number, end: number): boolean {
    let i = start;
    while (i < end && (bytes[i] === 32 || bytes[i] === 9)) i++;
    if (end - i <= PATH_FIRST.length) return false;
    for (let k = 0; k < PATH_FIRST.length; k++) if (bytes[i + k] !== PATH_FIRST[k]) return false;
    const from = i + PATH_FIRST.length;
    let to = from;
    while (to < end && bytes[to] !== 34 && bytes[to] !== 92) to++;
    if (to >= end || bytes[to] !== 34 || asciiInShare(this.share, bytes, from, to) !== false) return false;
    return !this.keepVerify || !this.verifyInChunk.of(bytes);
  }
}

/** `readJsonManifest` of the entries in one share of the paths, read as `reading` says (see path-share.ts). */
export async function readJsonManifestShare(source: Readable | string, name: string, reading: ShareReading): Promise<ManifestShare> {
  const builder = new TreeBuilder(name, reading);
  const share = reading.share;
  let mode: 'header' | 'lines' | 'document' | 'complete' = 'header';
  const document: string[] = [];
  const passOver = isWhole(share) ? undefined : new PassOver(share, reading.verifyElsewhere ?? true);
  const sieve = reading.sieve;
  const lines = reading.lines;
  await eachByteLine(source, (bytes, start, end, lineNo) => {
    if (mode === 'lines' && (passOver?.unread(bytes, start, end) === true || sieve?.sameLine?.(bytes, start, end) === true)) {
      builder.listed++;
      return;
    }
    // Decoded line by line (Node decodes ASCII-only UTF-8 natively and fast: 0.1 s for 1M lines).
    const raw = bytes.toString('utf8', start, end);
    if (mode === 'document') {
      document.push(raw);
      return;
    }
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      if (mode === 'header') {
        // Not one value per line: gather the rest and read it as one document.
        mode = 'document';
        for (let i = 1; i < lineNo; i++) document.push('');
        document.push(raw);
        return;
      }
      throw new ManifestFormatError(name, lineNo, `not valid JSON: ${(error as Error).message}`);
    }
    if (mode === 'header') {
      checkHeader(value, name, lineNo);
      mode = 'lines';
      // A whole document on its first line (`jq -c`): its entries, and nothing may follow.
      const entries = (value as { entries?: unknown }).entries;
      if (entries !== undefined) {
        if (!Array.isArray(entries)) throw new ManifestFormatError(name, lineNo, 'a single-document manifest needs an "entries" list');
        entries.forEach((entry, i) => builder.add(entry, lineNo, `entries[${i}]: `));
        mode = 'complete';
      }
      return;
    }
    if (mode === 'complete') throw new ManifestFormatError(name, lineNo, 'text after a single-document manifest');
    if (builder.add(value, lineNo, '') && lines) lines.add(bytes, start, end);
  }, JSON_LINE_LIMIT).catch((error: unknown) => {
    throw asManifestError(error, name);
  });
  if (mode === 'header') throw new ManifestFormatError(name, 0, 'the manifest is empty');
  const result = () => ({ tree: builder.tree, verifyElsewhere: builder.verifyElsewhere, listed: builder.listed });
  if (mode === 'lines' || mode === 'complete') return result();
  const text = document.join('\n');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ManifestFormatError(name, lineOfError(text, error as Error), `not valid JSON: ${(error as Error).message}`);
  }
  checkHeader(value, name, 1);
  const entries = (value as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) throw new ManifestFormatError(name, 1, 'a single-document manifest needs an "entries" list');
  entries.forEach((entry, i) => builder.add(entry, 0, `entries[${i}]: `));
  return result();
}
