import { readFile } from 'node:fs/promises';
import type { Report } from '../report/report.js';
import { writeAttestations } from './attestation-file.js';
import { verifyStatements } from './verification-summary.js';
import type { Verdict } from './verify-levels.js';

/** Exit status of `verify`: 0 GOOD, 1 BAD, 2 FAIL or UNKNOWN (as for errors: nothing was shown to differ). */
export function verifyExitStatus(verdict: Verdict): number {
  if (verdict === 'GOOD') return 0;
  if (verdict === 'BAD') return 1;
  return 2;
}

/** Writes `verify`'s statements, signed when a key is given. */
export async function writeVerifyAttestation(report: Report, path: string, signKeyPath: string | undefined, version: string, now: Date = new Date()): Promise<void> {
  if (!report.verify) throw new Error('the report holds no verify result');
  const key = signKeyPath ? await readFile(signKeyPath, 'utf8') : undefined;
  await writeAttestations(path, verifyStatements(report.verify, report.verdicts, version, now), key);
}
