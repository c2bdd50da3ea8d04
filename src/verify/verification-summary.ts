import type { VerifyResult } from './verify-result.js';
import { VERIFY_LEVELS } from './verify-levels.js';

/**
 * The in-toto Statements (v1) `verify --attestation` writes: a SLSA Verification Summary Attestation
 * (https://slsa.dev/spec/v1.0/verification_summary) saying whether the published image was
 * reproduced, and a statement of repro-check's own with the comparison's details.
 */

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const VSA_TYPE = 'https://slsa.dev/verification_summary/v1';
/** repro-check's own predicate: the level-by-level comparison behind the summary. */
export const DETAILS_TYPE = 'urn:repro-check:verify-details:v1';
/** Who verified: repro-check, named by URN (the project has no URL of its own to name it by). */
export const VERIFIER_ID = 'urn:repro-check:verifier';
/** The policy applied: rebuild from the context and compare at the level asked. */
export const POLICY_URI = 'urn:repro-check:policy:rebuild-and-compare:v1';

/** An in-toto Statement v1. */
export interface Statement {
  _type: typeof STATEMENT_TYPE;
  subject: { name: string; digest: Record<string, string> }[];
  predicateType: string;
  predicate: Record<string, unknown>;
}

/**
 * The levels the rebuild matched, as repro-check names them (`REPRO_CHECK_*`, never `SLSA_*`,
 * which name SLSA's own track levels): one per level of the comparison that is equal, and one per
 * verdict level (strict, layers, content) that holds.
 */
export function verifiedLevels(result: VerifyResult, treeVerdicts: { strict: boolean; layers: boolean; content: boolean }): string[] {
  const levels: string[] = [];
  for (const level of VERIFY_LEVELS) if (result.levels[level] === 'equal') levels.push(`REPRO_CHECK_${level.toUpperCase().replace(/-/g, '_')}_EQUAL`);
  if (result.firstDifference === null) levels.push('REPRO_CHECK_STRICT');
  if (treeVerdicts.layers) levels.push('REPRO_CHECK_LAYERS');
  if (treeVerdicts.content) levels.push('REPRO_CHECK_CONTENT');
  return levels;
}

/** The subject: the published image by its name and the digest its reference names. */
function subject(result: VerifyResult): Statement['subject'] {
  const [algorithm, hex] = result.published.digest.split(':') as [string, string];
  return [{ name: result.published.ref.replace(/^docker:\/\//, '').replace(/@.*$/, ''), digest: { [algorithm]: hex } }];
}

/** The two statements, in the order they are written. */
export function verifyStatements(result: VerifyResult, treeVerdicts: { strict: boolean; layers: boolean; content: boolean }, version: string, timeVerified: Date): Statement[] {
  const resourceUri = result.published.ref.replace(/^docker:\/\//, '');
  const summary: Statement = {
    _type: STATEMENT_TYPE,
    subject: subject(result),
    predicateType: VSA_TYPE,
    predicate: {
      verifier: { id: VERIFIER_ID, version: { 'repro-check': version } },
      timeVerified: timeVerified.toISOString(),
      resourceUri,
      policy: { uri: POLICY_URI },
      verificationResult: result.verdict === 'GOOD' ? 'PASSED' : 'FAILED',
      verifiedLevels: result.verdict === 'GOOD' ? verifiedLevels(result, treeVerdicts) : [],
    },
  };
  const details: Statement = {
    _type: STATEMENT_TYPE,
    subject: subject(result),
    predicateType: DETAILS_TYPE,
    predicate: {
      verdict: result.verdict,
      level: result.level,
      firstDifference: result.firstDifference,
      levels: result.levels,
      notes: result.notes,
      platforms: result.platforms,
      published: result.published,
      rebuilt: result.rebuilt,
      settings: result.settings,
    },
  };
  return [summary, details];
}
