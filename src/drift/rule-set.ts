import { DEFAULT_RULES_TEXT } from './default-rules.js';
import { applyRulesText, RulesFormatError, type DriftRule } from './drift-rules.js';

/** Where the rules of one drift run come from, in the order they apply. */
export interface RuleSources {
  /** Start from the default rules (false with `--no-default-rules`). */
  defaults: boolean;
  /** Rules files: their `ignore` lines add, `drop` lines remove earlier rules. */
  files: readonly { name: string; text: string }[];
  /** `--ignore GLOB` values: each ignores every change under GLOB. */
  ignore: readonly string[];
}

/** The rules of the built-in default set. */
export function defaultRules(): DriftRule[] {
  return applyRulesText([], DEFAULT_RULES_TEXT, 'default').map((rule) => ({ ...rule, origin: 'default' }));
}

/** Puts the rules of one run together: defaults, then rules files, then `--ignore` globs. */
export function buildRules(sources: RuleSources): DriftRule[] {
  let rules = sources.defaults ? defaultRules() : [];
  for (const file of sources.files) rules = applyRulesText(rules, file.text, file.name);
  for (const glob of sources.ignore) {
    if (!glob.startsWith('/') && !glob.startsWith('**')) throw new RulesFormatError(`--ignore ${glob}: GLOB must be absolute (start with / or **)`);
    rules.push({ glob, origin: '--ignore' });
  }
  return rules;
}
