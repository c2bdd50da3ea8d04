import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_TOTO_PAYLOAD_TYPE, preAuthEncoding, signEnvelope, verifyEnvelope } from '../../src/verify/dsse.js';

/** openssl, which shares no code with node:crypto's callers here, makes the keys and checks the signatures. */
const run = promisify(execFile);
let dir: string;
const keys: Record<'ec' | 'ed25519', { private: string; public: string; privatePath: string; publicPath: string }> = {} as never;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'repro-check-dsse-'));
  for (const [name, args] of [
    ['ec', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']],
    ['ed25519', ['-algorithm', 'ed25519']],
  ] as const) {
    const privatePath = join(dir, `${name}.pem`);
    const publicPath = join(dir, `${name}.pub.pem`);
    await run('openssl', ['genpkey', ...args, '-out', privatePath]);
    await run('openssl', ['pkey', '-in', privatePath, '-pubout', '-out', publicPath]);
    keys[name] = { private: await readFile(privatePath, 'utf8'), public: await readFile(publicPath, 'utf8'), privatePath, publicPath };
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('preAuthEncoding', () => {
  // Written by hand from the DSSE spec: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body.
  it.each([
    ['http://example.com/HelloWorld', 'hello world', 'DSSEv1 29 http://example.com/HelloWorld 11 hello world'],
    ['application/vnd.in-toto+json', '{}', 'DSSEv1 28 application/vnd.in-toto+json 2 {}'],
    ['t', 'é', 'DSSEv1 1 t 2 é'],
    ['', '', 'DSSEv1 0  0 '],
  ])('PAE(%j, %j) is %j', (type, body, expected) => {
    expect(preAuthEncoding(type, Buffer.from(body, 'utf8')).toString('utf8')).toBe(expected);
  });
});

describe('signEnvelope and verifyEnvelope', () => {
  const payload = Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', predicateType: 'x' }));

  it.each(['ec', 'ed25519'] as const)('a %s signature over the PAE verifies with openssl', async (name) => {
    const envelope = signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, keys[name].private);
    expect(Buffer.from(envelope.payload, 'base64')).toEqual(payload);
    const paePath = join(dir, `${name}.pae`);
    const sigPath = join(dir, `${name}.sig`);
    await writeFile(paePath, `DSSEv1 28 application/vnd.in-toto+json ${payload.length} ${payload.toString('utf8')}`);
    await writeFile(sigPath, Buffer.from(envelope.signatures[0]!.sig, 'base64'));
    const check =
      name === 'ec'
        ? run('openssl', ['dgst', '-sha256', '-verify', keys[name].publicPath, '-signature', sigPath, paePath])
        : run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', keys[name].publicPath, '-rawin', '-in', paePath, '-sigfile', sigPath]);
    await expect(check).resolves.toMatchObject({ stdout: expect.stringMatching(/Verified OK|Signature Verified Successfully/) });
  });

  it.each(['ec', 'ed25519'] as const)('a %s signature openssl made over the PAE verifies, and fails for another payload', async (name) => {
    const paePath = join(dir, `${name}-openssl.pae`);
    const sigPath = join(dir, `${name}-openssl.sig`);
    await writeFile(paePath, `DSSEv1 28 application/vnd.in-toto+json ${payload.length} ${payload.toString('utf8')}`);
    if (name === 'ec') await run('openssl', ['dgst', '-sha256', '-sign', keys[name].privatePath, '-out', sigPath, paePath]);
    else await run('openssl', ['pkeyutl', '-sign', '-inkey', keys[name].privatePath, '-rawin', '-in', paePath, '-out', sigPath]);
    const sig = (await readFile(sigPath)).toString('base64');
    const envelope = { payloadType: IN_TOTO_PAYLOAD_TYPE, payload: payload.toString('base64'), signatures: [{ keyid: '', sig }] };
    expect(verifyEnvelope(envelope, keys[name].public).valid).toBe(true);
    const other = { ...envelope, payload: Buffer.from('{"predicateType":"y"}').toString('base64') };
    expect(verifyEnvelope(other, keys[name].public)).toMatchObject({ valid: false, reason: 'no signature verifies with the key' });
    // The type is signed too: the same bytes under another type do not verify.
    expect(verifyEnvelope({ ...envelope, payloadType: 'text/plain' }, keys[name].public).valid).toBe(false);
  });

  it('refuses another key and malformed envelopes', () => {
    const envelope = signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, keys.ec.private);
    expect(verifyEnvelope(envelope, keys.ed25519.public).valid).toBe(false);
    expect(verifyEnvelope(null, keys.ec.public)).toMatchObject({ valid: false, reason: 'not a JSON object' });
    expect(verifyEnvelope({ ...envelope, signatures: [] }, keys.ec.public)).toMatchObject({ valid: false, reason: 'no signatures' });
    expect(verifyEnvelope({ ...envelope, payload: '!!' }, keys.ec.public)).toMatchObject({ valid: false, reason: 'the payload is not base64' });
  });

  it('refuses keys other than P-256 and Ed25519', async () => {
    const path = join(dir, 'p384.pem');
    await run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-out', path]);
    expect(() => signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, readFileSync(path, 'utf8'))).toThrow(/secp384r1.*P-256 and Ed25519/);
  });

  it('round-trips any payload (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.string(), (bytes, type) => {
        const envelope = signEnvelope(Buffer.from(bytes), type, keys.ed25519.private);
        return verifyEnvelope(envelope, keys.ed25519.public).valid;
      }),
      { numRuns: 50 },
    );
  });
});
