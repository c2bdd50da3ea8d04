/**
 * mtree's escaping of names and link targets. Writers escape white space, `#`, `*`, `=`, `?`,
 * `[`, `\` and every byte outside printable ASCII as `\ooo` (three octal digits of the byte), so
 * a line can be split on white space and names decoded afterwards.
 */

/**
 * Decodes a token whose every escape is `\\ooo` of an ASCII byte, the common case (spaces, `#`),
 * without going through bytes. Null for anything else.
 */
function decodeAsciiEscapes(token: string): string | null {
  let out = '';
  let from = 0;
  for (let i = token.indexOf('\\'); i >= 0; i = token.indexOf('\\', from)) {
    const a = token.charCodeAt(i + 1) - 48;
    const b = token.charCodeAt(i + 2) - 48;
    const c = token.charCodeAt(i + 3) - 48;
    if (!(a >= 0 && a <= 1 && b >= 0 && b <= 7 && c >= 0 && c <= 7)) return null;
    out += token.slice(from, i) + String.fromCharCode(a * 64 + b * 8 + c);
    from = i + 4;
  }
  return out + token.slice(from);
}

const C_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, s: 32, '\\': 92 };

/**
 * Decodes an escaped token into text (bytes taken as UTF-8). Returns null for a malformed escape.
 * `\ooo` is a byte; `\\` and the C escapes (`\n`, `\t`, …, and `\s` for a space) are accepted as
 * libarchive accepts them.
 */
export function decodeMtreeToken(token: string): string | null {
  if (!token.includes('\\')) return token;
  // Most escapes are of ASCII (spaces, `#`): decode those without going through bytes.
  const ascii = decodeAsciiEscapes(token);
  if (ascii !== null) return ascii;
  const bytes: number[] = [];
  for (let i = 0; i < token.length; i++) {
    const ch = token.charCodeAt(i);
    if (ch !== 92) {
      if (ch < 0x80) bytes.push(ch);
      else for (const b of Buffer.from(token[i]!, 'utf8')) bytes.push(b);
      continue;
    }
    const next = token[i + 1];
    if (next === undefined) return null;
    if (next >= '0' && next <= '7') {
      const octal = token.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(octal)) return null;
      const value = parseInt(octal, 8);
      if (value > 255) return null;
      bytes.push(value);
      i += 3;
      continue;
    }
    const escaped = C_ESCAPES[next];
    if (escaped === undefined) return null;
    bytes.push(escaped);
    i += 1;
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Bytes that are written as themselves: printable ASCII except the ones mtree gives a meaning. */
function isPlain(byte: number): boolean {
  if (byte <= 0x20 || byte >= 0x7f) return false;
  // `#` comments, `=` keywords, `\` escapes; `*`, `?`, `[` are glob characters to mtree(8).
  return byte !== 0x23 && byte !== 0x3d && byte !== 0x5c && byte !== 0x2a && byte !== 0x3f && byte !== 0x5b;
}

/** Escapes a name or link target for an mtree line (the inverse of `decodeMtreeToken`). */
export function encodeMtreeToken(text: string): string {
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    if (!isPlain(text.charCodeAt(i))) {
      plain = false;
      break;
    }
  }
  if (plain) return text;
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    out += isPlain(byte) ? String.fromCharCode(byte) : '\\' + byte.toString(8).padStart(3, '0');
  }
  return out;
}
