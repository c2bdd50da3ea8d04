import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { RegistryError } from './registry-error.js';

/** What a blob must be: its descriptor's digest and size. */
export interface BlobExpectation {
  digest: string;
  size: number;
}

/**
 * Passes a blob's bytes through while hashing them, and fails the stream (before its end, so no
 * reader takes a tampered blob as whole) when the bytes run past the descriptor's size or, at the
 * end, when their count or digest differs from the descriptor's. Only sha256 and sha512 digests
 * can be checked; others are refused where the descriptor is read.
 */
export class BlobVerifier extends Transform {
  private readonly hash: Hash;
  private readonly hex: string;
  private bytes = 0;
  /** The mismatch found, if any: the error the stream failed with. */
  failure: RegistryError | null = null;

  constructor(
    private readonly expected: BlobExpectation,
    /** How the error names the blob: `layer 2 sha256:… of docker://…`. */
    private readonly what: string,
    private readonly onBytes?: (count: number) => void,
  ) {
    super();
    const colon = expected.digest.indexOf(':');
    const algorithm = expected.digest.slice(0, colon);
    if (algorithm !== 'sha256' && algorithm !== 'sha512') throw new RegistryError(`${what}: digest algorithm ${JSON.stringify(algorithm)} is not supported (sha256, sha512)`);
    this.hash = createHash(algorithm);
    this.hex = expected.digest.slice(colon + 1);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.expected.size) {
      callback(this.fail(`${this.what} is larger than its descriptor's ${this.expected.size} bytes`));
      return;
    }
    this.hash.update(chunk);
    this.onBytes?.(chunk.length);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.bytes !== this.expected.size) {
      callback(this.fail(`${this.what} ends after ${this.bytes} of its ${this.expected.size} bytes`));
      return;
    }
    const actual = this.hash.digest('hex');
    if (actual !== this.hex) {
      callback(this.fail(`${this.what} does not match its digest: the registry sent bytes whose digest is ${this.expected.digest.split(':')[0]}:${actual}`));
      return;
    }
    callback();
  }

  /** Fails the stream for a reason found outside it (the connection broke), recorded as `failure`. */
  abort(message: string): void {
    if (this.destroyed) return;
    this.destroy(this.fail(message));
  }

  private fail(message: string): RegistryError {
    this.failure = new RegistryError(message);
    return this.failure;
  }
}
