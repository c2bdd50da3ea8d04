/**
 * Drift rules: which changes between a baseline and a snapshot are expected. A rules file is
 * plain text, one rule a line, `#` comments:
 *
 *     ignore GLOB [WHAT…] [type=TYPE,…]   suppress changes of paths matching GLOB
 *     drop GLOB                           remove every earlier rule (defaults too) for GLOB
 *     accept PATH VALUE…                  accept PATH while it has these values (see accept-pins.ts)
 *
 * WHAT lists change kinds (`added`, `removed`) and aspects of modified entries (`content`,
 * `mtime`, …); without WHAT the rule covers every change, and a GLOB (minimatch syntax, `**` for
 * any depth) that matches a directory then covers everything below it too. With WHAT the GLOB
 * must match the path itself, so accepting a directory's new mtime does not hide its contents'.
 * A GLOB holding spaces is written as a JSON string: `ignore "/srv/my files"`.
 */
import { escape, Minimatch } from 'minimatch';
import { ASPECTS, type Aspect } from '../tree/compare-trees.js';
import { normalisePath, parentPath, type EntryType } from '../tree/file-entry.js';
import type { IgnoreRule } from '../tree/ignore-rules.js';
import { parsePin, pinWords, ruleWord, type AcceptPin } from './accept-pins.js';

/** One rule as written. */
export interface DriftRule {
  glob: string;
  /** Change kinds suppressed whole. */
  kinds?: ('added' | 'removed')[];
  /** Aspects of modified entries suppressed. Neither `kinds` nor `aspects`: everything. */
  aspects?: Aspect[];
  /** Entry types the rule applies to; all when absent. */
  types?: EntryType[];
  /** Where the rule comes from: `default`, `FILE:LINE`, `--ignore`. */
  origin: string;
  /**
   * An `accept` line: `glob` is the literal path, and the change there is accepted only while the
   * snapshot has these values (applied after the comparison, see drift-compare.ts).
   */
  pin?: AcceptPin;
}

/** Raised for a rules file that cannot be read: names the file and the 1-based line. */
export class RulesFormatError extends Error {
  override name = 'RulesFormatError';
}

const ENTRY_TYPES = new Set<string>(['file', 'dir', 'symlink', 'hardlink', 'char', 'block', 'fifo', 'socket']);

/** Splits a rules line into words; `"…"` is a JSON string, `#` at a word's start ends the line. */
function words(line: string): string[] | string {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === '#') break;
    if (ch === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      if (j >= line.length) return 'unterminated "';
      try {
        out.push(JSON.parse(line.slice(i, j + 1)) as string);
      } catch {
        return `bad string ${line.slice(i, j + 1)}`;
      }
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < line.length && line[j] !== ' ' && line[j] !== '\t') j++;
    out.push(line.slice(i, j));
    i = j;
  }
  return out;
}

/** One rules-file line applied to the rules so far (which it may add to or drop from). */
function applyLine(rules: DriftRule[], line: string, origin: string): DriftRule[] | string {
  const parts = words(line);
  if (typeof parts === 'string') return parts;
  if (parts.length === 0) return rules;
  const [verb, glob, ...what] = parts;
  if (verb !== 'ignore' && verb !== 'drop' && verb !== 'accept') return `unknown rule "${verb}" (expected ignore, drop or accept)`;
  if (glob === undefined) return `${verb} needs a ${verb === 'accept' ? 'PATH' : 'GLOB'}`;
  if (verb === 'accept') {
    if (normalisePath(glob) !== glob) return `PATH ${glob} must be absolute and normalised (/etc/passwd)`;
    const pin = parsePin(glob, what);
    if (typeof pin === 'string') return pin;
    return [...rules, { glob, origin, pin }];
  }
  if (!glob.startsWith('/') && !glob.startsWith('**')) return `GLOB ${glob} must be absolute (start with / or **)`;
  if (verb === 'drop') {
    if (what.length > 0) return 'drop takes only a GLOB';
    return rules.filter((rule) => rule.glob !== glob);
  }
  const rule: DriftRule = { glob, origin };
  for (const word of what) {
    if (word.startsWith('type=')) {
      const types = word.slice(5).split(',');
      const bad = types.find((t) => !ENTRY_TYPES.has(t));
      if (bad !== undefined) return `type ${bad} is not one of ${[...ENTRY_TYPES].join(', ')}`;
      rule.types = types as EntryType[];
    } else if (word === 'added' || word === 'removed') {
      (rule.kinds ??= []).push(word);
    } else if ((ASPECTS as readonly string[]).includes(word)) {
      (rule.aspects ??= []).push(word as Aspect);
    } else {
      return `"${word}" is neither added, removed, type=… nor an aspect (${ASPECTS.join(', ')})`;
    }
  }
  return [...rules, rule];
}

/**
 * Applies a rules file to the rules so far: `ignore` lines add, `drop` lines remove. `name` is
 * the file name used in errors and in each rule's origin.
 */
export function applyRulesText(rules: readonly DriftRule[], text: string, name: string): DriftRule[] {
  let current = [...rules];
  const lines = text.split('\n');
  const old = lines.findIndex((line) => line.replace(/\r$/, '') === OLD_ACCEPT_HEADER);
  if (old >= 0) {
    throw new RulesFormatError(
      `${name}:${old + 1}: an accept file of an older repro-check: its rules accept any later value of the aspects they name (a second uid-0 user, a new host key); ` +
        'write it again with drift --accept, which pins the accepted values, and review it',
    );
  }
  lines.forEach((raw, index) => {
    const result = applyLine(current, raw.replace(/\r$/, ''), `${name}:${index + 1}`);
    if (typeof result === 'string') throw new RulesFormatError(`${name}:${index + 1}: ${result}`);
    current = result;
  });
  return current;
}

/**
 * The second line of the accept files older versions wrote (exact-path `ignore` rules by aspect,
 * which let any later value of the aspect through): such a file is refused, never read as it says.
 */
const OLD_ACCEPT_HEADER = '# Written by repro-check drift --accept; review, then pass it with --rules.';

/** A glob matching exactly one path, for rules written from paths (`--accept`, `--ignore`). */
export function literalGlob(path: string): string {
  return escape(path);
}

/** A rule in rules-file syntax (without its origin). */
export function formatRule(rule: DriftRule): string {
  if (rule.pin) return ['accept', ruleWord(rule.glob), ...pinWords(rule.pin.absent === true ? undefined : rule.pin.entry)].join(' ');
  const glob = /[\s"#]/.test(rule.glob) ? JSON.stringify(rule.glob) : rule.glob;
  const parts = ['ignore', glob, ...(rule.kinds ?? []), ...(rule.aspects ?? [])];
  if (rule.types) parts.push('type=' + rule.types.join(','));
  return parts.join(' ');
}

/** The literal start of a glob up to its last `/` before any magic, to skip hopeless paths cheaply. */
function literalDir(glob: string): string {
  const magic = glob.search(/[*?[{(!+@\\]/);
  const literal = magic < 0 ? glob : glob.slice(0, magic);
  return literal.slice(0, literal.lastIndexOf('/') + 1);
}

/**
 * The last part of a glob when every path it matches must end in that very name: a plain name
 * (no magic, not `.` or `..`) in a glob with no empty, `.` or `..` part that minimatch could fold
 * away. Undefined when there is no such name (`/var/log/**`, `*.leases`).
 */
function literalName(glob: string): string | undefined {
  const parts = glob.split('/');
  const name = parts[parts.length - 1]!;
  if (/[*?[\]{}()!+@\\]/.test(name)) return undefined;
  if (parts.some((part, i) => (part === '' && i > 0) || part === '.' || part === '..')) return undefined;
  return name;
}

/**
 * Turns a rule into the comparator's form. A rule that covers every change and matches a
 * directory covers its subtree as well.
 *
 * Before minimatch sees a path, two tests that allocate nothing turn away the paths a glob cannot
 * match: outside its literal directory, or (for `**\/.bash_history` and literal paths) without its
 * last name. Profiling note: testing the default rules on the 34,000 changes of two 1M-entry
 * manifests (bench/drift-bench.ts) took 0.6 s, mostly in minimatch and in the strings the
 * directory test built; with these tests, 0.05 s.
 */
export function compileRule(rule: DriftRule): IgnoreRule {
  const matcher = new Minimatch(rule.glob, { dot: true });
  const prefix = literalDir(rule.glob);
  const name = literalName(rule.glob);
  /** `(p + '/').startsWith(prefix)`: p is the directory `prefix` or lies below it. */
  const inPrefix = (p: string) => prefix === '' || p.startsWith(prefix) || (p.length === prefix.length - 1 && prefix.startsWith(p));
  const hasName = (p: string) => name === undefined || (p.endsWith(name) && (p.length === name.length || p.charCodeAt(p.length - name.length - 1) === 47));
  const matchesItself = (p: string) => inPrefix(p) && hasName(p) && matcher.match(p);
  // A directory above a path can only be in the prefix if the path is (or the root is, as `//`).
  const rootInPrefix = inPrefix('/');
  const whole = rule.kinds === undefined && rule.aspects === undefined;
  const compiled: IgnoreRule = {
    name: `${rule.origin}: ${formatRule(rule)}`,
    matches: whole
      ? (path) => {
          if (!rootInPrefix && !inPrefix(path)) return false;
          for (let p = path; ; p = parentPath(p)) {
            if (matchesItself(p)) return true;
            if (p === '/') return false;
          }
        }
      : matchesItself,
  };
  if (rule.kinds) compiled.kinds = new Set(rule.kinds);
  if (rule.aspects) compiled.aspects = new Set(rule.aspects);
  if (rule.types) compiled.types = new Set(rule.types);
  return compiled;
}
