/**
 * Gives each file change a cause from the catalogue, a hint (the fix, in words that name the file
 * and the instruction) and the evidence the cause rests on. Rules are data (`CHANGE_RULES`), tried
 * in order; the first that matches decides. Pure: works on the change, the build's facts, the
 * content finding and the facts other changes supply.
 */
import type { ChangeContext, ChangeFacts, ClassifiableChange, Explanation, RuleInput } from './change-input.js';
import { CHANGE_RULES } from './change-rules.js';
import { evidence } from './evidence.js';
import type { ContentFinding } from './inspect/finding.js';
import { readInstruction } from './instruction-facts.js';

export type { ChangeContext, ChangeFacts, ChangeRule, ClassifiableChange, Explanation, RuleInput } from './change-input.js';
export { CHANGE_RULES } from './change-rules.js';

/** Classifies one file change; always returns an explanation (`unknown` when no rule matched). */
export function classifyChange(change: ClassifiableChange, context: ChangeContext, finding?: ContentFinding, facts: ChangeFacts = {}): Explanation {
  const input = ruleInput(change, context, finding, facts);
  for (const rule of CHANGE_RULES) {
    const explanation = rule.apply(input);
    if (explanation) return explanation;
  }
  const differs = change.aspects.join(', ') || change.kind;
  return { cause: 'unknown', hint: `${change.path} differs in ${differs}.`, evidence: evidence({ metadata: differs, instruction: input.instruction?.quoted }) };
}

/** The name of the rule that decides a change (for tests and debug output). */
export function matchingRule(change: ClassifiableChange, context: ChangeContext, finding?: ContentFinding, facts: ChangeFacts = {}): string {
  const input = ruleInput(change, context, finding, facts);
  return CHANGE_RULES.find((rule) => rule.apply(input) !== undefined)?.name ?? 'none';
}

function ruleInput(change: ClassifiableChange, context: ChangeContext, finding: ContentFinding | undefined, facts: ChangeFacts): RuleInput {
  const input: RuleInput = { change, context, instruction: readInstruction(context.instruction), facts };
  if (finding) input.finding = finding;
  return input;
}
