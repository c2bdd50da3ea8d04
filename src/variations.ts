import { NO_CONTEXT_VARIATION, type ContextVariation } from './context/context-tar.js';
import type { BuilderKind } from './engine/engine.js';
import { InputError } from './input-error.js';

/**
 * The catalogue of conditions a build can be varied in. Each simulates a real difference between two
 * machines or two CI runs; the README's table is this catalogue.
 */
export const VARIATION_NAMES = ['time', 'no-cache', 'context-mtime', 'context-mode', 'context-order', 'cpus'] as const;
export type VariationName = (typeof VARIATION_NAMES)[number];

/** What a variation simulates and how repro-check applies it. */
export interface VariationInfo {
  /** The real-world difference it stands for. */
  simulates: string;
  /** What repro-check does to the varied build. */
  how: string;
  /**
   * Why it is not applied with this builder, or null when it is: the builder cannot apply it, or
   * (`no-cache`) both builds already skip the cache (`noCacheByDefault`), so B would not differ.
   */
  unsupported: (builder: BuilderKind, noCacheByDefault: boolean) => string | null;
}

/** Seconds that `context-mtime` moves every context entry forward: whole units differ at every scale. */
export const CONTEXT_MTIME_SHIFT_SECONDS = 86_400 + 3_600 + 60 + 1;
/** Smallest wall-clock gap between the end of build A and the start of a varied build. */
export const TIME_GAP_MS = 1_100;
/** The CPUs a build under `cpus` may use: one. */
export const ONE_CPU = '0';

const always = () => null;

/** Why `no-cache` is not applied by default; the report and the summaries quote it. */
export const NO_CACHE_ALREADY = 'both builds skip the build cache (the default), so B cannot differ from A in it; --cache (input cache: true) lets build A use the cache and B vary it';

/** Every variation, in the order of `VARIATION_NAMES`. */
export const VARIATIONS: Record<VariationName, VariationInfo> = {
  time: {
    simulates: 'a later CI run: builds never happen at the same moment',
    how: `starts more than ${TIME_GAP_MS / 1000} s after build A ends (layer mtimes have one-second resolution); always applied`,
    unsupported: always,
  },
  'no-cache': {
    simulates: 'a fresh runner with no build cache',
    how: 'builds B without the build cache while A may use it; applied only with --cache (input cache: true), as both builds skip the cache by default',
    unsupported: (_builder, noCacheByDefault) => (noCacheByDefault ? NO_CACHE_ALREADY : null),
  },
  'context-mtime': {
    simulates: 'a checkout made at another time',
    how: `every context entry is ${CONTEXT_MTIME_SHIFT_SECONDS} s (1 d 1 h 1 min 1 s) newer`,
    unsupported: always,
  },
  'context-mode': {
    simulates: 'a checkout under umask 002 instead of 022',
    how: 'group-write added to every context entry the owner may write',
    unsupported: always,
  },
  'context-order': {
    simulates: 'a file system that lists directories in another order',
    how: 'the entries of each context directory are sent in reverse name order',
    unsupported: always,
  },
  cpus: {
    simulates: 'a runner with fewer CPUs (nproc-dependent output)',
    how: `the build may use CPU ${ONE_CPU} only (the build API's cpusetcpus)`,
    unsupported: (builder) =>
      builder === 'classic' ? null : 'BuildKit ignores the build API\'s CPU set and buildx has no such option; use --builder classic to vary the CPU count',
  },
};

/** How one build is run. */
export interface BuildConditions {
  context: ContextVariation;
  noCache: boolean;
  /** CPUs the build may use (`cpusetcpus`), or undefined for all. */
  cpuset?: string;
}

/** The conditions of a build varied by `variations` (build A has none but, possibly, the cache). */
export function conditionsFor(variations: readonly VariationName[], noCacheByDefault: boolean): BuildConditions {
  const has = (name: VariationName) => variations.includes(name);
  const conditions: BuildConditions = {
    context: {
      ...NO_CONTEXT_VARIATION,
      mtimeShiftSeconds: has('context-mtime') ? CONTEXT_MTIME_SHIFT_SECONDS : 0,
      groupWritable: has('context-mode'),
      reverseOrder: has('context-order'),
    },
    noCache: noCacheByDefault || has('no-cache'),
  };
  if (has('cpus')) conditions.cpuset = ONE_CPU;
  return conditions;
}

/** A selected variation that is not applied to build B, and why. */
export interface SkippedVariation {
  name: VariationName;
  reason: string;
}

/**
 * Splits the selected variations into those applied to build B and those that are not, with why:
 * the builder cannot apply them, or (`no-cache`) both builds skip the cache anyway (`noCache`, the
 * default), so it would vary nothing and cost `--bisect` a build for nothing.
 */
export function applicableVariations(
  variations: readonly VariationName[],
  builder: BuilderKind,
  options: { noCache: boolean },
): { applied: VariationName[]; skipped: SkippedVariation[] } {
  const applied: VariationName[] = [];
  const skipped: SkippedVariation[] = [];
  for (const name of variations) {
    const reason = VARIATIONS[name].unsupported(builder, options.noCache);
    if (reason) skipped.push({ name, reason });
    else applied.push(name);
  }
  return { applied, skipped };
}

/**
 * Parses a comma- or newline-separated list of variation names; `all` selects every one. `time` is
 * always included: two builds never run at the same moment.
 */
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
  return VARIATION_NAMES.filter((name) => name === 'time' || names.includes(name));
}
