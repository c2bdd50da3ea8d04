/**
 * Gives each file change a cause from the catalogue and a hint: the fix, in words that name the
 * file and the instruction. Rules are data (`CHANGE_RULES`), tried in order; the first that
 * matches decides. Pure: works on the change, the build's facts and the content finding only.
 */
import type { Aspect } from '../tree/compare-trees.js';
import type { FileEntry } from '../tree/file-entry.js';
import { getCause, type CauseId } from './causes.js';
import { causeOfFinding } from './finding-causes.js';
import type { ContentFinding } from './inspect/finding.js';
import { isAtOrBelow, readInstruction, type InstructionFacts } from './instruction-facts.js';
import { isPycPath, isWhiteoutPath, matchPathRule } from './path-causes.js';

/** A cause and the fix for one difference. */
export interface Explanation {
  cause: CauseId;
  /** What to change, naming the file and the instruction where known. */
  hint: string;
}

/**
 * The change to classify: a `LayerChange` (or `TreeChange` plus the layer) fits. "old" is image A,
 * "new" image B.
 */
export interface ClassifiableChange {
  path: string;
  /** Index of the layer the change is in. */
  layer: number;
  kind: 'added' | 'removed' | 'modified';
  aspects: readonly Aspect[];
  old?: Pick<FileEntry, 'type' | 'mode' | 'mtime'>;
  new?: Pick<FileEntry, 'type' | 'mode' | 'mtime'>;
}

/** What is known about the builds and the layer, besides the change itself. */
export interface ChangeContext {
  /** Variations applied to build B (`time`, `no-cache`, `context-mtime`, `context-mode`); empty for `diff`. */
  variations: readonly string[];
  /** The Dockerfile instruction that made the layer as written (`RUN date > /x`), or null when unknown. */
  instruction: string | null;
  /** The build asked for `rewrite-timestamp=true`, so file mtimes should have been clamped. */
  rewriteTimestamp?: boolean;
  /** The SOURCE_DATE_EPOCH both builds had (what rewrite-timestamp clamps to), when known. */
  sourceDateEpoch?: number | null;
}

/** Everything a rule looks at. */
export interface RuleInput {
  change: ClassifiableChange;
  context: ChangeContext;
  instruction: InstructionFacts | null;
  finding?: ContentFinding;
}

/** One classification rule. */
export interface ChangeRule {
  /** Stable name, for tests and debugging. */
  name: string;
  /** The explanation when the rule applies, else undefined. */
  apply(input: RuleInput): Explanation | undefined;
}

const CONTENT_ASPECTS: ReadonlySet<Aspect> = new Set(['content', 'size']);

/** Classifies one file change; always returns an explanation (`unknown` when no rule matched). */
export function classifyChange(change: ClassifiableChange, context: ChangeContext, finding?: ContentFinding): Explanation {
  const input = ruleInput(change, context, finding);
  for (const rule of CHANGE_RULES) {
    const explanation = rule.apply(input);
    if (explanation) return explanation;
  }
  return explain('unknown', `${change.path} differs in ${change.aspects.join(', ') || change.kind}.`);
}

/** The name of the rule that decides a change (for tests and debug output). */
export function matchingRule(change: ClassifiableChange, context: ChangeContext, finding?: ContentFinding): string {
  const input = ruleInput(change, context, finding);
  return CHANGE_RULES.find((rule) => rule.apply(input) !== undefined)?.name ?? 'none';
}

function ruleInput(change: ClassifiableChange, context: ChangeContext, finding: ContentFinding | undefined): RuleInput {
  const input: RuleInput = { change, context, instruction: readInstruction(context.instruction) };
  if (finding) input.finding = finding;
  return input;
}

/** The rules, in the order they are tried. */
export const CHANGE_RULES: readonly ChangeRule[] = [
  {
    name: 'whiteout',
    apply: ({ change }) =>
      isWhiteoutPath(change.path) ? explain('whiteout-variance', `${change.path} is a whiteout present in one image only.`) : undefined,
  },
  {
    name: 'package-state-path',
    apply: ({ change, instruction }) => {
      const rule = matchPathRule(change.path);
      if (!rule) return undefined;
      const where = instruction?.keyword === 'RUN' ? ` at the end of \`${instruction.quoted}\`` : ' at the end of the RUN that writes it';
      return { cause: rule.cause, hint: `${change.path} belongs to ${rule.what}: add \`${rule.remove}\`${where}.` };
    },
  },
  {
    name: 'rewrite-timestamp-ignored',
    // rewrite-timestamp clamps only times later than SOURCE_DATE_EPOCH: two times at or before it
    // differ for another reason (a context file older than the commit, varied by context-mtime).
    apply: ({ change, context }) =>
      context.rewriteTimestamp && mtimeOnly(change) && !bothAtOrBefore(change, context.sourceDateEpoch)
        ? explain('rewrite-timestamp-ignored', `${change.path} kept its build-time mtime although rewrite-timestamp was requested.`)
        : undefined,
  },
  {
    name: 'content-finding',
    apply: ({ change, finding, instruction }) => {
      if (!hasContent(change)) return undefined;
      const found = causeOfFinding(finding);
      if (!found) return undefined;
      const by = instruction ? ` (written by \`${instruction.quoted}\`)` : '';
      return explain(found.cause, sentence(`${change.path}${by}: ${found.detail}`));
    },
  },
  {
    name: 'pyc-path',
    // Only when the bytes were not inspected: a finding that shows the code itself differs wins.
    apply: ({ change, finding }) =>
      hasContent(change) && isPycPath(change.path) && (!finding || finding.format === 'too-large')
        ? explain('pyc-timestamp', `${change.path} is Python bytecode, whose header records the source mtime.`)
        : undefined,
  },
  {
    name: 'cpu-count',
    apply: ({ change, instruction }) =>
      hasContent(change) && instruction?.command !== undefined && CPU_DEPENDENT.test(instruction.command)
        ? explain('cpu-count', `${change.path} is built by \`${instruction.quoted}\`, whose parallelism follows the CPU count.`)
        : undefined,
  },
  {
    name: 'content-unexplained',
    apply: ({ change, instruction, finding }) => {
      if (!hasContent(change)) return undefined;
      const by = instruction ? ` by \`${instruction.quoted}\`` : '';
      const what = finding && finding.format !== 'identical' ? `: ${finding.summary}` : '';
      return explain('unknown', sentence(`${change.path}, written${by}, differs in content${what}`));
    },
  },
  {
    name: 'only-in-one-image',
    apply: ({ change, instruction }) => {
      if (change.kind === 'modified') return undefined;
      const side = change.kind === 'added' ? 'B' : 'A';
      const by = instruction ? ` \`${instruction.quoted}\`` : ' the layer';
      return explain('unknown', `${change.path} exists only in image ${side}:${by} made different files (a random or time-based name, or a network download).`);
    },
  },
  {
    name: 'type-or-link',
    apply: ({ change }) =>
      change.aspects.includes('type') || change.aspects.includes('link')
        ? explain('unknown', `${change.path} differs in ${change.aspects.filter((a) => a === 'type' || a === 'link').join(' and ')}.`)
        : undefined,
  },
  {
    name: 'context-mode',
    apply: ({ change, context, instruction }) => {
      if (!change.aspects.includes('mode') || !writeBitsOnly(change)) return undefined;
      const copied = isCopy(instruction) && instruction?.from === undefined;
      if (!copied && !context.variations.includes('context-mode')) return undefined;
      const modes = `${octal(change.old?.mode)} → ${octal(change.new?.mode)}`;
      const by = instruction ? ` by \`${instruction.quoted}\`` : '';
      const explanation = explain('context-mode', `${change.path} was copied${by} with the context's write bits (${modes}).`);
      // Both context variations usually come together: one hint fixes both.
      if (change.aspects.includes('mtime')) explanation.hint += ` Its mtime differs too: ${lowerFirst(getCause('context-mtime').fix)}`;
      return explanation;
    },
  },
  {
    name: 'mode-or-owner',
    apply: ({ change }) => {
      const differing = change.aspects.filter((a) => a === 'mode' || a === 'uid' || a === 'gid' || a === 'xattrs');
      if (differing.length === 0) return undefined;
      const modes = change.aspects.includes('mode') ? ` (${octal(change.old?.mode)} → ${octal(change.new?.mode)})` : '';
      return explain(
        'unknown',
        `${change.path} differs in ${differing.join(', ')}${modes}: set modes and owners explicitly (\`COPY --chmod --chown\`, \`chmod\`/\`chown\` in the RUN, a fixed \`umask\`).`,
        '',
      );
    },
  },
  {
    name: 'implicit-directory',
    apply: ({ change, instruction }) => {
      if (!mtimeOnly(change) || !isDir(change) || !instruction) return undefined;
      if (!isCopy(instruction) && instruction.keyword !== 'WORKDIR') return undefined;
      // A directory below a COPY's destination came from the context or the source stage, with its
      // mtime; the destination itself and its parents are made by the builder.
      if (instruction.dest !== undefined && change.path !== instruction.dest && isAtOrBelow(change.path, instruction.dest)) return undefined;
      return explain('implicit-directory-mtime', `${change.path} was created by \`${instruction.quoted}\` and got the time of the build.`);
    },
  },
  {
    name: 'copy-from-stage',
    apply: ({ change, instruction }) =>
      mtimeOnly(change) && isCopy(instruction) && instruction?.from !== undefined
        ? explain('build-mtime', `${change.path} comes from stage "${instruction.from}" (\`${instruction.quoted}\`), where it was written with the build time; clamp it in that stage.`)
        : undefined,
  },
  {
    name: 'context-mtime',
    apply: ({ change, instruction }) =>
      mtimeOnly(change) && isCopy(instruction)
        ? explain('context-mtime', `${change.path} was copied by \`${instruction?.quoted ?? 'COPY'}\` with its mtime from the build context.`)
        : undefined,
  },
  {
    name: 'build-mtime',
    apply: ({ change, instruction }) => {
      if (!mtimeOnly(change)) return undefined;
      const by = instruction ? `\`${instruction.quoted}\`` : 'the instruction of this layer';
      return explain(
        'build-mtime',
        `${change.path} was written by ${by} with the build time as mtime: end that RUN with \`touch -d @$SOURCE_DATE_EPOCH ${change.path}\`, or build with \`rewrite-timestamp=true\` and a SOURCE_DATE_EPOCH build arg.`,
        '',
      );
    },
  },
];

/** Shell text whose parallelism depends on the machine's CPUs. */
const CPU_DEPENDENT = /\bnproc\b|_NPROCESSORS_ONLN|cpu_count\(|\bmake\b[^;&|]*\s-j\s*(?:$|[\s;&|])|--jobs(?:=|\s+)\$/;

/** An explanation whose hint is the specific reason followed by the catalogue's fix (or `fix`). */
function explain(cause: CauseId, reason: string, fix?: string): Explanation {
  const text = fix === undefined ? getCause(cause).fix : fix;
  return { cause, hint: text === '' ? reason : `${reason} ${text}` };
}

/** Ends a text with a period unless it ends with one already, or with an ellipsis. */
function sentence(text: string): string {
  return /[.\u2026]$/.test(text) ? text : text + '.';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function hasContent(change: ClassifiableChange): boolean {
  return change.kind === 'modified' && change.aspects.some((a) => CONTENT_ASPECTS.has(a));
}

/** Whether both versions' mtimes are known and at or before `epoch` (seconds), so nothing could clamp them. */
function bothAtOrBefore(change: ClassifiableChange, epoch: number | null | undefined): boolean {
  if (epoch === null || epoch === undefined) return false;
  const old = change.old?.mtime;
  const now = change.new?.mtime;
  return old !== undefined && now !== undefined && old.sec <= epoch && now.sec <= epoch;
}

function mtimeOnly(change: ClassifiableChange): boolean {
  return change.kind === 'modified' && change.aspects.length > 0 && change.aspects.every((a) => a === 'mtime');
}

function isDir(change: ClassifiableChange): boolean {
  return (change.new ?? change.old)?.type === 'dir';
}

function isCopy(instruction: InstructionFacts | null): boolean {
  return instruction?.keyword === 'COPY' || instruction?.keyword === 'ADD';
}

/** The modes differ only in group- and other-write bits, as two umasks make them. */
function writeBitsOnly(change: ClassifiableChange): boolean {
  const a = change.old?.mode;
  const b = change.new?.mode;
  if (a === undefined || b === undefined) return false;
  const xor = a ^ b;
  return xor !== 0 && (xor & ~0o022) === 0;
}

function octal(mode: number | undefined): string {
  return mode === undefined ? '?' : '0' + mode.toString(8).padStart(3, '0');
}
