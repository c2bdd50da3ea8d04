import { readFile, writeFile } from 'node:fs/promises';
import { IN_TOTO_PAYLOAD_TYPE, signEnvelope, verifyEnvelope } from './dsse.js';
import type { Statement } from './verification-summary.js';

/**
 * The attestation file of `verify --attestation`: JSON Lines, one statement a line, or with a
 * signing key one DSSE envelope a line (each statement signed on its own, so a consumer can take
 * the summary without the details).
 */

/** Writes the statements, signed with the private key in `signKeyPem` when one is given. */
export async function writeAttestations(path: string, statements: readonly Statement[], signKeyPem?: string): Promise<void> {
  const lines = statements.map((statement) => {
    const payload = Buffer.from(JSON.stringify(statement), 'utf8');
    return JSON.stringify(signKeyPem ? signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, signKeyPem) : statement);
  });
  await writeFile(path, lines.join('\n') + '\n');
}

/** What checking an attestation file found, line by line. */
export interface AttestationCheck {
  valid: boolean;
  lines: { line: number; valid: boolean; reason?: string; predicateType?: string }[];
}

/**
 * Checks every line of a file of DSSE envelopes against a public key: valid when every line is an
 * envelope of an in-toto statement whose signature verifies. An empty file is invalid.
 */
export async function checkAttestations(path: string, publicKeyPem: string): Promise<AttestationCheck> {
  const text = await readFile(path, 'utf8');
  const lines: AttestationCheck['lines'] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      lines.push({ line, valid: false, reason: 'not JSON' });
      return;
    }
    const check = verifyEnvelope(value, publicKeyPem);
    if (!check.valid) {
      lines.push({ line, valid: false, reason: check.reason });
      return;
    }
    if ((value as { payloadType?: string }).payloadType !== IN_TOTO_PAYLOAD_TYPE) {
      lines.push({ line, valid: false, reason: `the payload type is not ${IN_TOTO_PAYLOAD_TYPE}` });
      return;
    }
    let predicateType: string | undefined;
    try {
      predicateType = (JSON.parse(check.payload!.toString('utf8')) as { predicateType?: string }).predicateType;
    } catch {
      lines.push({ line, valid: false, reason: 'the signed payload is not JSON' });
      return;
    }
    lines.push({ line, valid: true, ...(predicateType ? { predicateType } : {}) });
  });
  return { valid: lines.length > 0 && lines.every((line) => line.valid), lines };
}
