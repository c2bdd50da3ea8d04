import type { Dockerfile, Instruction } from '../dockerfile/dockerfile-parser.js';
import { applyRewrite } from './command-rewrites.js';
import { CLAMP_LIST_LIMIT, clampRoots, removedBy, RUNTIME_FILES, shellPath, unclampable } from './cleanup-paths.js';
import type { DockerfileEdit } from './remedy.js';

/** The time every clamp sets: the build argument, or 0 when a build does not pass it. */
const EPOCH = '"@${SOURCE_DATE_EPOCH:-0}"';

/**
 * The command a RUN gets appended for its removals and clamps: removals first, then the times
 * of what is left (a touch of a removed path would fail, and `-c` never creates one).
 */
export function cleanupCommand(removals: readonly string[], clamps: readonly string[]): string {
  return cleanupParts(removals, clamps).join(' && ');
}

/** The commands of `cleanupCommand`, one per step, so a continued RUN gets one line each. */
function cleanupParts(removals: readonly string[], clamps: readonly string[]): string[] {
  const parts: string[] = [];
  if (removals.length > 0) parts.push(`rm -rf ${removals.map((glob) => shellPath(glob, true)).join(' ')}`);
  const kept = [...new Set(clamps)].filter((path) => !removedBy(path, removals) && !unclampable(path)).sort();
  if (kept.length > CLAMP_LIST_LIMIT) {
    // Too many to name: clamp what the build wrote (newer than the commit) below their directories.
    const mounts = RUNTIME_FILES.map((file) => `! -path ${file}`).join(' ');
    parts.push(`find ${clampRoots(kept).map((p) => shellPath(p)).join(' ')} -xdev -newermt ${EPOCH} ${mounts} -exec touch -c -h -d ${EPOCH} {} +`);
  } else if (kept.length > 0) {
    parts.push(`touch -c -h -d ${EPOCH} ${kept.map((p) => shellPath(p)).join(' ')}`);
  }
  return parts;
}

/**
 * Applies the edits to the Dockerfile's text, which `dockerfile` is the parse of. A RUN keeps its
 * continuation style (`&&` leading or trailing the lines) and the indentation of its last line.
 * `ARG SOURCE_DATE_EPOCH` goes once per stage, right above the first instruction that needs it
 * (above the comment lines directly over it), so the RUNs before it see nothing new. Line endings
 * are kept. The edits must have passed planning's checks (no exec-form or heredoc RUN).
 */
export function applyEdits(text: string, dockerfile: Dockerfile, edits: readonly DockerfileEdit[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  const byLine = new Map<number, Instruction>();
  for (const stage of dockerfile.stages) for (const i of [stage.from, ...stage.instructions]) byLine.set(i.line, i);
  // The first line that needs the argument, per stage (keyed by the stage's FROM line).
  const argAt = new Map<number, number>();
  for (const edit of edits) {
    if (edit.type !== 'stage-arg') continue;
    const stage = dockerfile.stages.findLast((s) => s.from.line <= edit.line);
    if (stage) argAt.set(stage.from.line, Math.min(argAt.get(stage.from.line) ?? edit.line, edit.line));
  }
  const touched = [...new Set(edits.filter((e) => e.type !== 'stage-arg').map((e) => e.line))];
  // Bottom up, so each edit's line numbers still hold when it is applied; at one line the
  // instruction is edited before the ARG is put above it.
  const steps = [
    ...touched.map((line) => ({ line: line + 0.5, apply: () => editInstruction(lines, byLine.get(line), edits.filter((e) => e.line === line && e.type !== 'stage-arg'), dockerfile.escape) })),
    ...[...argAt.values()].map((line) => ({ line, apply: () => insertArg(lines, line) })),
  ].sort((x, y) => y.line - x.line);
  for (const step of steps) step.apply();
  return lines.join(eol);
}

/** Puts `ARG SOURCE_DATE_EPOCH` above the 1-based line, and above the comments directly over it. */
function insertArg(lines: string[], line: number): void {
  let at = line - 1;
  while (at > 0 && /^\s*#/.test(lines[at - 1] ?? '') && !/^\s*#\s*(syntax|escape|check)\s*=/i.test(lines[at - 1] ?? '')) at--;
  lines.splice(at, 0, `${indentOf(lines[line - 1] ?? '')}ARG SOURCE_DATE_EPOCH`);
}

function editInstruction(lines: string[], instruction: Instruction | undefined, edits: DockerfileEdit[], escape: string): void {
  if (!instruction) return;
  const first = instruction.line - 1;
  const last = instruction.endLine - 1;
  for (const edit of edits) {
    if (edit.type === 'replace') {
      for (let i = first; i <= last; i++) {
        // The first line's keyword and flags are not shell text: a command at its start follows them.
        const line = lines[i] ?? '';
        const head = i === first ? (/^\s*\S+(\s+--\S+)*\s+/.exec(line)?.[0] ?? '') : '';
        lines[i] = head + applyRewrite(edit, line.slice(head.length));
      }
    } else if (edit.type === 'chmod') {
      lines[first] = (lines[first] ?? '').replace(/^(\s*\S+)(\s+)/, `$1$2--chmod=${edit.mode} `);
    }
  }
  const removals = edits.flatMap((e) => (e.type === 'remove' ? e.paths : []));
  const clamps = edits.flatMap((e) => (e.type === 'clamp-times' ? e.paths : []));
  const parts = cleanupParts(removals, clamps);
  if (parts.length === 0) return;
  const end = (lines[last] ?? '').replace(/\s+$/, '');
  if (first === last) {
    lines[last] = `${end} && ${parts.join(' && ')}`;
    return;
  }
  // A continued RUN gets one continuation line per command, in its own style.
  const continued = lines.slice(first + 1, last + 1).filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  const leading = continued.some((line) => /^\s*&&/.test(line));
  const indent = indentOf(lines[last] ?? '');
  const added = leading
    ? parts.map((part, i) => `${indent}&& ${part}${i < parts.length - 1 ? ` ${escape}` : ''}`)
    : parts.map((part, i) => `${indent}${part}${i < parts.length - 1 ? ` && ${escape}` : ''}`);
  lines[last] = leading ? `${end} ${escape}` : `${end} && ${escape}`;
  lines.splice(last + 1, 0, ...added);
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}
