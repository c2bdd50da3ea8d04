import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAttestations, writeAttestations } from '../../src/verify/attestation-file.js';
import { verifyStatements } from '../../src/verify/verification-summary.js';
import type { VerifyResult } from '../../src/verify/verify-result.js';

const digest = `sha256:${'a'.repeat(64)}`;
const result = (verdict: VerifyResult['verdict']): VerifyResult => ({
  verdict,
  level: 'strict',
  firstDifference: verdict === 'GOOD' ? null : 'file',
  origin: null,
  levels: { index: 'not compared', manifest: 'equal', config: 'equal', 'compressed-layer': 'equal', layer: 'equal', file: 'equal' },
  notes: [],
  platforms: [],
  published: { ref: `docker://127.0.0.1:5000/app@${digest}`, digest, isIndex: false, manifestDigest: digest, configDigest: digest },
  rebuilt: { ref: 'docker://127.0.0.1:5000/app:t', digest, isIndex: false, manifestDigest: digest, configDigest: digest, how: 'pushed', removal: { removed: false, reason: 'kept' } },
  settings: { sourceDateEpoch: 1, sourceDateEpochFrom: 'input', target: null, buildArgsFromProvenance: [], provenance: null, revision: null },
});
const when = new Date('2026-01-02T03:04:05Z');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'repro-check-vsa-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('verifyStatements', () => {
  it('writes a SLSA verification summary of a GOOD image as the spec lays it out', () => {
    const [summary, details] = verifyStatements(result('GOOD'), { strict: true, layers: true, content: true }, '1.0.0', when);
    expect(summary).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: '127.0.0.1:5000/app', digest: { sha256: 'a'.repeat(64) } }],
      predicateType: 'https://slsa.dev/verification_summary/v1',
      predicate: {
        verifier: { id: 'urn:repro-check:verifier', version: { 'repro-check': '1.0.0' } },
        timeVerified: '2026-01-02T03:04:05.000Z',
        resourceUri: `127.0.0.1:5000/app@${digest}`,
        policy: { uri: 'urn:repro-check:policy:rebuild-and-compare:v1' },
        verificationResult: 'PASSED',
        verifiedLevels: ['REPRO_CHECK_MANIFEST_EQUAL', 'REPRO_CHECK_CONFIG_EQUAL', 'REPRO_CHECK_COMPRESSED_LAYER_EQUAL', 'REPRO_CHECK_LAYER_EQUAL', 'REPRO_CHECK_FILE_EQUAL', 'REPRO_CHECK_STRICT', 'REPRO_CHECK_LAYERS', 'REPRO_CHECK_CONTENT'],
      },
    });
    expect(details!.predicateType).toBe('urn:repro-check:verify-details:v1');
    expect(details!.predicate).toMatchObject({ verdict: 'GOOD', firstDifference: null });
  });

  it('says FAILED with no levels for a BAD image; no level name starts with SLSA_', () => {
    const [summary] = verifyStatements(result('BAD'), { strict: false, layers: false, content: false }, '1.0.0', when);
    expect(summary!.predicate).toMatchObject({ verificationResult: 'FAILED', verifiedLevels: [] });
    const [good] = verifyStatements(result('GOOD'), { strict: true, layers: true, content: true }, '1.0.0', when);
    expect((good!.predicate.verifiedLevels as string[]).some((level) => level.startsWith('SLSA_'))).toBe(false);
  });
});

describe('attestation files', () => {
  it('writes one statement a line, unsigned', async () => {
    const path = join(dir, 'plain.jsonl');
    await writeAttestations(path, verifyStatements(result('GOOD'), { strict: true, layers: true, content: true }, '1', when));
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!).predicateType).toBe('https://slsa.dev/verification_summary/v1');
  });

  it('signs each line; a changed line, another key or an unsigned file do not verify', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const pub = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const path = join(dir, 'signed.jsonl');
    await writeAttestations(path, verifyStatements(result('GOOD'), { strict: true, layers: true, content: true }, '1', when), privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    expect(await checkAttestations(path, pub)).toEqual({
      valid: true,
      lines: [
        { line: 1, valid: true, predicateType: 'https://slsa.dev/verification_summary/v1' },
        { line: 2, valid: true, predicateType: 'urn:repro-check:verify-details:v1' },
      ],
    });
    expect((await checkAttestations(path, other)).valid).toBe(false);
    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    const envelope = JSON.parse(lines[0]!);
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8'));
    statement.predicate.verificationResult = 'PASSED ';
    envelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    await writeFile(path, [JSON.stringify(envelope), lines[1]].join('\n'));
    expect((await checkAttestations(path, pub)).lines[0]).toEqual({ line: 1, valid: false, reason: 'no signature verifies with the key' });
    await writeAttestations(path, verifyStatements(result('GOOD'), { strict: true, layers: true, content: true }, '1', when));
    expect((await checkAttestations(path, pub)).lines[0]).toMatchObject({ valid: false, reason: 'no payloadType or payload' });
  });
});
