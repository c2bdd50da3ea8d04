import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BlobVerifier } from '../../src/registry/blob-verifier.js';

// SHA-256 of "abc", the test vector of FIPS 180-2 (appendix B.1).
const ABC = { digest: 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', size: 3 };

async function pass(chunks: string[], expected = ABC): Promise<string> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(chunks.map((c) => Buffer.from(c))),
    new BlobVerifier(expected, 'layer 0'),
    new Writable({ write: (chunk: Buffer, _e, cb) => (out.push(chunk), cb()) }),
  );
  return Buffer.concat(out).toString();
}

describe('BlobVerifier', () => {
  it('passes a blob that matches its digest and size, in any chunking', async () => {
    expect(await pass(['abc'])).toBe('abc');
    expect(await pass(['a', 'b', 'c'])).toBe('abc');
  });

  it.each([
    ['other bytes of the same size', ['abd'], /layer 0 does not match its digest/],
    ['fewer bytes', ['ab'], /layer 0 ends after 2 of its 3 bytes/],
    ['more bytes', ['ab', 'cd'], /layer 0 is larger than its descriptor's 3 bytes/],
  ])('fails the stream for %s', async (_name, chunks, message) => {
    await expect(pass(chunks)).rejects.toThrow(message);
  });

  it('refuses a digest algorithm it cannot check', () => {
    expect(() => new BlobVerifier({ digest: 'md5:900150983cd24fb0d6963f7d28e17f72', size: 3 }, 'config')).toThrow(/not supported/);
  });
});
