import type { CheckoutSettings } from './context/context-tar.js';
import { InputError } from './input-error.js';
import type { VariationName } from './variations.js';

export type { CheckoutSettings } from './context/context-tar.js';
export { InputError } from './input-error.js';

/** The verdict that decides whether an image counts as reproducible. */
export type Level = 'strict' | 'layers' | 'content';
export const LEVELS: readonly Level[] = ['strict', 'layers', 'content'];

/** Which builder to use: BuildKit where the engine has it, the classic builder, or `docker buildx`. */
export type BuilderChoice = 'auto' | 'buildkit' | 'classic' | 'buildx';

/** Settings of `build`, parsed once from the action's inputs or the CLI's arguments. */
export interface BuildSettings {
  /** Absolute path of the build context directory. */
  context: string;
  /** Absolute path of the Dockerfile. */
  dockerfile: string;
  target?: string;
  /** Build arguments; the values of those whose names look secret (`looksSecret`) are masked. */
  buildArgs: Record<string, string>;
  /**
   * Build arguments given as secret (`--secret-build-arg`, input `secret-build-args`): passed to
   * the build like `buildArgs` (and over one of the same name), their values always masked.
   */
  secretBuildArgs?: Record<string, string>;
  /** Variations applied to build B. */
  variations: VariationName[];
  level: Level;
  builder: BuilderChoice;
  /**
   * A buildx builder to build through (`--buildx-builder`, input `builder-name`), as
   * docker/build-push-action's `builder` input: a remote BuildKit or a builder cluster. Implies
   * `builder: buildx`; checked with `docker buildx inspect` before the first build.
   */
  buildxBuilder?: string;
  /** Build both images without the cache (default true). */
  noCache: boolean;
  /** Where to write the JSON report, if anywhere. */
  reportPath?: string;
  keepImages: boolean;
  /** When A and B differ, find which variations alone reproduce a difference. */
  bisect: boolean;
  /** The SOURCE_DATE_EPOCH given to both builds. */
  sourceDateEpoch: SourceDateEpochSetting;
  /** Where to write the manifest of image A's file system (`.mtree` for mtree, else JSON). */
  emitManifest?: string;
  /** A stored manifest that image A's file system is checked against, with the default drift rules. */
  baseline?: { path: string; name: string };
  /** `--fix`: turn the causes into a patch, and with `verify` rebuild with it (absent: off). */
  fix?: FixSettings;
  /** Steps applied to the context of every build after the variations (set by the fix's rebuilds). */
  checkout?: CheckoutSettings;
  /** `false`: build without provenance attestations (`--provenance=false`, set by the fix's rebuilds). */
  provenance?: false;
}

/** What `--fix` does: `suggest` writes the patch, `verify` also rebuilds twice with it and compares. */
export type FixMode = 'off' | 'suggest' | 'verify';
export const FIX_MODES: readonly FixMode[] = ['off', 'suggest', 'verify'];

/** Settings of `--fix`. */
export interface FixSettings {
  mode: FixMode;
  /** Where to write the unified diff of the Dockerfile, if anywhere. */
  patchPath?: string;
  /** Write the patched Dockerfile over the user's (never done otherwise). */
  write: boolean;
  /** Most rounds of patch, rebuild and compare (default 3). */
  rounds: number;
}

/** Parses a fix mode, naming the input on error. */
export function parseFixMode(value: string, input: string): FixMode {
  const mode = value.trim().toLowerCase();
  if ((FIX_MODES as readonly string[]).includes(mode)) return mode as FixMode;
  throw new InputError(`${input} must be one of ${FIX_MODES.join(', ')}, not "${value}"`);
}

/** Parses the number of fix rounds (1 to 10), naming the input on error. */
export function parseFixRounds(value: string, input: string): number {
  const text = value.trim();
  if (/^\d{1,2}$/.test(text) && Number(text) >= 1 && Number(text) <= 10) return Number(text);
  throw new InputError(`${input} must be a whole number from 1 to 10, not "${value}"`);
}

/** `auto`: the commit time of HEAD when the context is in a git checkout; `none`: not set. */
export type SourceDateEpochSetting = { mode: 'auto' } | { mode: 'none' } | { mode: 'fixed'; value: number };

/** Parses `auto`, `none` or a number of seconds since the epoch, naming the input on error. */
export function parseSourceDateEpoch(value: string, input: string): SourceDateEpochSetting {
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'auto') return { mode: 'auto' };
  if (text === 'none') return { mode: 'none' };
  if (/^\d{1,12}$/.test(text)) return { mode: 'fixed', value: Number(text) };
  throw new InputError(`${input} must be auto, none or a number of seconds since 1970, not "${value}"`);
}

/**
 * One side of `diff`: an image in the engine, a `docker save` archive on disk, or an image in a
 * registry (`docker://HOST/NAME[:TAG|@DIGEST]`, asked over plain HTTP when `insecure`, for the
 * `platform` given as OS/ARCH[/VARIANT] or the default of `src/registry/image-index.ts`).
 */
export type ImageSource =
  | { kind: 'engine'; ref: string }
  | { kind: 'archive'; path: string }
  | { kind: 'registry'; ref: string; insecure: string[]; platform?: string };

/** Settings of `diff`. */
export interface DiffSettings {
  a: ImageSource;
  b: ImageSource;
  level: Level;
  reportPath?: string;
}

/** Parses a level name, naming the input on error. */
export function parseLevel(value: string, input: string): Level {
  const level = value.trim().toLowerCase();
  if ((LEVELS as readonly string[]).includes(level)) return level as Level;
  throw new InputError(`${input} must be one of ${LEVELS.join(', ')}, not "${value}"`);
}

/**
 * Parses build arguments written as `KEY=VALUE`, one per line or repeated (as docker/build-push-action
 * takes them). A key without `=` takes its value from the environment, as `docker build` does.
 */
export function parseBuildArgs(items: readonly string[], input: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const args: Record<string, string> = {};
  for (const raw of items) {
    const item = raw.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) throw new InputError(`${input}: "${key}" is not a valid build argument name (expected KEY=VALUE)`);
    const value = eq < 0 ? env[key] : item.slice(eq + 1);
    if (value !== undefined) args[key] = value;
  }
  return args;
}

/** Parts of a build argument's name that make its value count as a secret (any case). */
export const SECRET_NAME_PARTS = ['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'KEY', 'CREDENTIAL', 'AUTH', 'PRIVATE'] as const;

/** Whether a build argument's name looks like it holds a secret (`GITHUB_TOKEN`, `npm_auth`, `SSH_KEY`). */
export function looksSecret(name: string): boolean {
  const upper = name.toUpperCase();
  return SECRET_NAME_PARTS.some((part) => upper.includes(part));
}

/** Every build argument passed to the builds: `buildArgs`, then the secret ones over them. */
export function allBuildArgs(settings: Pick<BuildSettings, 'buildArgs' | 'secretBuildArgs'>): Record<string, string> {
  return { ...settings.buildArgs, ...settings.secretBuildArgs };
}

/**
 * The values masked in the log (`core.setSecret`), build output, error messages and the reports'
 * free text: every secret build argument's value, and the values of build arguments whose names
 * look secret. A value of several lines counts whole and line by line, as a log shows it in
 * pieces. Other build arguments stay visible.
 */
export function secretValues(settings: Pick<BuildSettings, 'buildArgs' | 'secretBuildArgs'>): string[] {
  const values = [
    ...Object.entries(settings.buildArgs).filter(([name]) => looksSecret(name)).map(([, value]) => value),
    ...Object.values(settings.secretBuildArgs ?? {}),
  ];
  const pieces = values.flatMap((value) => [value, ...(/[\r\n]/.test(value) ? value.split(/\r?\n|\r/).map((line) => line.trim()) : [])]);
  return [...new Set(pieces.filter((value) => value !== ''))];
}

/** Parses a builder choice, naming the input on error. */
export function parseBuilder(value: string, input: string): BuilderChoice {
  const choice = value.trim().toLowerCase();
  if (choice === 'auto' || choice === 'buildkit' || choice === 'classic' || choice === 'buildx') return choice;
  throw new InputError(`${input} must be auto, buildkit, classic or buildx, not "${value}"`);
}

/**
 * Parses a buildx builder name (empty: none) against the builder choice: a named builder means
 * building through buildx, so `auto` becomes `buildx` and `buildkit` or `classic` are refused.
 */
export function parseBuildxBuilder(name: string, builder: BuilderChoice, input: string, builderInput: string): { builder: BuilderChoice; buildxBuilder?: string } {
  const text = name.trim();
  if (text === '') return { builder };
  // buildx's own rule for builder and context names, which also keeps the name out of option syntax.
  if (!/^[A-Za-z0-9][A-Za-z0-9_.+-]*$/.test(text)) throw new InputError(`${input}: "${name}" is not a buildx builder name (letters, digits, and _ . + - after the first)`);
  if (builder === 'buildkit' || builder === 'classic') throw new InputError(`${input} builds through docker buildx; it cannot go with ${builderInput} ${builder} (use buildx or auto)`);
  return { builder: 'buildx', buildxBuilder: text };
}

/** Parses a timeout in seconds (empty or 0: none), naming the input on error. */
export function parseTimeout(value: string, input: string): number | undefined {
  const text = value.trim();
  if (text === '' || text === '0') return undefined;
  if (/^\d{1,7}$/.test(text)) return Number(text);
  throw new InputError(`${input} must be a whole number of seconds, not "${value}"`);
}
