/**
 * The kinds of remedy a cause of difference can get: an edit of the Dockerfile at the line the
 * difference began, a build setting, a step applied to the checkout (the build context), or none,
 * with the reason. Plain data: planning (plan-remedies.ts) makes them, editing applies them.
 */
import type { CauseId } from '../explain/causes.js';

/** An edit of one Dockerfile instruction, addressed by the 1-based line where it starts. */
export type DockerfileEdit =
  /** Remove these paths (globs as the shell expands them) at the end of the RUN. */
  | { type: 'remove'; line: number; paths: string[] }
  /** Set the time of these paths to SOURCE_DATE_EPOCH at the end of the RUN (ARG declared in the stage). */
  | { type: 'clamp-times'; line: number; paths: string[] }
  /**
   * Declare `ARG SOURCE_DATE_EPOCH` in the stage before this line, so tools in the RUN see it:
   * for `times` only the appended clamps read it; for `content` the RUN's own tools must (gcc's
   * `__DATE__`, useradd's last-change day). Every RUN below the declaration sees it too, which can
   * change what they write, so a `times` declaration is the first thing narrowing drops.
   */
  | { type: 'stage-arg'; line: number; for: 'times' | 'content' }
  /** Give the COPY or ADD an explicit `--chmod` (BuildKit only). */
  | { type: 'chmod'; line: number; mode: string }
  /** Replace a command word in the RUN (`gzip` → `gzip -n`, `npm install` → `npm ci`). */
  | { type: 'replace'; line: number; pattern: RegExp; replacement: string; label: string };

/** A build option the rebuilds take. */
export type FixSetting = 'source-date-epoch' | 'rewrite-timestamp' | 'provenance-false';

/** A step applied to the build context after the variations, in both rebuilds. */
export type CheckoutStep = 'clamp-mtimes' | 'normalise-modes';

/** What the remedy of one cause group is. */
export type Remedy =
  | { kind: 'edit'; edits: DockerfileEdit[]; description: string }
  | { kind: 'setting'; setting: FixSetting; description: string }
  | { kind: 'checkout'; step: CheckoutStep; description: string }
  | { kind: 'none'; reason: string };

/**
 * What the patch announces it changes in the image beyond times: the side-effect proof accepts
 * these differences between the patched build A′ and the original A, and nothing else.
 */
export interface Announced {
  /** Globs of paths the patch removes (a path under a removed directory counts too). */
  removed: string[];
  /** Paths whose content the patch rewrites (hash-based `.pyc`, `gzip -n` output). */
  rewritten: string[];
}

/** One cause group of the report and what is done about it. */
export interface GroupRemedy {
  cause: CauseId;
  /** The layer where the group's differences began (null: the image config). */
  layer: number | null;
  /** The Dockerfile line the remedy applies to, or null. */
  line: number | null;
  /** Every path (or config field) of the group. */
  paths: string[];
  remedy: Remedy;
}

/** The line of a BuildKit-only remedy, for a message. */
export const BUILDKIT_ONLY = 'COPY --chmod needs BuildKit; the classic builder rejects it';
