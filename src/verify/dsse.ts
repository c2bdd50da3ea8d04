import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * DSSE (Dead Simple Signing Envelope) v1: the signature covers the Pre-Authentication Encoding of
 * the payload type and the payload, never the JSON around them, so a verifier checks exactly the
 * bytes that were signed. Keys are ECDSA P-256 (SHA-256, DER signatures, as `openssl dgst` makes
 * them) or Ed25519, through node:crypto.
 */

/** The envelope, as the DSSE spec lays it out: base64 payload, its type, and the signatures. */
export interface DsseEnvelope {
  payloadType: string;
  /** The payload, base64 (standard alphabet, padded). */
  payload: string;
  signatures: { keyid: string; sig: string }[];
}

/** The payload type of in-toto statements. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/**
 * `PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, where LEN is the byte
 * length in ASCII decimal without leading zeros.
 */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

/** The digest algorithm of a key's signatures: SHA-256 for ECDSA, none (pure) for Ed25519. */
function algorithmOf(key: KeyObject): 'sha256' | null {
  const type = key.asymmetricKeyType;
  if (type === 'ed25519') return null;
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'sha256';
  throw new Error(`the key is ${type}${type === 'ec' ? ` on ${key.asymmetricKeyDetails?.namedCurve}` : ''}; ECDSA P-256 and Ed25519 keys are supported`);
}

/** The key's id: the SHA-256 of its public key (SubjectPublicKeyInfo, DER), hex. */
export function keyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

/** Signs a payload into an envelope with a private key in PEM. */
export function signEnvelope(payload: Buffer, payloadType: string, privateKeyPem: string): DsseEnvelope {
  const key = createPrivateKey(privateKeyPem);
  const sig = sign(algorithmOf(key), preAuthEncoding(payloadType, payload), key);
  return { payloadType, payload: payload.toString('base64'), signatures: [{ keyid: keyId(key), sig: sig.toString('base64') }] };
}

/** What checking an envelope found. */
export interface EnvelopeCheck {
  valid: boolean;
  /** Why it is not valid, in words. */
  reason?: string;
  /** The decoded payload, when the envelope could be read. */
  payload?: Buffer;
}

/**
 * Checks an envelope against a public key in PEM: valid when one of its signatures verifies over
 * the PAE of its payload type and payload. A malformed envelope is invalid, with the reason.
 */
export function verifyEnvelope(value: unknown, publicKeyPem: string): EnvelopeCheck {
  const key = createPublicKey(publicKeyPem);
  const algorithm = algorithmOf(key);
  const envelope = value as Partial<DsseEnvelope> | null;
  if (typeof envelope !== 'object' || envelope === null) return { valid: false, reason: 'not a JSON object' };
  if (typeof envelope.payloadType !== 'string' || typeof envelope.payload !== 'string') return { valid: false, reason: 'no payloadType or payload' };
  if (!Array.isArray(envelope.signatures) || envelope.signatures.length === 0) return { valid: false, reason: 'no signatures' };
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(envelope.payload)) return { valid: false, reason: 'the payload is not base64' };
  const payload = Buffer.from(envelope.payload, 'base64');
  const pae = preAuthEncoding(envelope.payloadType, payload);
  for (const signature of envelope.signatures) {
    if (typeof signature?.sig !== 'string') continue;
    try {
      if (verify(algorithm, pae, key, Buffer.from(signature.sig, 'base64'))) return { valid: true, payload };
    } catch {
      // A signature that is not even well-formed for the key verifies nothing; try the next.
    }
  }
  return { valid: false, reason: 'no signature verifies with the key', payload };
}
