/**
 * What a change's metadata shows: which aspects differ, by how much the mtime moved, which mode
 * bits differ. The rules read their evidence through these.
 */
import { CONTEXT_MTIME_SHIFT_SECONDS } from '../variations.js';
import type { ChangeContext, ClassifiableChange } from './change-input.js';

const CONTENT_ASPECTS = new Set(['content', 'size']);

/** A modified file whose content (or size) differs. */
export function hasContent(change: ClassifiableChange): boolean {
  return change.kind === 'modified' && change.aspects.some((a) => CONTENT_ASPECTS.has(a));
}

/** Whether both versions' mtimes are known and at or before `epoch` (seconds), so nothing could clamp them. */
export function bothAtOrBefore(change: ClassifiableChange, epoch: number | null | undefined): boolean {
  if (epoch === null || epoch === undefined) return false;
  const old = change.old?.mtime;
  const now = change.new?.mtime;
  return old !== undefined && now !== undefined && old.sec <= epoch && now.sec <= epoch;
}

/** Seconds B's mtime is later than A's, when both are known. */
export function mtimeShift(change: ClassifiableChange): number | undefined {
  const old = change.old?.mtime;
  const now = change.new?.mtime;
  return old && now ? now.sec - old.sec : undefined;
}

/** The mtimes as evidence: `mtime +90061 s (1700000000 → 1700090061)`. */
export function mtimes(change: ClassifiableChange): string {
  const shift = mtimeShift(change);
  if (shift === undefined) return 'mtime';
  return `mtime ${shift >= 0 ? '+' : ''}${shift} s (${change.old!.mtime!.sec} → ${change.new!.mtime!.sec})`;
}

/** A modified entry that differs in its mtime and nothing else. */
export function mtimeOnly(change: ClassifiableChange): boolean {
  return change.kind === 'modified' && change.aspects.length > 0 && change.aspects.every((a) => a === 'mtime');
}

/** The entry is a directory (in B, or in A when B has none). */
export function isDir(change: ClassifiableChange): boolean {
  return (change.new ?? change.old)?.type === 'dir';
}

/** The modes differ only in group- and other-write bits, as two umasks make them. */
export function writeBitsOnly(change: ClassifiableChange): boolean {
  const a = change.old?.mode;
  const b = change.new?.mode;
  if (a === undefined || b === undefined) return false;
  const xor = a ^ b;
  return xor !== 0 && (xor & ~0o022) === 0;
}

/** A mode as octal text (`0644`), `?` when unknown. */
export function octal(mode: number | undefined): string {
  return mode === undefined ? '?' : '0' + mode.toString(8).padStart(3, '0');
}

/**
 * Whether B's mtime is A's moved by the context-mtime variation: by exactly its shift, or, with
 * rewrite-timestamp, clamped to SOURCE_DATE_EPOCH on the way (A's time before it, A's plus the shift past it).
 */
export function movedByContextShift(change: ClassifiableChange, context: ChangeContext): boolean {
  if (!context.variations.includes('context-mtime')) return false;
  const old = change.old?.mtime?.sec;
  const now = change.new?.mtime?.sec;
  if (old === undefined || now === undefined) return false;
  if (now - old === CONTEXT_MTIME_SHIFT_SECONDS) return true;
  const epoch = context.sourceDateEpoch;
  return context.rewriteTimestamp === true && epoch !== null && epoch !== undefined && now === epoch && old < epoch && old + CONTEXT_MTIME_SHIFT_SECONDS >= epoch;
}
