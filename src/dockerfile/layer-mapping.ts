// One file: history and instructions reduced to comparable forms and aligned; the forms and the alignment's scores are tuned together.
/**
 * Maps the layers of a built image to the Dockerfile instructions that made them, by aligning the
 * image config's history with the instructions of the stage chain. History text differs between
 * BuildKit and the classic builder and never repeats the Dockerfile verbatim, so both sides are
 * reduced to comparable forms and matched by a weighted sequence alignment rather than by position.
 */
import type { HistoryEntry } from '../image/image-archive.js';
import { findHeredocs, parseJsonArray, splitFlags, type Instruction, type Stage } from './dockerfile-parser.js';

/** Where one layer of an image came from. */
export interface LayerOrigin {
  /** 0-based layer index, counting only history entries with `empty_layer !== true`. */
  layer: number;
  /** Index of the entry in the image config's history. */
  historyIndex: number;
  /** The history entry's `created_by` as given (`''` when absent). */
  createdBy: string;
  /** The matched instruction as written (`keyword + ' ' + args`); null for base-image or unmatched layers. */
  instruction: string | null;
  /** 1-based line of the matched instruction, or null. */
  line: number | null;
}

/** A history entry reduced to a keyword and the argument forms it can be compared by. */
interface HistoryStep {
  /** Dockerfile keyword the entry came from; `''` when unknown (`docker import`, empty). */
  keyword: string;
  /** The argument text with whitespace collapsed. */
  text: string;
  /** Forms of the arguments to compare for equality. */
  forms: Set<string>;
  /** The forms with spaces removed. */
  squashed: Set<string>;
  /** Classic builder COPY/ADD (`file:<hash> in <dest>`) only record the destination. */
  classicDest?: string;
}

/** An instruction reduced to the forms its history entry may take. */
interface InstructionKey {
  /** The instruction's keyword, which a history entry must share to match. */
  keyword: string;
  /** The arguments without flags, whitespace collapsed. */
  rest: string;
  /** Forms whose equality with a history form means a certain match. */
  forms: Set<string>;
  /** Shell-form commands that follow whatever shell (`SHELL`) and build-arg prefix ran them. */
  shellCommands: string[];
  /** Forms with `$VAR` turned into wildcards: the builder expands variables in most instructions. */
  patterns: RegExp[];
  /** COPY/ADD destination, for the classic builder's history. */
  dest?: string;
  /** RUN heredoc bodies, which BuildKit inlines into the command. */
  bodies: string[];
  /** The forms with spaces removed. */
  squashed: Set<string>;
}

// Match weights come in tiers scaled so that one certain match outweighs any number of keyword-only
// matches; keyword-only matches only fill in around certain ones (see `alignHistory`).
const EXACT = 4;
const SHELL_SUFFIX = 3;
const LIKELY = 2;
const KEYWORD_ONLY = 1;

const KEYWORDS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);
/** Instructions whose arguments the builder expands before writing them to history. */
const EXPANDED = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);
/** Instructions whose exec/shell-form arguments BuildKit and the classic builder print as a list. */
const COMMANDS = new Set(['RUN', 'CMD', 'ENTRYPOINT']);
/** What may precede a shell-form command in history: a shell's `-c` (or `cmd /S /C`), or build args. */
const BEFORE_COMMAND = /(?:^|\s)(?:-c|\/c|-command)$|^\|\d+(?:\s|$)/i;
const VARIABLE = /\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * One LayerOrigin per history entry with `empty_layer !== true`, in order. Entries the alignment
 * leaves unmatched (base-image layers, or a history from another Dockerfile) get null.
 */
export function mapLayersToInstructions(history: HistoryEntry[], chain: Stage[]): LayerOrigin[] {
  const instructions = chain.flatMap((stage) => stage.instructions);
  const matches = alignHistory(history.map(describeHistory), instructions.map(describeInstruction));
  const origins: LayerOrigin[] = [];
  history.forEach((entry, historyIndex) => {
    if (entry.empty_layer === true) return;
    const instruction = instructions[matches[historyIndex] ?? -1];
    origins.push({
      layer: origins.length,
      historyIndex,
      createdBy: entry.created_by ?? '',
      instruction: instruction ? formatInstruction(instruction) : null,
      line: instruction ? instruction.line : null,
    });
  });
  return origins;
}

function formatInstruction(instruction: Instruction): string {
  return instruction.args === '' ? instruction.keyword : `${instruction.keyword} ${instruction.args}`;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Reduces a history entry's `created_by` to its keyword and comparable argument forms. */
function describeHistory(entry: HistoryEntry): HistoryStep {
  let text = collapse(entry.created_by ?? '');
  // BuildKit marks entries that changed the file system.
  text = text.replace(/ # buildkit$/, '');
  let keyword: string;
  const nop = /#\(nop\)\s*(.*)$/.exec(text);
  const word = /^(\S+)\s*(.*)$/.exec(text);
  if (nop) {
    // Classic builder metadata and COPY/ADD: `<shell> -c #(nop) LABEL a=b`.
    const rest = /^(\S+)\s*(.*)$/.exec(nop[1] ?? '');
    keyword = (rest?.[1] ?? '').toUpperCase();
    text = rest?.[2] ?? '';
  } else if (word && KEYWORDS.has(word[1] ?? '')) {
    // BuildKit: the keyword leads.
    keyword = word[1] ?? '';
    text = word[2] ?? '';
  } else if (text === '' || text.startsWith('Imported from ')) {
    keyword = '';
  } else {
    // The classic builder records a RUN as the bare command line.
    keyword = 'RUN';
  }
  const forms = historyForms(keyword, text);
  const step: HistoryStep = { keyword, text, forms, squashed: squash(forms) };
  const classic = nop && (keyword === 'COPY' || keyword === 'ADD') ? /^\S+ in (.+)$/.exec(text) : null;
  if (classic) step.classicDest = trimSlash(classic[1] ?? '');
  return step;
}

function historyForms(keyword: string, text: string): Set<string> {
  const forms = new Set([text]);
  if (COMMANDS.has(keyword) || keyword === 'SHELL' || keyword === 'VOLUME') {
    const withoutArgs = stripBuildArgs(text);
    forms.add(withoutArgs);
    forms.add(withoutArgs.replace(/^\/bin\/sh -c /, ''));
    const list = parseHistoryList(text);
    if (list) forms.add(collapse(list.join(' ')));
  }
  if (keyword === 'COPY' || keyword === 'ADD') forms.add(collapse(splitFlags(text).rest));
  if (keyword === 'WORKDIR') forms.add(trimSlash(text));
  if (!COMMANDS.has(keyword)) forms.add(withoutQuotes(text));
  return forms;
}

/**
 * Removes the `|N K=V ...` prefix both builders put before a RUN command that had build args in
 * scope. Values with spaces defeat the count; the shell-suffix comparison then still matches.
 */
function stripBuildArgs(text: string): string {
  const match = /^\|(\d+) (.*)$/.exec(text);
  if (!match) return text;
  return (match[2] ?? '').split(' ').slice(Number(match[1])).join(' ');
}

/**
 * Items of a list printed into history: JSON (`["a","b"]`), Go `%q` (`["a" "b"]`) or Go `%v`
 * (`[a b]`); undefined when the text is not a list.
 */
function parseHistoryList(text: string): string[] | undefined {
  const json = parseJsonArray(text);
  if (json) return json;
  const inner = /^\[(.*)\]$/.exec(text)?.[1];
  if (inner === undefined) return undefined;
  const quoted = inner.match(/"(?:[^"\\]|\\.)*"/g);
  if (!quoted) return [inner];
  return quoted.map((item) => {
    try {
      return JSON.parse(item) as string;
    } catch {
      return item.slice(1, -1);
    }
  });
}

/** Reduces an instruction to the forms its history entry may take. */
function describeInstruction(instruction: Instruction): InstructionKey {
  const { keyword } = instruction;
  const args = collapse(instruction.args);
  const rest = collapse(splitFlags(args).rest);
  const key: InstructionKey = {
    keyword,
    rest,
    forms: new Set([args, rest]),
    shellCommands: [],
    patterns: [],
    bodies: [],
    squashed: new Set(),
  };
  const list = parseJsonArray(rest);
  if (list) {
    // Exec form: history joins the array with spaces (some tools keep the JSON).
    key.forms.add(collapse(list.join(' ')));
  } else if (COMMANDS.has(keyword)) {
    key.shellCommands.push(rest);
    if (keyword === 'RUN') addHeredocForms(key, instruction, rest);
  }
  if (keyword === 'COPY' || keyword === 'ADD') {
    // BuildKit prints heredoc sources as `<<NAME`, whatever quoting or `-` the Dockerfile used.
    key.forms.add(rest.replace(/(^|\s)\d*<<-?(["']?)([^\s"'<]+)\2/g, '$1<<$3'));
    const dest = list ? list.at(-1) : rest.split(' ').at(-1);
    if (dest !== undefined) key.dest = trimSlash(dest);
  }
  if (keyword === 'ENV' || keyword === 'LABEL') {
    // The legacy `ENV KEY value` form is recorded as `KEY=value`.
    const legacy = /^([^\s=]+) (.*)$/.exec(rest);
    if (legacy) key.forms.add(`${legacy[1] ?? ''}=${legacy[2] ?? ''}`);
  }
  if (keyword === 'WORKDIR') key.forms.add(trimSlash(rest));
  if (!COMMANDS.has(keyword)) for (const form of [...key.forms]) key.forms.add(withoutQuotes(form));
  if (EXPANDED.has(keyword)) {
    for (const form of key.forms) {
      if (form.includes('$')) key.patterns.push(variablePattern(form));
    }
  }
  key.squashed = squash(key.forms);
  return key;
}

/** BuildKit joins continuation lines without a space, the parser with one: also compare without spaces. */
function squash(forms: Set<string>): Set<string> {
  const squashed = new Set<string>();
  for (const form of forms) if (form !== '') squashed.add(form.replace(/ /g, ''));
  return squashed;
}

/**
 * BuildKit runs a RUN whose only argument is one heredoc as the heredoc's body (or, with a shebang,
 * as a script under /dev/pipes); other heredoc RUNs get the bodies appended to the command.
 */
function addHeredocForms(key: InstructionKey, instruction: Instruction, rest: string): void {
  const bodies = instruction.heredocs ?? [];
  if (bodies.length === 0) return;
  key.bodies = bodies.map(collapse).filter((body) => body !== '');
  const markers = findHeredocs(rest);
  const first = markers[0];
  if (markers.length === 1 && first && first.word === rest) {
    const body = bodies[0] ?? '';
    key.forms.add(body.startsWith('#!') ? `/dev/pipes/${first.name}` : collapse(body));
    key.shellCommands.push(collapse(body));
  } else {
    const appended = markers.map((marker, index) => `${bodies[index] ?? ''}${marker.name}`).join('\n');
    key.shellCommands.push(collapse(`${rest}\n${appended}`));
  }
}

function withoutQuotes(text: string): string {
  return text.replace(/["']/g, '');
}

function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** A regular expression matching the form with each `$VAR` / `${VAR...}` expanded to anything. */
function variablePattern(form: string): RegExp {
  const literal = form.split(VARIABLE).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${literal.join('.*')}$`);
}

/** How well a history entry matches an instruction: 0 for no match, else one of the tiers. */
function matchTier(step: HistoryStep, key: InstructionKey): number {
  if (step.keyword === '' || step.keyword !== key.keyword) return 0;
  for (const form of step.forms) if (key.forms.has(form)) return EXACT;
  for (const command of key.shellCommands) {
    if (command === '') continue;
    for (const form of step.forms) {
      if (form.endsWith(` ${command}`) && BEFORE_COMMAND.test(form.slice(0, form.length - command.length - 1))) {
        return SHELL_SUFFIX;
      }
    }
  }
  if (isLikely(step, key)) return LIKELY;
  return KEYWORD_ONLY;
}

/** Evidence weaker than equal text that still ties an entry to this instruction. */
function isLikely(step: HistoryStep, key: InstructionKey): boolean {
  if (step.classicDest !== undefined && step.classicDest === key.dest) return true;
  for (const form of step.forms) if (key.patterns.some((pattern) => pattern.test(form))) return true;
  for (const form of step.squashed) if (key.squashed.has(form)) return true;
  if (key.bodies.length > 0 && key.bodies.every((body) => step.text.includes(body))) return true;
  // BuildKit resolves a relative WORKDIR against the previous one.
  const relative = trimSlash(withoutQuotes(key.rest));
  if (key.keyword === 'WORKDIR' && relative !== '' && step.text.endsWith(`/${relative}`)) return true;
  if (key.keyword === 'ARG') return argNames(step.text) === argNames(withoutQuotes(key.rest));
  return false;
}

function argNames(text: string): string {
  return text.split(' ').map((word) => word.split('=')[0]).join(' ');
}

const SKIP_HISTORY = 1;
const SKIP_INSTRUCTION = 2;
const MATCH = 3;

/**
 * Weighted longest-common-subsequence alignment of history entries with instructions. Returns, per
 * history entry, the index of its instruction or -1. Ties are broken from the end so that
 * instructions pair with the latest entries: base-image entries come first in history.
 * Keyword-only matches are dropped unless some stronger match shows the history is this Dockerfile's.
 */
function alignHistory(steps: HistoryStep[], keys: InstructionKey[]): number[] {
  const n = steps.length;
  const m = keys.length;
  // One stronger match outweighs every keyword-only match the alignment could hold.
  const unit = Math.min(n, m) + 1;
  const weight = (tier: number): number => (tier === KEYWORD_ONLY ? 1 : tier * unit);
  const tiers = new Uint8Array((n + 1) * (m + 1));
  const moves = new Uint8Array((n + 1) * (m + 1));
  let previous = new Float64Array(m + 1);
  let current = new Float64Array(m + 1);
  for (let i = 1; i <= n; i++) {
    current[0] = 0;
    const step = steps[i - 1];
    for (let j = 1; j <= m; j++) {
      let best = previous[j] ?? 0;
      let move = SKIP_HISTORY;
      const left = current[j - 1] ?? 0;
      if (left > best) {
        best = left;
        move = SKIP_INSTRUCTION;
      }
      const key = keys[j - 1];
      const tier = step && key ? matchTier(step, key) : 0;
      const diagonal = (previous[j - 1] ?? 0) + weight(tier);
      if (tier > 0 && diagonal >= best) {
        best = diagonal;
        move = MATCH;
        tiers[i * (m + 1) + j] = tier;
      }
      current[j] = best;
      moves[i * (m + 1) + j] = move;
    }
    [previous, current] = [current, previous];
  }
  const result = new Array<number>(n).fill(-1);
  const weak: number[] = [];
  let strong = false;
  for (let i = n, j = m; i > 0 && j > 0; ) {
    const move = moves[i * (m + 1) + j];
    if (move === MATCH) {
      result[i - 1] = j - 1;
      if (tiers[i * (m + 1) + j] === KEYWORD_ONLY) weak.push(i - 1);
      else strong = true;
      i--;
      j--;
    } else if (move === SKIP_INSTRUCTION) j--;
    else i--;
  }
  if (!strong) for (const index of weak) result[index] = -1;
  return result;
}
