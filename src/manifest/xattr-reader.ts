/**
 * Reads the extended attributes of a whole directory tree with Debian's `getfattr` (package
 * `attr`), run once per tree as one streamed process and parsed as its output arrives.
 *
 * Why a process and not a native module: Node has no xattr API, and the npm modules that add one
 * are .node addons. The CLI ships as one self-contained esbuild bundle (dist/cli.cjs), which cannot
 * hold an addon, and building one from source needs node-gyp and a compiler wherever it installs.
 * `getfattr -R` walks the tree in C and prints only the entries that have attributes, so one
 * process for 13,500 entries costs about what a few dozen `listxattr` calls from JavaScript would.
 * Without it (not installed, or it fails), the walk says the attributes are unknown, never absent.
 */
import { spawn } from 'node:child_process';
import { xattrFromBase64 } from './xattr-values.js';

/** What `readTreeXattrs` found. */
export interface TreeXattrs {
  /** Attributes by absolute path, only for paths that have some; values are binary strings. */
  byPath: Map<string, Record<string, string>>;
  /**
   * Absolute paths whose attributes could not be read (getfattr named them in an error), or
   * `'all'` when none could be (no getfattr, or it failed as a whole). Their entries keep
   * `xattrs` undefined.
   */
  unreadable: Set<string> | 'all';
  /** Why, for the cases above: getfattr's own words. */
  problems: string[];
}

/** The command that lists every attribute of a tree, values in base64, symlinks not followed. */
export function getfattrArgs(root: string, crossDevices: boolean): string[] {
  const args = ['--recursive', '--physical', '--no-dereference', '--dump', '--match=-', '--encoding=base64', '--absolute-names'];
  if (!crossDevices) args.push('--one-file-system');
  // `--` so a root that starts with `-` is not an option.
  return [...args, '--', root];
}

/**
 * Undoes getfattr's escaping of names: control characters, `\` and `=` (in attribute names) are
 * written as `\ooo`, three octal digits of one byte. Returns the bytes as UTF-8 text, the way
 * `readdir` names files, so paths meet the walker's.
 */
export function unescapeGetfattr(raw: Buffer): string {
  if (!raw.includes(0x5c)) return raw.toString('utf8');
  const out = Buffer.allocUnsafe(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === 0x5c && isOctal(raw[i + 1]) && isOctal(raw[i + 2]) && isOctal(raw[i + 3])) {
      out[n++] = ((raw[i + 1]! - 48) << 6) | ((raw[i + 2]! - 48) << 3) | (raw[i + 3]! - 48);
      i += 3;
    } else {
      out[n++] = c;
    }
  }
  return out.toString('utf8', 0, n);
}

function isOctal(c: number | undefined): boolean {
  return c !== undefined && c >= 48 && c <= 55;
}

/** The value of a `name=value` line: `0s`-prefixed base64, `""` or nothing for empty. */
function decodeValue(raw: string): string {
  if (raw.startsWith('0s')) return xattrFromBase64(raw.slice(2));
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) return raw.slice(1, -1);
  return raw;
}

/**
 * Parses getfattr's `--dump` output, fed in chunks; `# file: PATH` starts an entry, `name=value`
 * lines follow, an empty line ends it.
 */
export class GetfattrParser {
  readonly byPath = new Map<string, Record<string, string>>();
  private held: Buffer | undefined;
  private current: Record<string, string> | undefined;

  /** Takes the next chunk of output. */
  push(chunk: Buffer): void {
    const data = this.held ? Buffer.concat([this.held, chunk]) : chunk;
    let start = 0;
    for (let nl = data.indexOf(10); nl >= 0; nl = data.indexOf(10, start)) {
      this.line(data.subarray(start, nl));
      start = nl + 1;
    }
    this.held = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
  }

  /** Takes the end of the output. */
  end(): void {
    if (this.held) this.line(this.held);
    this.held = undefined;
  }

  private line(line: Buffer): void {
    if (line.length === 0) {
      this.current = undefined;
      return;
    }
    if (line[0] === 0x23) {
      // "# file: " and the escaped path.
      if (line.subarray(0, 8).toString('latin1') !== '# file: ') return;
      this.current = {};
      this.byPath.set(unescapeGetfattr(line.subarray(8)), this.current);
      return;
    }
    if (!this.current) return;
    const eq = line.indexOf(0x3d);
    const name = unescapeGetfattr(eq < 0 ? line : line.subarray(0, eq));
    this.current[name] = eq < 0 ? '' : decodeValue(line.toString('latin1', eq + 1));
  }
}

/**
 * The path in one of getfattr's error lines, if any: `getfattr: PATH: Permission denied` (a path
 * it could not list or enter) or `PATH: security.x: Permission denied` (a value it could not read).
 */
export function erroredPath(line: string): string | undefined {
  const match = /^getfattr: (.*): [^:]+$/.exec(line) ?? /^(\/.*): [a-z]+\.[^:]*: [^:]+$/.exec(line);
  return match ? match[1] : undefined;
}

/**
 * Reads every extended attribute under `root` (an absolute path) with one getfattr process.
 * Resolves, never rejects: what could not be read is in `unreadable` and `problems`.
 */
export function readTreeXattrs(root: string, options: { crossDevices?: boolean; command?: string } = {}): Promise<TreeXattrs> {
  return new Promise((resolve) => {
    const parser = new GetfattrParser();
    const unreadable = new Set<string>();
    const problems: string[] = [];
    let stderr = '';
    const child = spawn(options.command ?? 'getfattr', getfattrArgs(root, options.crossDevices ?? false), { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => parser.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const lines = stderr.split('\n');
      stderr = lines.pop()!;
      for (const line of lines) noteError(line);
    });
    let pathless = 0;
    const noteError = (line: string): void => {
      if (line === '') return;
      problems.push(line);
      const path = erroredPath(line);
      if (path !== undefined) unreadable.add(path);
      else pathless++;
    };
    let failed: string | undefined;
    child.on('error', (error) => (failed = `getfattr could not run: ${error.message}`));
    child.on('close', (code) => {
      noteError(stderr);
      parser.end();
      if (failed !== undefined) {
        resolve({ byPath: new Map(), unreadable: 'all', problems: [failed] });
        return;
      }
      // Exit status 1 with named paths: those paths failed, the rest was read. Anything else, or
      // errors that name no path, leave every entry unknown.
      const partial = code === 0 || (code === 1 && unreadable.size > 0 && pathless === 0);
      if (!partial) {
        resolve({ byPath: new Map(), unreadable: 'all', problems: problems.length > 0 ? problems : [`getfattr exited with status ${code}`] });
        return;
      }
      resolve({ byPath: parser.byPath, unreadable, problems });
    });
  });
}
