/**
 * zstd decompression as a stream on every Node.js the project supports: Node.js's own
 * (`zlib.createZstdDecompress`, 22.15 and later, on libuv's thread pool) where it exists, else
 * fzstd, a maintained pure-JavaScript decoder with a streaming interface (no native build, so the
 * bundle and the GitHub Action carry it as they carry any module).
 */
import { Transform, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { Decompress } from 'fzstd';

type NativeZstd = () => Transform;

/** Node.js's own zstd decompressor, when it has one. */
export const nativeZstd: NativeZstd | undefined = (zlib as unknown as { createZstdDecompress?: NativeZstd }).createZstdDecompress;

/** A stream that decompresses zstd frames (one or several, one after the other). */
export function zstdDecompressor(): Transform {
  return nativeZstd ? nativeZstd() : new FzstdTransform();
}

/**
 * fzstd's decoder behind Node.js's Transform interface. It decodes on the main thread, a block
 * (at most 128 KiB) at a time; every block it hands over is a new array, so it is passed on uncopied.
 */
export class FzstdTransform extends Transform {
  private readonly decoder = new Decompress((block) => {
    if (block.length > 0) this.push(Buffer.from(block.buffer, block.byteOffset, block.length));
  });

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.decoder.push(chunk);
      callback();
    } catch (error) {
      callback(zstdError(error));
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      // The last push tells the decoder that no more comes: a frame cut short fails here.
      this.decoder.push(new Uint8Array(0), true);
      callback();
    } catch (error) {
      callback(zstdError(error));
    }
  }
}

/** fzstd throws errors whose message is all there is to say; keep it, named as zstd's. */
function zstdError(error: unknown): Error {
  return new Error(`zstd: ${(error as Error).message}`, { cause: error });
}
