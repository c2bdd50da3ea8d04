/**
 * Reads Dockerfile text into stages and instructions with the line numbers that layer mapping
 * reports. It follows BuildKit's parser where that changes line numbers or instruction text, and it
 * never throws: the Dockerfile of a build that failed may still have layers worth explaining.
 */

/** One instruction of a Dockerfile. */
export interface Instruction {
  /** Upper-case keyword: `RUN`, `COPY`, `FROM`, ... */
  keyword: string;
  /**
   * The text after the keyword: continuation lines joined with one space, flags included as
   * written, heredoc bodies excluded (their `<<EOF` markers stay).
   */
  args: string;
  /** Leading `--name=value` / `--name` flags (value `''` when bare); a repeated flag keeps its last value. */
  flags: Record<string, string>;
  /** 1-based line where the instruction starts. */
  line: number;
  /** 1-based last line, continuation lines and heredoc bodies included. */
  endLine: number;
  /** Bodies of the instruction's heredocs, in order, each line ending in `\n`; absent when there are none. */
  heredocs?: string[];
}

/** One build stage: a FROM and the instructions up to the next FROM. */
export interface Stage {
  /** 0-based position of the stage in the Dockerfile. */
  index: number;
  /** The `AS` name, lower-cased as BuildKit compares it; absent for an unnamed stage. */
  name?: string;
  /** The FROM image or stage name, as written (variables are not expanded). */
  base: string;
  /** The stage's FROM instruction. */
  from: Instruction;
  /** The stage's instructions after its FROM. */
  instructions: Instruction[];
}

/** A parsed Dockerfile. */
export interface Dockerfile {
  /** Build stages in file order. */
  stages: Stage[];
  /** The escape character from the `escape` parser directive (backslash by default). */
  escape: '\\' | '`';
  /** ARG instructions before the first FROM. */
  globalArgs: Instruction[];
}

/** One heredoc marker (`<<EOF`, `<<-EOF`, `<<"EOF"`) found in an instruction's arguments. */
export interface HeredocMarker {
  /** The delimiter, quotes removed. */
  name: string;
  /** `<<-`: leading tabs are stripped from the body and the delimiter line. */
  chomp: boolean;
  /** The marker word as written, e.g. `<<-"EOT"`. */
  word: string;
}

const DIRECTIVE = /^\s*#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*?)\s*$/;
const KNOWN_DIRECTIVES = new Set(['syntax', 'escape', 'check']);
/** Only these instructions take heredocs (BuildKit's parser ignores `<<` elsewhere). */
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
const FLAG = /^--([A-Za-z][\w-]*)(?:=((?:"[^"]*"|'[^']*'|[^\s"'])*))?(?:\s+|$)/;
/** A word that starts a heredoc: optional fd digits, `<<`, optional `-`, then the (maybe quoted) name. */
const HEREDOC_WORD = /^\d*<<(-?)([^<].*)$/;

/** Parses a Dockerfile; malformed parts are skipped or kept as far as they go, never thrown. */
export function parseDockerfile(text: string): Dockerfile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const escape = readEscapeDirective(lines);
  const stages: Stage[] = [];
  const globalArgs: Instruction[] = [];
  for (const instruction of readInstructions(lines, escape)) {
    const current = stages.at(-1);
    if (instruction.keyword === 'FROM') stages.push(newStage(stages.length, instruction));
    else if (current) current.instructions.push(instruction);
    // Before the first FROM only ARG is valid; anything else would fail the build, so drop it.
    else if (instruction.keyword === 'ARG') globalArgs.push(instruction);
  }
  return { stages, escape, globalArgs };
}

/**
 * Reads the parser directives at the top of the file and returns the escape character. Directives
 * end at the first line that is not a known, not yet seen directive (blank lines and comments
 * included), as in BuildKit; later `# escape=` lines are plain comments.
 */
function readEscapeDirective(lines: string[]): '\\' | '`' {
  let escape: '\\' | '`' = '\\';
  const seen = new Set<string>();
  for (const line of lines) {
    const match = DIRECTIVE.exec(line);
    const name = match?.[1]?.toLowerCase();
    if (!match || name === undefined || !KNOWN_DIRECTIVES.has(name) || seen.has(name)) break;
    seen.add(name);
    const value = match[2] ?? '';
    if (name === 'escape' && (value === '\\' || value === '`')) escape = value;
  }
  return escape;
}

/** Splits the lines into instructions: comments and blank lines dropped, continuations joined, heredocs read. */
function readInstructions(lines: string[], escape: '\\' | '`'): Instruction[] {
  const continuation = escape === '`' ? /`[ \t]*$/ : /\\[ \t]*$/;
  const instructions: Instruction[] = [];
  let next = 0;
  while (next < lines.length) {
    const start = next;
    const first = lines[next++] ?? '';
    if (isBlankOrComment(first)) continue;
    const parts: string[] = [];
    let open = continuation.test(first);
    parts.push(first.replace(continuation, ''));
    while (open && next < lines.length) {
      const line = lines[next++] ?? '';
      // BuildKit drops comment lines and (with a warning) empty lines inside a continued instruction.
      if (isBlankOrComment(line)) continue;
      open = continuation.test(line);
      parts.push(line.replace(continuation, ''));
    }
    const joined = parts
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .join(' ');
    const split = /^(\S+)\s*([\s\S]*)$/.exec(joined);
    if (!split) continue;
    const keyword = (split[1] ?? '').toUpperCase();
    const args = (split[2] ?? '').trim();
    const instruction: Instruction = { keyword, args, flags: splitFlags(args).flags, line: start + 1, endLine: next };
    if (HEREDOC_KEYWORDS.has(keyword)) next = readHeredocBodies(instruction, lines, next);
    instructions.push(instruction);
  }
  return instructions;
}

function isBlankOrComment(line: string): boolean {
  const trimmed = line.trimStart();
  return trimmed === '' || trimmed.startsWith('#');
}

/**
 * Reads the bodies of the instruction's heredocs, which follow it in order, and returns the index
 * of the first line after them. An unterminated heredoc takes the rest of the file.
 */
function readHeredocBodies(instruction: Instruction, lines: string[], from: number): number {
  const markers = findHeredocs(splitFlags(instruction.args).rest);
  if (markers.length === 0) return from;
  let next = from;
  const bodies: string[] = [];
  for (const marker of markers) {
    let body = '';
    while (next < lines.length) {
      const raw = lines[next++] ?? '';
      const line = marker.chomp ? raw.replace(/^\t+/, '') : raw;
      if (line === marker.name) break;
      body += line + '\n';
    }
    bodies.push(body);
  }
  instruction.heredocs = bodies;
  instruction.endLine = Math.max(instruction.endLine, next);
  return next;
}

/**
 * Heredoc markers in an instruction's arguments (flags already removed). Exec (JSON) form has none;
 * in shell form a marker must be a whole word, so `a<<b` and `<<<here-strings` are not heredocs.
 */
export function findHeredocs(args: string): HeredocMarker[] {
  if (isJsonArray(args)) return [];
  const markers: HeredocMarker[] = [];
  for (const word of shellWords(args)) {
    const match = HEREDOC_WORD.exec(word);
    if (!match) continue;
    const name = (match[2] ?? '').replace(/["']/g, '');
    if (name !== '') markers.push({ name, chomp: match[1] === '-', word });
  }
  return markers;
}

/** Whitespace-separated words; quoted spans stay inside their word, quotes kept. */
function shellWords(text: string): string[] {
  return text.match(/(?:"[^"]*"?|'[^']*'?|[^\s"']+)+/g) ?? [];
}

/** Whether the arguments are an exec-form JSON array of strings. */
function isJsonArray(args: string): boolean {
  return parseJsonArray(args) !== undefined;
}

/** The strings of an exec-form JSON array, or undefined when the text is not one. */
export function parseJsonArray(args: string): string[] | undefined {
  const text = args.trim();
  if (!text.startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  } catch {
    // Not JSON: Docker then runs the text in shell form, and so do we.
  }
  return undefined;
}

/** Splits leading `--name[=value]` flags off an instruction's arguments. */
export function splitFlags(args: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let rest = args.trimStart();
  for (let match = FLAG.exec(rest); match; match = FLAG.exec(rest)) {
    const value = match[2] ?? '';
    flags[match[1] ?? ''] = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
    rest = rest.slice(match[0].length);
  }
  return { flags, rest };
}

function newStage(index: number, from: Instruction): Stage {
  const words = splitFlags(from.args).rest.split(/\s+/).filter((word) => word !== '');
  const stage: Stage = { index, base: words[0] ?? '', from, instructions: [] };
  const alias = words[2];
  if (words[1]?.toLowerCase() === 'as' && alias !== undefined) stage.name = alias.toLowerCase();
  return stage;
}

/**
 * The stages whose instructions end up in the final image's history, in build order: the target
 * stage (by name, case-insensitive; the last stage when `target` is undefined) preceded by the
 * stages it is based on through `FROM <stage-name>`. Stages used only by `COPY --from` leave no
 * history in the image and are not included. Throws when the target names no stage.
 */
export function selectStageChain(dockerfile: Dockerfile, target?: string): Stage[] {
  const { stages } = dockerfile;
  let current: Stage | undefined;
  if (target === undefined) current = stages.at(-1);
  else {
    const wanted = target.toLowerCase();
    current = stages.find((stage) => stage.name === wanted);
    if (!current) {
      const names = stages.flatMap((stage) => (stage.name === undefined ? [] : [stage.name]));
      const available = names.length > 0 ? names.join(', ') : '(none)';
      throw new Error(`Target stage "${target}" not found in the Dockerfile; available stages: ${available}`);
    }
  }
  return current ? stageAndBases(current, stages) : [];
}

/** `stage` preceded by the stages it builds on through `FROM <stage-name>`, base first. */
export function stageAndBases(stage: Stage, stages: readonly Stage[]): Stage[] {
  const chain: Stage[] = [];
  let current: Stage | undefined = stage;
  while (current) {
    chain.unshift(current);
    // A stage can only build on a stage defined before it, which also rules out cycles.
    const base = current.base.toLowerCase();
    current = stages.slice(0, current.index).findLast((candidate) => candidate.name === base);
  }
  return chain;
}
