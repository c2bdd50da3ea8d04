// One file: the table from cause to remedy and the few builders it uses, so every cause's remedy reads in one place.
import type { Dockerfile, Instruction } from '../dockerfile/dockerfile-parser.js';
import { findHeredocs, parseJsonArray, splitFlags } from '../dockerfile/dockerfile-parser.js';
import { isCauseId, type CauseId } from '../explain/causes.js';
import type { Report } from '../report/report.js';
import { removalGlobs, removedBy, unclampable } from './cleanup-paths.js';
import { COMPILEALL_HASH, DATE_FROM_EPOCH, GZIP_NO_NAME, NPM_CI, rewriteApplies, runsDateAwareCompiler, TAR_FIXED_MEMBERS, type CommandRewrite } from './command-rewrites.js';
import { BUILDKIT_ONLY, type Announced, type CheckoutStep, type DockerfileEdit, type FixSetting, type GroupRemedy, type Remedy } from './remedy.js';

/**
 * The parts of a report a plan is made from; `timestamps` says whether the check already built
 * with rewrite-timestamp (then a time it left different is not one rewrite-timestamp clamps).
 */
export type PlanInput = Pick<Report, 'causes' | 'changes' | 'engine'> & Partial<Pick<Report, 'timestamps'>>;

/**
 * Whether a directory exists in image A below a layer (from the image's layers); without it,
 * a directory the explainer put down to `implicit-directory-mtime` counts as created by the layer.
 */
export type ExistsBelow = (layer: number, path: string) => boolean;

/** Every remedy of a report, and what applying them takes and announces. */
export interface FixPlan {
  groups: GroupRemedy[];
  /** Edits of the Dockerfile, in line order. */
  edits: DockerfileEdit[];
  settings: FixSetting[];
  checkoutSteps: CheckoutStep[];
  announced: Announced;
}

/**
 * Chooses a remedy for each cause group of the report, at the line the group maps to. Pure: it
 * reads the report and the parsed Dockerfile the report's line numbers refer to.
 */
export function planRemedies(report: PlanInput, dockerfile: Dockerfile, existsBelow?: ExistsBelow): FixPlan {
  const instructions = new Map<number, Instruction>();
  for (const stage of dockerfile.stages) for (const instruction of [stage.from, ...stage.instructions]) instructions.set(instruction.line, instruction);
  const context: RemedyContext = {
    classic: report.engine?.builder === 'classic',
    containerd: report.engine?.imageStore === 'containerd',
    rewrote: report.timestamps?.rewriteTimestamp ?? false,
    stageArgs: stageArgLines(dockerfile),
  };
  const groups: GroupRemedy[] = [];
  const announced: Announced = { removed: [], rewritten: [] };
  for (const group of report.causes) {
    const cause: CauseId = isCauseId(group.cause) ? group.cause : 'unknown';
    // Carried changes are grouped where they began, so the group's own changes have no origin.
    const members = report.changes.filter((change) => !change.origin && change.layer === group.layer && change.cause === group.cause);
    const paths = members.length > 0 ? members.map((change) => change.path) : group.paths;
    const instruction = group.line === null ? undefined : instructions.get(group.line);
    const created = createdDirectories(report, group.layer, paths, existsBelow);
    const remedy = remedyFor(cause, { paths, members, instruction, context, announced, created });
    groups.push({ cause, layer: group.layer, line: group.line, paths, remedy });
  }
  const edits = groups.flatMap((group) => (group.remedy.kind === 'edit' ? group.remedy.edits : []));
  const unique = <T>(items: T[]) => [...new Set(items)];
  return {
    groups,
    edits: dedupeEdits(edits),
    settings: unique(groups.flatMap((group) => (group.remedy.kind === 'setting' ? [group.remedy.setting] : []))),
    checkoutSteps: unique(groups.flatMap((group) => (group.remedy.kind === 'checkout' ? [group.remedy.step] : []))),
    announced: { removed: unique(announced.removed).sort(), rewritten: unique(announced.rewritten).sort() },
  };
}

interface RemedyContext {
  classic: boolean;
  containerd: boolean;
  /** The check already built with rewrite-timestamp: what still differs in time is not for it to clamp. */
  rewrote: boolean;
  /** For each stage, the line of its FROM and whether it declares `ARG SOURCE_DATE_EPOCH` (and where). */
  stageArgs: { from: number; end: number; argLine: number | null }[];
}

interface GroupFacts {
  paths: string[];
  members: Report['changes'];
  instruction: Instruction | undefined;
  context: RemedyContext;
  announced: Announced;
  /** Directories the group's layer created implicitly (COPY's missing parents). */
  created: string[];
}

const NONE: Partial<Record<CauseId, string>> = {
  'parent-image': 'carried from the layers below: it goes away when they are reproducible',
  'rewrite-timestamp-ignored': 'the graph-driver image store drops rewritten times; only an engine setting (the containerd image store) changes that',
  'apk-db': 'apk records install times in its database; pin package versions and a repository snapshot',
  'archive-member-mtime': 'the archiver\'s own options set member times (zip -X after touch, jar --date); only GNU tar is rewritten automatically',
  'archive-member-order': 'the archiver\'s own options sort members (tar --sort=name); not rewritten automatically',
  'embedded-date': 'the step writes the date of the build into the file, and neither `date` nor a C compiler writes it; it must take the date from SOURCE_DATE_EPOCH or leave it out',
  'random-bytes': 'random data made during the build; generate it when the container starts',
  'cpu-count': 'the output follows the CPU count; pin the parallelism in the build script',
  'whiteout-variance': 'snapshotters record deletions differently; build both images with the same builder and store',
  unknown: 'no known cause matched, so no remedy is known',
};

/** The containerd image store's remedy for times: the exporter clamps every file time in the layers. */
const REWRITE_TIMESTAMP: Remedy = { kind: 'setting', setting: 'rewrite-timestamp', description: 'rewrite-timestamp=true with SOURCE_DATE_EPOCH' };

/** Whether builds on this engine get rewrite-timestamp (the fix's rebuilds always set SOURCE_DATE_EPOCH). */
function rewrites(context: RemedyContext): boolean {
  return context.containerd && !context.classic;
}

function remedyFor(cause: CauseId, facts: GroupFacts): Remedy {
  const { context, instruction } = facts;
  switch (cause) {
    case 'config-created':
      if (context.classic) return { kind: 'none', reason: 'the classic builder ignores SOURCE_DATE_EPOCH for the config: build with BuildKit' };
      return { kind: 'setting', setting: 'source-date-epoch', description: 'SOURCE_DATE_EPOCH build argument from the commit time' };
    case 'provenance':
      return { kind: 'setting', setting: 'provenance-false', description: 'build with --provenance=false' };
    case 'implicit-directory-mtime':
    case 'file-order':
      if (rewrites(context) && !context.rewrote) return REWRITE_TIMESTAMP;
      if (context.rewrote) return { kind: 'none', reason: 'the check built with rewrite-timestamp=true already, and the difference stayed' };
      return { kind: 'none', reason: 'only rewrite-timestamp=true fixes it, and the graph-driver image store drops rewritten times (enable the containerd image store)' };
    case 'context-mtime':
      return { kind: 'checkout', step: 'clamp-mtimes', description: 'set the context\'s mtimes to the commit time before building' };
    case 'context-mode':
      return chmodRemedy(facts);
    case 'build-mtime':
      // rewrite-timestamp clamps every time a RUN wrote (runtime mounts and whiteouts too): no
      // Dockerfile edit where the store honours it, unless the check built with it already.
      if (rewrites(context) && !context.rewrote) return REWRITE_TIMESTAMP;
      if (facts.paths.every(unclampable)) return { kind: 'none', reason: 'only runtime mounts (/dev, /proc, /sys, /etc/hosts) and whiteouts differ: a RUN cannot set their times; rewrite-timestamp=true on the containerd store can' };
      // Carried here from another layer (COPY --from): the paths are where the files landed, not where the RUN wrote them.
      if (facts.members.length === 0) return { kind: 'none', reason: `the files were written at line ${facts.instruction?.line ?? '?'} and copied to these paths by a later layer (COPY --from): set their times where they are written, or use rewrite-timestamp=true on the containerd store` };
      return runEdit(facts, () => [...stageArg(facts, 'times'), { type: 'clamp-times', line: instruction!.line, paths: facts.paths }], 'set the times of what the RUN wrote to SOURCE_DATE_EPOCH');
    case 'apt-state':
    case 'dpkg-logs':
    case 'ldconfig-cache':
    case 'language-cache':
      return cleanupRemedy(facts);
    case 'pyc-timestamp':
      return pycRemedy(facts);
    case 'gzip-header':
      return replaceRemedy(facts, GZIP_NO_NAME, 'gzip -n', 'the RUN does not call gzip itself');
    case 'dependency-version':
      if (instruction && /\bnpm\s+(install|i)\b(?!\s+\S*[a-z@])/.test(instruction.args)) {
        return replaceRemedy(facts, NPM_CI, 'npm ci (needs a committed package-lock.json)', '');
      }
      return { kind: 'none', reason: 'a dependency resolved to another version and no lockfile pins it (pin versions, commit a lockfile)' };
    case 'shadow-lastchange':
      facts.announced.rewritten.push(...facts.paths);
      return runEdit(facts, () => stageArg(facts, 'content'), 'declare ARG SOURCE_DATE_EPOCH so useradd and chpasswd take the day from it');
    case 'embedded-date':
      return embeddedDateRemedy(facts);
    case 'archive-member-mtime':
    case 'archive-member-order':
      if (instruction && rewriteApplies(TAR_FIXED_MEMBERS, instruction.args)) {
        return replaceRemedy(facts, TAR_FIXED_MEMBERS, 'GNU tar with sorted members, fixed times, owners and modes (TAR_OPTIONS)', '', 'content');
      }
      return { kind: 'none', reason: NONE[cause]! };
    case 'random-bytes':
      if (facts.paths.length > 0 && facts.paths.every((path) => path === '/etc/shadow' || path === '/etc/shadow-')) {
        return { kind: 'none', reason: 'a random salt in a password hash: set the password when the container starts, or give `chpasswd -e` a hash made once and kept as a secret' };
      }
      return hostKeyRemedy(facts) ?? { kind: 'none', reason: NONE[cause]! };
    default:
      return { kind: 'none', reason: NONE[cause] ?? 'no remedy is known' };
  }
}

/** Why a RUN cannot be edited, or null. */
function runDecline(instruction: Instruction | undefined): string | null {
  if (!instruction) return 'the difference maps to no Dockerfile line';
  if (instruction.keyword !== 'RUN') return `the difference began in ${instruction.keyword}, not in a RUN`;
  const { rest } = splitFlags(instruction.args);
  if (parseJsonArray(rest) !== undefined) return 'the RUN is in exec (JSON) form: no shell to append a command to';
  if (findHeredocs(rest).length > 0 || instruction.heredocs) return 'the RUN runs a heredoc script: edit its script by hand';
  return null;
}

function runEdit(facts: GroupFacts, make: () => DockerfileEdit[], description: string): Remedy {
  const reason = runDecline(facts.instruction);
  if (reason) return { kind: 'none', reason };
  return { kind: 'edit', edits: make(), description };
}

/** `ARG SOURCE_DATE_EPOCH` in the instruction's stage, unless the stage declares it before the line. */
function stageArg(facts: GroupFacts, purpose: 'times' | 'content'): DockerfileEdit[] {
  const line = facts.instruction!.line;
  const stage = facts.context.stageArgs.find((s) => s.from <= line && line <= s.end);
  if (stage && stage.argLine !== null && stage.argLine < line) return [];
  return [{ type: 'stage-arg', line, for: purpose }];
}

function cleanupRemedy(facts: GroupFacts): Remedy {
  const dirs = new Set(facts.members.filter((m) => m.a?.type === 'dir' || m.b?.type === 'dir').map((m) => m.path));
  const { globs, unknown } = removalGlobs(facts.paths.filter((path) => !dirs.has(path)));
  if (globs.length === 0) return { kind: 'none', reason: `no known cache or log location among ${unknown.slice(0, 3).join(', ')}` };
  const reason = runDecline(facts.instruction);
  if (reason) return { kind: 'none', reason };
  facts.announced.removed.push(...globs);
  const line = facts.instruction!.line;
  const edits: DockerfileEdit[] = [{ type: 'remove', line, paths: globs }];
  // Removing files changes their directory's mtime: clamp the directories that differed (the
  // rebuilds' rewrite-timestamp clamps them where the store honours it).
  const clamped = rewrites(facts.context) ? [] : [...dirs].filter((dir) => !removedBy(dir, globs));
  if (clamped.length > 0) edits.push(...stageArg(facts, 'times'), { type: 'clamp-times', line, paths: clamped });
  return { kind: 'edit', edits, description: `remove ${globs.join(' ')} in the same RUN` };
}

function chmodRemedy(facts: GroupFacts): Remedy {
  const { instruction, members, context } = facts;
  const checkout: Remedy = { kind: 'checkout', step: 'normalise-modes', description: 'umask 022 and chmod -R g-w,o-w on the context before building' };
  if (!instruction || (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || context.classic) return checkout;
  const { flags } = splitFlags(instruction.args);
  if (flags.chmod !== undefined || flags.from !== undefined) return checkout;
  // BuildKit gives the parents a COPY --chmod creates the same mode, so 0644 would make them
  // untraversable: only where the destination's directories exist already.
  if (facts.created.some((dir) => facts.paths.some((path) => path.startsWith(dir === '/' ? '/' : dir + '/')))) return checkout;
  // One --chmod sets every entry the instruction copies: only when they are all files of one mode in A.
  const modes = new Set(members.map((m) => (m.a?.type === 'file' ? m.a.mode : 'not-a-file')));
  const [mode] = modes;
  if (modes.size !== 1 || mode === undefined || mode === 'not-a-file') return checkout;
  return { kind: 'edit', edits: [{ type: 'chmod', line: instruction.line, mode }], description: `${instruction.keyword} --chmod=${mode} (the mode build A had; ${BUILDKIT_ONLY})` };
}

function pycRemedy(facts: GroupFacts): Remedy {
  const { instruction } = facts;
  if (instruction && /\bcompileall\b/.test(instruction.args) && !/--invalidation-mode/.test(instruction.args)) {
    return replaceRemedy(facts, COMPILEALL_HASH, 'hash-based .pyc (compileall --invalidation-mode checked-hash)', '');
  }
  facts.announced.rewritten.push(...facts.paths);
  return runEdit(facts, () => stageArg(facts, 'content'), 'declare ARG SOURCE_DATE_EPOCH so py_compile writes hash-based .pyc');
}

/**
 * A date of the build in a file: `date` given `-d @$SOURCE_DATE_EPOCH`, or, where a C compiler
 * wrote it (`__DATE__`, `__TIME__`), the argument declared so the compiler takes the time from it.
 */
function embeddedDateRemedy(facts: GroupFacts): Remedy {
  const run = facts.instruction?.keyword === 'RUN' ? facts.instruction.args : '';
  if (run.includes('SOURCE_DATE_EPOCH')) return { kind: 'none', reason: 'the RUN reads SOURCE_DATE_EPOCH already, and still writes another date' };
  if (rewriteApplies(DATE_FROM_EPOCH, run)) return replaceRemedy(facts, DATE_FROM_EPOCH, '`date -d @$SOURCE_DATE_EPOCH` (the current time when the argument is not passed)', '', 'content');
  if (runsDateAwareCompiler(run)) {
    facts.announced.rewritten.push(...facts.paths);
    return runEdit(facts, () => stageArg(facts, 'content'), 'declare ARG SOURCE_DATE_EPOCH: GCC and Clang take __DATE__ and __TIME__ from it');
  }
  return { kind: 'none', reason: NONE['embedded-date']! };
}

/** SSH host keys a package made in the RUN: removed there, to be generated when a container starts. */
const HOST_KEY = /^\/etc\/ssh\/ssh_host_[a-z0-9]+_key(\.pub)?$/;

function hostKeyRemedy(facts: GroupFacts): Remedy | null {
  if (facts.paths.length === 0 || !facts.paths.every((path) => HOST_KEY.test(path))) return null;
  const reason = runDecline(facts.instruction);
  if (reason) return { kind: 'none', reason };
  const glob = '/etc/ssh/ssh_host_*';
  facts.announced.removed.push(glob);
  return {
    kind: 'edit',
    edits: [{ type: 'remove', line: facts.instruction!.line, paths: [glob] }],
    description: 'remove the SSH host keys the package generated (every container of the image would share one private key); run `ssh-keygen -A` when the container starts, before sshd',
  };
}

function replaceRemedy(facts: GroupFacts, rewrite: CommandRewrite, description: string, missing: string, needsEpoch?: 'content'): Remedy {
  const reason = runDecline(facts.instruction);
  if (reason) return { kind: 'none', reason };
  if (!rewriteApplies(rewrite, facts.instruction!.args)) return { kind: 'none', reason: missing || 'the RUN has no such command' };
  facts.announced.rewritten.push(...facts.paths);
  const { pattern, replacement, label } = rewrite;
  const edits: DockerfileEdit[] = [{ type: 'replace', line: facts.instruction!.line, pattern, replacement, label }];
  return { kind: 'edit', edits: needsEpoch ? [...stageArg(facts, needsEpoch), ...edits] : edits, description };
}

/** The parents of `paths` the layer created: missing below it, or (without that fact) put down to implicit creation. */
function createdDirectories(report: PlanInput, layer: number | null, paths: readonly string[], existsBelow: ExistsBelow | undefined): string[] {
  if (layer === null) return [];
  if (existsBelow) {
    const parents = new Set(paths.map((path) => path.slice(0, path.lastIndexOf('/')) || '/'));
    return [...parents].filter((dir) => !existsBelow(layer, dir));
  }
  return report.changes.filter((change) => change.layer === layer && change.cause === 'implicit-directory-mtime').map((change) => change.path);
}

function stageArgLines(dockerfile: Dockerfile): RemedyContext['stageArgs'] {
  return dockerfile.stages.map((stage, index) => {
    const next = dockerfile.stages[index + 1];
    const arg = stage.instructions.find((i) => i.keyword === 'ARG' && /^SOURCE_DATE_EPOCH(=|\s|$)/.test(i.args));
    return { from: stage.from.line, end: next ? next.from.line - 1 : Number.MAX_SAFE_INTEGER, argLine: arg?.line ?? null };
  });
}

/** Drops repeated stage-arg edits of one stage's line and merges repeated paths. */
function dedupeEdits(edits: DockerfileEdit[]): DockerfileEdit[] {
  const seen = new Set<string>();
  const out: DockerfileEdit[] = [];
  for (const edit of edits) {
    const key = edit.type === 'replace' ? `${edit.type}:${edit.line}:${edit.label}` : JSON.stringify(edit);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(edit);
  }
  return out.sort((x, y) => x.line - y.line);
}
