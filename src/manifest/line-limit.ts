import { ManifestFormatError } from './manifest-error.js';

/**
 * The longest manifest line read, in bytes (or characters, for text already decoded). A manifest
 * can come from anyone (a pull request, another runner's artifact): without a limit, a file with
 * no newline would be gathered into memory whole. The longest real line is far shorter: a 4 KiB
 * name escaped as `\ooo` octets (16 KiB) with every keyword and digest fits many times over.
 */
export const LINE_LIMIT = 1024 * 1024;

/** Raised by the line readers for a line longer than LINE_LIMIT; readers turn it into a ManifestFormatError. */
export class LineTooLongError extends Error {
  override name = 'LineTooLongError';

  constructor(
    readonly lineNo: number,
    readonly limit = LINE_LIMIT,
  ) {
    super(`line ${lineNo} is longer than ${limit} bytes`);
  }
}

/** The problem as a manifest error states it after the file and line. */
export function lineTooLong(limit = LINE_LIMIT): string {
  return `line longer than ${limit / 1024 / 1024} MiB (a manifest line is far shorter: is this a manifest?)`;
}

/** A LineTooLongError as the ManifestFormatError of file `name`; any other error as it is. */
export function asManifestError(error: unknown, name: string): unknown {
  return error instanceof LineTooLongError ? new ManifestFormatError(name, error.lineNo, lineTooLong(error.limit)) : error;
}
