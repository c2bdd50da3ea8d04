/**
 * The challenges of a `WWW-Authenticate` header (RFC 7235 section 4.1): a registry answers 401 with
 * `Bearer realm="…",service="…",scope="…"` (where a token is fetched from `realm`) or
 * `Basic realm="…"` (where the request is sent again with the user's password).
 */

/** One challenge: its scheme and parameters. */
export interface AuthChallenge {
  /** The scheme in lower case (schemes are case-insensitive): `bearer`, `basic`. */
  scheme: string;
  /** Parameters by lower-cased name, quoted values unquoted. */
  params: Record<string, string>;
  /** The token68 form (`Negotiate abc==`), when the challenge has one instead of parameters. */
  token68?: string;
}

/** RFC 7230 `tchar`. */
const TCHAR = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;
const TOKEN68 = /[A-Za-z0-9._~+/-]/;

/**
 * Parses every challenge of the header. Tolerant as clients must be: empty list elements are
 * skipped, and a challenge that cannot be read ends the list rather than failing it.
 */
export function parseChallenges(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  const reader = new HeaderReader(header);
  for (;;) {
    reader.skip(/[\s,]/);
    const scheme = reader.take(TCHAR);
    if (!scheme) break;
    const challenge: AuthChallenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    reader.skip(/[ \t]/);
    const token68 = reader.token68();
    if (token68 !== undefined) {
      challenge.token68 = token68;
      continue;
    }
    readParams(reader, challenge);
  }
  return challenges;
}

/** Reads `name=value` pairs up to the next challenge (a token not followed by `=`) or the end. */
function readParams(reader: HeaderReader, challenge: AuthChallenge): void {
  for (;;) {
    const mark = reader.position;
    reader.skip(/[\s,]/);
    const name = reader.take(TCHAR);
    reader.skip(/[ \t]/);
    if (!name || !reader.next('=')) {
      // Not a parameter: the start of the next challenge (or the end).
      reader.position = mark;
      return;
    }
    reader.skip(/[ \t]/);
    const value = reader.quoted() ?? reader.take(TCHAR);
    challenge.params[name.toLowerCase()] = value;
  }
}

/** A cursor over the header text. */
class HeaderReader {
  position = 0;
  constructor(private readonly text: string) {}

  skip(pattern: RegExp): void {
    while (this.position < this.text.length && pattern.test(this.text[this.position]!)) this.position++;
  }

  take(pattern: RegExp): string {
    const start = this.position;
    this.skip(pattern);
    return this.text.slice(start, this.position);
  }

  next(char: string): boolean {
    if (this.text[this.position] !== char) return false;
    this.position++;
    return true;
  }

  /** A quoted string with its backslash escapes undone, or undefined when none starts here. */
  quoted(): string | undefined {
    if (this.text[this.position] !== '"') return undefined;
    let value = '';
    for (let i = this.position + 1; i < this.text.length; i++) {
      const c = this.text[i]!;
      if (c === '\\' && i + 1 < this.text.length) value += this.text[++i];
      else if (c === '"') {
        this.position = i + 1;
        return value;
      } else value += c;
    }
    // Unterminated: the rest of the header is the value.
    this.position = this.text.length;
    return value;
  }

  /** A token68 (`abc==`) that stands alone up to a comma or the end, or undefined (position kept). */
  token68(): string | undefined {
    const start = this.position;
    this.skip(TOKEN68);
    if (this.position === start) return undefined;
    this.skip(/=/);
    const end = this.position;
    this.skip(/[ \t]/);
    if (this.position === this.text.length || this.text[this.position] === ',') {
      const value = this.text.slice(start, end);
      // `name=` followed by a comma is an empty parameter, not a token68: a token68 has no `=` inside.
      if (/^[^=]+=*$/.test(value)) return value;
    }
    this.position = start;
    return undefined;
  }
}
