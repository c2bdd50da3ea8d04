// One file: mtree's line state machine (current directory, /set defaults, continued lines, shares), whose state every line reads and changes.
/**
 * Reads mtree(5) manifests into the file-tree model.
 *
 * Hand-written because no maintained JavaScript mtree reader exists: on npm, `mtree` is a Merkle
 * tree library, `node-mtree` and `mtree-parser` do not exist, and the registry's package list has
 * nothing else by that name (checked with `npm view` and a search of the package list). libarchive
 * (bsdtar) and go-mtree are the references this follows.
 *
 * Both forms are read, and may be mixed, as libarchive reads them:
 * - full paths (a `/` after the first character, as bsdtar's `--format=mtree` writes `./etc/x`)
 *   are relative to the root and do not change the current directory;
 * - relative names (mtree-classic, go-mtree) are inside the current directory; a `type=dir`
 *   entry enters its directory and `..` leaves it.
 * One deliberate difference: a file with no `..` line at all is taken as a full-path listing, so
 * every relative name sits at the root. casync writes such files (`.git type=dir` followed by
 * top-level names) and means them flat; libarchive would nest everything below the last directory.
 *
 * `/set` and `/unset` keep defaults; a trailing `\` continues a line; `#` starts a comment; names
 * are decoded from octal escapes after splitting on white space. A path listed twice is merged,
 * later keywords winning (libarchive merges duplicates too).
 */
import type { Readable } from 'node:stream';
import { normalisePath, type FileEntry, type FileTree } from '../tree/file-entry.js';
import { eachByteLine, eachByteLineOf, PerChunk } from './byte-lines.js';
import { ManifestFormatError } from './manifest-error.js';
import { asManifestError, LINE_LIMIT, lineTooLong } from './line-limit.js';
import { decodeMtreeToken } from './mtree-escape.js';
import { KeywordReader, splitKeyword } from './mtree-keywords.js';
import { KeywordError } from './mtree-values.js';
import { cleanFullPath, countSlashes, fastNormalise, fullPathName, nameInShare } from './mtree-names.js';
import { isSignature, knownKeyword, lineHasKnownKeyword, NOT_AN_ENTRY } from './mtree-signature.js';
import { LineTokens } from './mtree-tokens.js';
import type { LineArena } from './line-arena.js';
import { asciiInShare, inShare, isWhole, READ_WHOLE, type EntrySieve, type ManifestShare, type PathShare, type ShareReading } from './path-share.js';

/**
 * The line-by-line state machine; `readMtree` and `parseMtree` feed it the bytes of each line.
 * Lines are read as bytes and only names and rare keyword values become text (see byte-lines.ts).
 */
class MtreeParser {
  private readonly tree: FileTree = new Map();
  /** Entries outside the share that carry behaviour keywords (see ManifestShare). */
  private readonly verifyElsewhere: FileEntry[] = [];
  private readonly defaults = new Map<string, string | undefined>();
  /** Whether a `/set` default is a bare keyword (a behaviour keyword such as `ignore`, or unknown). */
  private bareDefault = false;
  /** Entry lines read, in every share. */
  private listed = 0;
  /** Whether a chunk holds a behaviour keyword (see `mayVerify`). */
  private readonly verifyInChunk = new PerChunk(hasVerifyWord);
  /** Directories entered by relative `type=dir` entries, innermost last. */
  private readonly dirs: string[] = [];
  private sawDotDot = false;
  /** Whether line 1 is the `#mtree` signature; without it every entry line must look like one. */
  private signed = false;
  /** Whether a `/set` default in force is a known keyword (see mtree-signature.ts). */
  private knownDefault = false;
  /** Relative entries placed inside a directory before any `..`: the form is not known yet. */
  private pending: { entry: FileEntry; flat: string }[] = [];
  /** A logical line being joined from continued physical lines, and where it started. */
  private held = Buffer.alloc(0);
  private heldLength = 0;
  private heldLine = 0;
  private readonly tokens = new LineTokens();
  private readonly keywords = new KeywordReader();

  private readonly share: PathShare;
  private readonly whole: boolean;
  /** Keep other shares' entries with behaviour keywords (see ManifestShare). */
  private readonly keepVerify: boolean;
  private readonly sieve: EntrySieve | undefined;
  /** Keeps the line of each entry that enters the tree (see LineArena). */
  private readonly lines: LineArena | undefined;
  /** The `/set` defaults as text, which an entry's line depends on; undefined when there are none. */
  private defaultsKey: string | undefined;
  /** The logical line being read into an entry, for `lines`; unset for deferred entries. */
  private lineBytes: Buffer | undefined;
  private lineStart = 0;
  private lineEnd = 0;

  constructor(
    private readonly name: string,
    reading: ShareReading,
  ) {
    this.share = reading.share;
    this.whole = isWhole(reading.share);
    this.keepVerify = reading.verifyElsewhere ?? true;
    this.sieve = reading.sieve;
    this.lines = reading.lines;
  }

  /** Takes one physical line: `bytes[start, end)`, without its newline. */
  line(bytes: Buffer, start: number, end: number, lineNo: number): void {
    if (end > start && bytes[end - 1] === 13) end--;
    if (lineNo === 1) this.signed = isSignature(bytes, start, end);
    if (this.heldLength === 0) this.heldLine = lineNo;
    if (continues(bytes, start, end)) {
      this.hold(bytes, start, end - 1);
      this.hold(SPACE, 0, 1);
      return;
    }
    if (this.heldLength > 0) {
      this.hold(bytes, start, end);
      const length = this.heldLength;
      this.heldLength = 0;
      return this.logical(this.held, 0, length, this.heldLine);
    }
    if (!this.whole && this.passOver(bytes, start, end)) return;
    // A line byte for byte the baseline's (a full path, so where it is read does not matter) is
    // left out unparsed, the sieve's walk moving past the baseline's entry.
    if (this.sieve?.sameLine !== undefined && fullPathName(bytes, start, end) && this.sieve.sameLine(bytes, start, end, this.defaultsKey)) {
      this.listed++;
      return;
    }
    this.logical(bytes, start, end, lineNo);
  }

  /**
   * Whether a line is a plain entry of another share (see path-share.ts), found from its name
   * alone (`nameInShare`) when no behaviour keyword is in its chunk (see `mayVerify`). Such lines,
   * most of a share reader's, are counted and passed over without splitting them into words
   * (profiling: splitting every line was most of what a reader of one share in eight spent).
   */
  private passOver(bytes: Buffer, start: number, end: number): boolean {
    if (nameInShare(this.share, bytes, start, end) !== false || this.mayVerify(bytes)) return false;
    this.listed++;
    return true;
  }

  /**
   * Whether lines in `bytes` may carry behaviour keywords: a bare `/set` default, or one of them as
   * a word of its own anywhere in the buffer. Found once per buffer (a chunk of the stream, searched
   * natively), as nearly no manifest has any; a buffer that does leaves each of its lines to
   * `elsewhere`.
   */
  private mayVerify(bytes: Buffer): boolean {
    if (!this.keepVerify) return false;
    return this.bareDefault || this.verifyInChunk.of(bytes);
  }

  finish(): ManifestShare {
    if (this.heldLength > 0) this.logical(this.held, 0, this.heldLength, this.heldLine);
    this.heldLength = 0;
    // No `..` anywhere: a full-path listing (see the file comment), so relative names sit at the root.
    for (const { entry, flat } of this.pending) this.place({ ...entry, path: flat });
    this.pending = [];
    return { tree: this.tree, verifyElsewhere: this.verifyElsewhere, listed: this.listed };
  }

  private hold(bytes: Buffer, start: number, end: number): void {
    const needed = this.heldLength + end - start;
    // Continued lines are joined: the joined line has the same limit as one line.
    if (needed > LINE_LIMIT) this.fail(this.heldLine, lineTooLong());
    if (needed > this.held.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.held.length * 2, 256));
      this.held.copy(grown, 0, 0, this.heldLength);
      this.held = grown;
    }
    bytes.copy(this.held, this.heldLength, start, end);
    this.heldLength = needed;
  }

  private fail(lineNo: number, problem: string): never {
    throw new ManifestFormatError(this.name, lineNo, problem);
  }

  private logical(bytes: Buffer, start: number, end: number, lineNo: number): void {
    const tokens = this.tokens;
    tokens.split(bytes, start, end);
    if (tokens.count === 0) return;
    if (bytes[tokens.starts[0]!] === 47) return this.command(tokens.words(0), lineNo);
    if (tokens.is(0, '..')) {
      if (tokens.count > 1) this.fail(lineNo, '`..` takes no keywords');
      if (this.dirs.length === 0) this.fail(lineNo, '`..` leaves a directory that was never entered');
      this.dirs.pop();
      if (!this.sawDotDot) {
        this.sawDotDot = true;
        for (const { entry } of this.pending) this.place(entry);
        this.pending = [];
      }
      return;
    }
    this.lineBytes = bytes;
    this.lineStart = start;
    this.lineEnd = end;
    this.entry(tokens, lineNo);
    this.lineBytes = undefined;
  }

  private command(words: string[], lineNo: number): void {
    const first = words[0]!;
    if (first === '/set') {
      for (const token of words.slice(1)) {
        const [key, value] = splitKeyword(token);
        this.defaults.set(key, value);
      }
    } else if (first === '/unset') {
      for (const token of words.slice(1)) {
        if (token === 'all') this.defaults.clear();
        else this.defaults.delete(splitKeyword(token)[0]);
      }
    } else {
      this.fail(lineNo, `unknown command ${first} (expected /set or /unset)`);
    }
    this.bareDefault = [...this.defaults.values()].some((value) => value === undefined);
    this.knownDefault = [...this.defaults.keys()].some(knownKeyword);
    this.defaultsKey = this.defaults.size === 0 ? undefined : JSON.stringify([...this.defaults]);
  }

  private entry(tokens: LineTokens, lineNo: number): void {
    this.listed++;
    // Checked by whichever share reads the line (every line reaches `entry` in one of them).
    if (!this.signed && !this.knownDefault && !lineHasKnownKeyword(tokens, 1)) this.fail(lineNo, NOT_AN_ENTRY);
    const bytes = tokens.bytes;
    const start = tokens.starts[0]!;
    const end = tokens.ends[0]!;
    // bsdtar's names (`./etc/x`: nothing escaped, nothing to normalise) are nearly every name of a
    // big manifest; their path is their text without the dot, made straight from the bytes.
    if (cleanFullPath(bytes, start, end)) {
      // Another reader's line is passed over without even making its path (most lines, in a share).
      const mine = asciiInShare(this.share, bytes, start + 1, end);
      if (mine === false && !(this.keepVerify && this.hasBareWord(tokens))) return;
      const path = tokens.text(start + 1, end);
      if (mine === true || (mine === undefined && inShare(this.share, path))) return this.insert(this.build(path, tokens, lineNo));
      return this.elsewhere(path, tokens, lineNo);
    }
    const raw = tokens.word(0);
    const name = decodeMtreeToken(raw);
    if (name === null) this.fail(lineNo, `malformed escape in name ${raw}`);
    if (name !== raw && countSlashes(name) !== countSlashes(raw)) this.fail(lineNo, `escaped / in name ${raw}`);
    const full = raw.includes('/');
    const cwd = this.dirs.length > 0 ? this.dirs[this.dirs.length - 1]! : '/';
    const flat = fastNormalise(name);
    const path = full ? flat : normalisePath(cwd === '/' ? name : cwd + '/' + name);
    if (path === null || flat === null) this.fail(lineNo, `name ${raw} climbs above the root`);
    // Where a relative entry belongs is known only once a `..` shows the form (see `pending`).
    const placed = full || this.sawDotDot || path === flat;
    if (placed && !inShare(this.share, path)) {
      if (!full && this.keywords.isDir(this.defaults, tokens, 1)) this.dirs.push(path);
      return this.elsewhere(path, tokens, lineNo);
    }
    const entry = this.build(path, tokens, lineNo);
    if (full) return this.insert(entry);
    if (entry.type === 'dir') this.dirs.push(path);
    if (!placed) this.pending.push({ entry, flat });
    else this.insert(entry);
  }

  /**
   * A line whose path lies outside the share: another reader checks and keeps it. Only its
   * behaviour keywords matter here (see ManifestShare).
   */
  private elsewhere(path: string, tokens: LineTokens, lineNo: number): void {
    if (!this.keepVerify || !this.hasBareWord(tokens)) return;
    const entry = this.build(path, tokens, lineNo);
    if (entry.verify !== undefined) this.verifyElsewhere.push(entry);
  }

  /** Whether a line may carry behaviour keywords: they are bare words, on the line or in `/set`. */
  private hasBareWord(tokens: LineTokens): boolean {
    if (this.bareDefault) return true;
    for (let i = 1; i < tokens.count; i++) if (tokens.equals[i] === tokens.ends[i]) return true;
    return false;
  }

  /** Inserts an entry in the share, or passes it to `elsewhere`'s list. */
  private place(entry: FileEntry): void {
    if (inShare(this.share, entry.path)) this.insert(entry);
    else if (this.keepVerify && entry.verify !== undefined) this.verifyElsewhere.push(entry);
  }

  /** The entry at `path` from the keywords of the line (its words after the name). */
  private build(path: string, tokens: LineTokens, lineNo: number): FileEntry {
    try {
      return this.keywords.entry(path, this.defaults, tokens, 1);
    } catch (error) {
      if (error instanceof KeywordError) this.fail(lineNo, `${tokens.word(0)}: ${error.message}`);
      throw error;
    }
  }

  private insert(entry: FileEntry): void {
    // One hash lookup in the common case: set, and merge only if the path was there already.
    const existing = this.tree.get(entry.path);
    if (existing !== undefined) {
      this.tree.set(entry.path, { ...existing, ...entry });
      // The merged entry is no longer what its first line says.
      if (this.lines) this.lines.valid = false;
      return;
    }
    if (this.sieve !== undefined && this.sieve.drops(entry)) return;
    this.tree.set(entry.path, entry);
    if (this.lines === undefined) return;
    if (this.lineBytes === undefined) this.lines.addBlank();
    else this.lines.add(this.lineBytes, this.lineStart, this.lineEnd, this.defaultsKey);
  }
}

const SPACE = Buffer.from(' ');

/**
 * mtree's behaviour keywords (see VerifyFlag) as words of their own: after a space or tab, before
 * white space or the end. Names are escaped (a space is `\040`), so `.gitignore` and `optional.py`,
 * common in real trees, are not taken for keywords.
 */
const VERIFY_WORD = /[ \t](?:ignore|optional|nochange)(?=[ \t\r\n]|$)/;
const SEARCH_SLICE = 64 * 1024;

/**
 * Whether `bytes` holds a behaviour keyword. Searched as Latin-1 text in slices that overlap by
 * more than a keyword (a slice's end passes for the end of a word, which only costs a false
 * alarm). Profiling (185 MB manifest): 65 ms, against 137 ms for three `Buffer.indexOf` and 135 ms
 * or more for the regular expression on 1 MiB strings, which the collector then has to move.
 */
function hasVerifyWord(bytes: Buffer): boolean {
  for (let from = 0; from < bytes.length; from += SEARCH_SLICE) {
    if (VERIFY_WORD.test(bytes.toString('latin1', from, Math.min(bytes.length, from + SEARCH_SLICE + 16)))) return true;
  }
  return false;
}

/** Whether a line ends in an unescaped backslash (an odd number of them). */
function continues(bytes: Buffer, start: number, end: number): boolean {
  let count = 0;
  for (let i = end - 1; i >= start && bytes[i] === 92; i--) count++;
  return count % 2 === 1;
}

/**
 * Reads an mtree manifest from a stream (or a string) into a file tree. `name` is the file name
 * used in errors. Throws ManifestFormatError with the 1-based line of the first problem.
 */
export async function readMtree(source: Readable | string, name: string): Promise<FileTree> {
  return (await readMtreeShare(source, name, READ_WHOLE)).tree;
}

/** `readMtree` of the entries in one share of the paths, read as `reading` says (see path-share.ts). */
export async function readMtreeShare(source: Readable | string, name: string, reading: ShareReading): Promise<ManifestShare> {
  const parser = new MtreeParser(name, reading);
  await eachByteLine(source, (bytes, start, end, lineNo) => parser.line(bytes, start, end, lineNo)).catch((error: unknown) => {
    throw asManifestError(error, name);
  });
  return parser.finish();
}

/** Reads an mtree manifest held in a string. */
export function parseMtree(text: string, name: string): FileTree {
  const parser = new MtreeParser(name, READ_WHOLE);
  try {
    eachByteLineOf(Buffer.from(text, 'utf8'), (bytes, start, end, lineNo) => parser.line(bytes, start, end, lineNo));
  } catch (error) {
    throw asManifestError(error, name);
  }
  return parser.finish().tree;
}
