import type { FileEntry } from '../tree/file-entry.js';
import type { KeptVersion } from './kept-version.js';

/** One file's content as read from a layer. */
export interface ExtractedFile {
  content: Buffer;
  /** The file was larger than the limits allowed to keep. */
  truncated: boolean;
  /** The file's full size. */
  size: number;
}

/** How much file content the first read of a pair of images may hold. */
export interface KeepLimits {
  /** Bytes kept of one file (the rest is hashed but not kept, and the file marked truncated). */
  perFile: number;
  /** Bytes of memory set aside for kept content, both images together; past it, content is not kept. */
  total: number;
}

/** Where the layer reader hands the content of the files of one layer. */
export interface LayerContentSink {
  /** Bytes kept of one file at most. */
  readonly perFile: number;
  /** Whether to collect the chunks of the next file at all (false once the budget is spent). */
  collect(): boolean;
  /**
   * A file's digest is known (`file.digest`); `chunks` (null when not collected) hold its first
   * `perFile` bytes, and are only read during the call, never kept. Returns the entry to put in
   * the tree: when the other image has the same file, its entry (equal in every field: the two
   * trees then share it), or `file` with the other image's equal path and digest strings.
   */
  settle(file: FileEntry, chunks: Buffer[] | null): FileEntry;
  /**
   * The other image's version of a file about to be read, when it is pending with all its `size`
   * bytes kept: the reader may compare its own bytes with it instead of hashing them.
   */
  counterpart(path: string, size: number): KeptVersion | null;
  /** When this image is too far ahead of the other, a promise the reader waits for before it reads on. */
  pace(): Promise<void> | undefined;
  /** The layer is read to its end (or failed): the other image no longer waits for it. */
  close(): void;
}

/** A file's content as the first read kept it, with its digest. */
export interface KeptFile extends ExtractedFile {
  digest: string;
}

/**
 * Called as soon as both images have a file at the same path with different content and both
 * versions are kept: `a` is image A's (side 0), `b` image B's.
 */
export type PairListener = (path: string, a: KeptFile, b: KeptFile) => void;

/** One image's side of a `ContentKeeper`. */
export interface ContentSide {
  /**
   * The image's diff IDs, as the engine listed them before its save stream was read: layers equal
   * at the same position in both images are then not kept at all.
   */
  expectLayers(diffIds: readonly string[]): void;
  /** The sink for one layer blob (by archive member), or null for a layer known to be the same in both images. */
  forLayer(member: string): LayerContentSink | null;
  /** A file's content as the first read kept it, or undefined (not kept: read it again). */
  lookup(path: string, digest: string): ExtractedFile | undefined;
}
