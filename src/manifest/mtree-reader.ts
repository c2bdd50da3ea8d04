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
import { eachLine, eachLineOf } from './line-input.js';
import { ManifestFormatError } from './manifest-error.js';
import { decodeMtreeToken } from './mtree-escape.js';
import { entryFromKeywords, KeywordError, splitKeyword } from './mtree-keywords.js';

/**
 * Splits a line into words at spaces and tabs. Empty for blank and comment lines; a word that
 * starts with `#` after the first ends the line (a trailing comment: names never hold a bare `#`).
 */
function tokenize(text: string): string[] {
  // The native split does the scanning; words are then picked from its pieces.
  const pieces = (text.includes('\t') ? text.replace(/\t/g, ' ') : text).split(' ');
  // bsdtar's lines have single spaces and no comments: the pieces are the words already.
  if (!pieces.includes('') && !pieces.some((p) => p.charCodeAt(0) === 35)) return pieces;
  const tokens: string[] = [];
  for (const piece of pieces) {
    if (piece === '') continue;
    if (piece.charCodeAt(0) === 35) break;
    tokens.push(piece);
  }
  return tokens;
}

/** The line-by-line state machine; `readMtree` and `parseMtree` feed it. */
class MtreeParser {
  private readonly tree: FileTree = new Map();
  private readonly defaults = new Map<string, string | undefined>();
  /** Directories entered by relative `type=dir` entries, innermost last. */
  private readonly dirs: string[] = [];
  private sawDotDot = false;
  /** Relative entries placed inside a directory before any `..`: the form is not known yet. */
  private pending: { entry: FileEntry; flat: string }[] = [];
  /** A logical line being joined from continued physical lines, and where it started. */
  private held = '';
  private heldLine = 0;

  constructor(private readonly name: string) {}

  /** Takes one physical line (without its newline). */
  line(raw: string, lineNo: number): void {
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.held === '') this.heldLine = lineNo;
    if (continues(text)) {
      this.held += text.slice(0, -1) + ' ';
      return;
    }
    if (this.held !== '') {
      text = this.held + text;
      this.held = '';
    }
    this.logical(text, this.heldLine);
  }

  finish(): FileTree {
    if (this.held !== '') this.logical(this.held, this.heldLine);
    this.held = '';
    // No `..` anywhere: a full-path listing (see the file comment), so relative names sit at the root.
    for (const { entry, flat } of this.pending) this.insert({ ...entry, path: flat });
    this.pending = [];
    return this.tree;
  }

  private fail(lineNo: number, problem: string): never {
    throw new ManifestFormatError(this.name, lineNo, problem);
  }

  private logical(text: string, lineNo: number): void {
    const tokens = tokenize(text);
    if (tokens.length === 0) return;
    const first = tokens[0]!;
    if (first.startsWith('/')) return this.command(first, tokens, lineNo);
    if (first === '..') {
      if (tokens.length > 1) this.fail(lineNo, '`..` takes no keywords');
      if (this.dirs.length === 0) this.fail(lineNo, '`..` leaves a directory that was never entered');
      this.dirs.pop();
      if (!this.sawDotDot) {
        this.sawDotDot = true;
        for (const { entry } of this.pending) this.insert(entry);
        this.pending = [];
      }
      return;
    }
    this.entry(first, tokens, lineNo);
  }

  private command(first: string, tokens: string[], lineNo: number): void {
    if (first === '/set') {
      for (const token of tokens.slice(1)) {
        const [key, value] = splitKeyword(token);
        this.defaults.set(key, value);
      }
    } else if (first === '/unset') {
      for (const token of tokens.slice(1)) {
        if (token === 'all') this.defaults.clear();
        else this.defaults.delete(splitKeyword(token)[0]);
      }
    } else {
      this.fail(lineNo, `unknown command ${first} (expected /set or /unset)`);
    }
  }

  private entry(raw: string, tokens: string[], lineNo: number): void {
    const name = decodeMtreeToken(raw);
    if (name === null) this.fail(lineNo, `malformed escape in name ${raw}`);
    if (name !== raw && countSlashes(name) !== countSlashes(raw)) this.fail(lineNo, `escaped / in name ${raw}`);
    const full = raw.includes('/');
    const cwd = this.dirs.length > 0 ? this.dirs[this.dirs.length - 1]! : '/';
    const flat = fastNormalise(name);
    const path = full ? flat : normalisePath(cwd === '/' ? name : cwd + '/' + name);
    if (path === null || flat === null) this.fail(lineNo, `name ${raw} climbs above the root`);
    let entry: FileEntry;
    try {
      entry = entryFromKeywords(path, this.defaults, tokens, 1);
    } catch (error) {
      if (error instanceof KeywordError) this.fail(lineNo, `${raw}: ${error.message}`);
      throw error;
    }
    if (full) return this.insert(entry);
    if (entry.type === 'dir') this.dirs.push(path);
    if (!this.sawDotDot && path !== flat) this.pending.push({ entry, flat });
    else this.insert(entry);
  }

  private insert(entry: FileEntry): void {
    // One hash lookup in the common case: set, and merge only if the path was there already.
    const existing = this.tree.get(entry.path);
    if (existing === undefined) this.tree.set(entry.path, entry);
    else this.tree.set(entry.path, { ...existing, ...entry });
  }
}

/** Whether a line ends in an unescaped backslash (an odd number of them). */
function continues(text: string): boolean {
  let count = 0;
  for (let i = text.length - 1; i >= 0 && text.charCodeAt(i) === 92; i--) count++;
  return count % 2 === 1;
}

/**
 * `normalisePath` with a shortcut for the names bsdtar writes (`./etc/x`, already clean), which
 * are most names of big manifests.
 */
function fastNormalise(name: string): string | null {
  if (name.startsWith('./') && name.length > 2 && !name.endsWith('/') && !name.includes('//') && !name.includes('/./') && !name.includes('/../') && !name.endsWith('/.') && !name.endsWith('/..')) {
    return name.slice(1);
  }
  return normalisePath(name);
}

function countSlashes(text: string): number {
  let count = 0;
  for (let i = text.indexOf('/'); i >= 0; i = text.indexOf('/', i + 1)) count++;
  return count;
}

/**
 * Reads an mtree manifest from a stream (or a string) into a file tree. `name` is the file name
 * used in errors. Throws ManifestFormatError with the 1-based line of the first problem.
 */
export async function readMtree(source: Readable | string, name: string): Promise<FileTree> {
  const parser = new MtreeParser(name);
  await eachLine(source, (line, lineNo) => parser.line(line, lineNo));
  return parser.finish();
}

/** Reads an mtree manifest held in a string. */
export function parseMtree(text: string, name: string): FileTree {
  const parser = new MtreeParser(name);
  eachLineOf(text, (line, lineNo) => parser.line(line, lineNo));
  return parser.finish();
}
