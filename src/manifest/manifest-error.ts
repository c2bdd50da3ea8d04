/**
 * Raised for a manifest that cannot be read: names the file (as the caller gave it) and the
 * 1-based line, so a user can open the file at the right place.
 */
export class ManifestFormatError extends Error {
  override name = 'ManifestFormatError';
  /** The file name the caller gave the reader. */
  readonly file: string;
  /** 1-based line of the problem; 0 when it concerns the file as a whole. */
  readonly line: number;

  constructor(file: string, line: number, problem: string) {
    super(line > 0 ? `${file}:${line}: ${problem}` : `${file}: ${problem}`);
    this.file = file;
    this.line = line;
  }
}
