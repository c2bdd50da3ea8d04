/**
 * Rewrites of one command in a RUN's shell text that make its output reproducible: each names the
 * command it finds (at a command position: the start, or after `&&`, `||`, `;`, `|`, `(` or `$(`)
 * and what it puts there. Plain data; planning picks one for a cause, editing applies it.
 */

/** A rewrite of one command word: `pattern` finds it (global), `replacement` is a String.replace template. */
export interface CommandRewrite {
  pattern: RegExp;
  replacement: string;
  /** The rewrite in a few words, for the remedy's description and the edit's label. */
  label: string;
}

/** Where a command word may start: the text's start or a shell separator, kept as group 1. */
const AT_COMMAND = String.raw`(^|[;&|(\x60]\s*)`;

/** `gzip` without `-n` stores the input's name and time in its header. */
export const GZIP_NO_NAME: CommandRewrite = { pattern: /\bgzip\b(?!\s+-n\b)(?![\w.-])/g, replacement: 'gzip -n', label: 'gzip -n' };

/** `npm install` without package names resolves versions anew; `npm ci` installs the lockfile's. */
export const NPM_CI: CommandRewrite = { pattern: /\bnpm\s+(?:install|i)\b/g, replacement: 'npm ci', label: 'npm ci' };

/** Timestamp-based `.pyc` hold their source's mtime; checked-hash ones hold its hash. */
export const COMPILEALL_HASH: CommandRewrite = {
  pattern: /\bcompileall\b/g,
  replacement: 'compileall --invalidation-mode checked-hash',
  label: 'compileall --invalidation-mode checked-hash',
};

/**
 * `date` that prints the current time (no `-d`, `--date`, `-r`, `--reference` in the same command):
 * given `-d @$SOURCE_DATE_EPOCH`, falling back to the current time when the argument is not passed,
 * so a build without it behaves as before. GNU and BusyBox `date` both read `@seconds`.
 */
export const DATE_FROM_EPOCH: CommandRewrite = {
  pattern: new RegExp(AT_COMMAND + String.raw`date(?=\s|$|\)|\x60)(?![^;&|)\x60\n]*\s(?:-[a-zA-Z]*[dr]\b|--date|--reference))`, 'g'),
  replacement: '$1date -d "@$${SOURCE_DATE_EPOCH:-$$(date +%s)}"',
  label: 'date -d @$SOURCE_DATE_EPOCH',
};

/**
 * GNU tar that creates an archive: `TAR_OPTIONS` sorts members by name and sets their times,
 * owners and group/other write bits to fixed values (the variable is read before the command
 * line, so old-style `tar czf` keeps working; BusyBox tar ignores it, which the rebuild shows).
 */
export const TAR_FIXED_MEMBERS: CommandRewrite = {
  pattern: new RegExp(AT_COMMAND + String.raw`tar(?=\s+(?:-?[A-Za-z]*c[A-Za-z]*\b|[^;&|\n]*--create\b))`, 'g'),
  replacement: '$1TAR_OPTIONS="--sort=name --mtime=@$${SOURCE_DATE_EPOCH:-0} --owner=0 --group=0 --numeric-owner --mode=go-w" tar',
  label: 'TAR_OPTIONS="--sort=name --mtime=@$SOURCE_DATE_EPOCH --owner=0 --group=0 --numeric-owner --mode=go-w" tar',
};

/** Compilers that take `__DATE__` and `__TIME__` from SOURCE_DATE_EPOCH when it is set (GCC 7+, Clang 16+). */
const DATE_AWARE_COMPILER = /(?:^|[\s;&|(/])(?:gcc|g\+\+|cc|c\+\+|clang|clang\+\+|make|cmake|ninja)(?=\s|$)/;

/** Whether a RUN's text builds C or C++ with a compiler that honours SOURCE_DATE_EPOCH. */
export function runsDateAwareCompiler(run: string): boolean {
  return DATE_AWARE_COMPILER.test(run);
}

/** Whether the rewrite finds its command in the RUN's text. */
export function rewriteApplies(rewrite: CommandRewrite, run: string): boolean {
  return new RegExp(rewrite.pattern.source).test(run);
}

/** The RUN's text with the rewrite applied (what the patched line reads). */
export function applyRewrite(rewrite: Pick<CommandRewrite, 'pattern' | 'replacement'>, text: string): string {
  return text.replace(new RegExp(rewrite.pattern.source, 'g'), rewrite.replacement);
}
