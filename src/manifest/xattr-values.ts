/**
 * How extended attribute values travel between the model and the manifests. The model keeps each
 * value as a binary string, one char per byte (Node's 'latin1'), because values are bytes, not
 * text: a capability is a little-endian structure, an SELinux label ends in a NUL.
 *
 * - mtree (go-mtree's form): `xattr.<name>=<base64 of the bytes>`.
 * - JSON: the value as text when its bytes are printable UTF-8 (`"user.note": "hello"`), else
 *   `{"base64": "…"}` (`"security.capability": {"base64": "AQAAAgAgAAAAAAAAAAAAAAAAAAA="}`), so a
 *   reader sees what it can read and nothing is lost. `"xattrs": {}` says "read, none".
 */


/** The base64 form of a binary-string value. */
export function xattrToBase64(value: string): string {
  return Buffer.from(value, 'latin1').toString('base64');
}

/** The binary-string value of base64 text. */
export function xattrFromBase64(base64: string): string {
  return Buffer.from(base64, 'base64').toString('latin1');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** JSON's form of one value: text when printable UTF-8, else `{base64}`. */
export type JsonXattrValue = string | { base64: string };

/**
 * The text of `bytes` when they are valid UTF-8 without control characters (C0, DEL, C1), else
 * undefined. A trailing NUL makes the value binary: that byte would be invisible in text.
 */
function printableUtf8(bytes: Buffer): string | undefined {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f]/.test(text) ? undefined : text;
}

/** The JSON form of one binary-string value. */
export function xattrToJson(value: string): JsonXattrValue {
  const bytes = Buffer.from(value, 'latin1');
  return printableUtf8(bytes) ?? { base64: bytes.toString('base64') };
}

/** The binary-string value of JSON's form, or undefined when it is neither text nor `{base64}`. */
export function xattrFromJson(value: unknown): string | undefined {
  if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('latin1');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const base64 = (value as { base64?: unknown }).base64;
  if (keys.length !== 1 || typeof base64 !== 'string' || !BASE64.test(base64)) return undefined;
  return xattrFromBase64(base64);
}

/** Standard base64 with padding, as go-mtree and the JSON form write it. */
export const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
