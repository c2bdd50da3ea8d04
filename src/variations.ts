import { NO_CONTEXT_VARIATION, type ContextVariation } from './context/context-tar.js';
import { InputError } from './settings.js';

/**
 * The conditions build B is varied in. Each name simulates a real difference between two machines
 * or two CI runs; the README documents them.
 */
export const VARIATION_NAMES = ['time', 'no-cache', 'context-mtime', 'context-mode'] as const;
export type VariationName = (typeof VARIATION_NAMES)[number];

/** What each variation simulates, for help texts and the README. */
export const VARIATION_DESCRIPTIONS: Record<VariationName, string> = {
  time: 'build B starts more than a second after build A ends, as a later CI run would',
  'no-cache': 'build B never reuses the build cache, as a fresh runner cannot',
  'context-mtime': 'every file in the context is a day and an hour newer, as after a fresh checkout',
  'context-mode': 'group-write bits added to the context, as a checkout under umask 002 has',
};

/** Seconds that `context-mtime` moves every context entry forward: whole units differ at every scale. */
export const CONTEXT_MTIME_SHIFT_SECONDS = 86_400 + 3_600 + 60 + 1;
/** Smallest wall-clock gap between the end of build A and the start of build B under `time`. */
export const TIME_GAP_MS = 1_100;

/** How one build is run. */
export interface BuildConditions {
  context: ContextVariation;
  noCache: boolean;
}

/** The conditions of both builds for a set of variations. */
export function planBuilds(variations: readonly VariationName[], noCacheByDefault: boolean): { a: BuildConditions; b: BuildConditions; gapMs: number } {
  const has = (name: VariationName) => variations.includes(name);
  return {
    a: { context: NO_CONTEXT_VARIATION, noCache: noCacheByDefault },
    b: {
      context: {
        ...NO_CONTEXT_VARIATION,
        mtimeShiftSeconds: has('context-mtime') ? CONTEXT_MTIME_SHIFT_SECONDS : 0,
        groupWritable: has('context-mode'),
      },
      noCache: noCacheByDefault || has('no-cache'),
    },
    gapMs: has('time') ? TIME_GAP_MS : 0,
  };
}

/** Parses a comma- or newline-separated list of variation names; `all` selects every one. */
export function parseVariations(text: string, input: string): VariationName[] {
  const names = text
    .split(/[\s,]+/)
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0 || names.includes('all')) return [...VARIATION_NAMES];
  const unknown = names.filter((name) => !(VARIATION_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new InputError(`${input}: unknown variation ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${VARIATION_NAMES.join(', ')}, all`);
  }
  return VARIATION_NAMES.filter((name) => names.includes(name));
}
