/**
 * Finds the tokens of a text that change from build to build on their own: dates, times, epoch
 * numbers, and random-looking identifiers. Two texts that are equal once these are masked differ
 * only in them, which tells "a date was written into the file" from "the file really changed".
 */
import { TOKEN_LIST_LIMIT } from './limits.js';
import type { TokenSets } from './finding.js';

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\\.?';
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?\\b,?';
/** Not part of a longer word or number. */
const START = '(?<![0-9A-Za-z])';
const END = '(?![0-9A-Za-z])';
/** Longest random-looking token matched. Every quantifier is bounded: an unbounded one over a
 * megabyte-long run of letters overflows the regular expression engine's backtracking stack. 1024
 * holds an RSA-4096 `ssh-rsa` public key (716 base64 characters). */
const MAX_TOKEN = 1024;

/**
 * Date-like tokens, longest forms first: ISO 8601 (with optional time, fraction and zone), compact
 * stamps (`20231114`, `20231114T221320Z`), `Nov 14`, `14 Nov 2023`, weekdays, clock times, and epoch
 * numbers from 2001 to 2033 in seconds, milliseconds, microseconds or nanoseconds.
 */
const DATE_PATTERN = new RegExp(
  [
    `${START}\\d{4}-\\d{2}-\\d{2}(?:[T _]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?${END}`,
    `${START}(?:19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])(?:T?\\d{6}Z?)?${END}`,
    `\\b${MONTH}[ \\t]{1,3}\\d{1,2}(?:,?[ \\t]{1,3}\\d{4})?${END}`,
    `${START}\\d{1,2}[ \\t]{1,3}${MONTH}(?:[ \\t]{1,3}\\d{4})?${END}`,
    `\\b${WEEKDAY}`,
    `${START}\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?${END}`,
    `${START}1\\d{9}(?:\\d{3}|\\d{6}|\\d{9})?(?:\\.\\d{1,9})?${END}`,
  ].join('|'),
  'g',
);

/** Random-looking tokens: UUIDs, hex strings of 16+ digits mixing digits and letters, base64 of 20+ mixed characters. */
const RANDOM_PATTERN = new RegExp(
  [
    `${START}[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}${END}`,
    `${START}(?=[0-9a-fA-F]{0,${MAX_TOKEN}}?[0-9])(?=[0-9a-fA-F]{0,${MAX_TOKEN}}?[a-fA-F])[0-9a-fA-F]{16,${MAX_TOKEN}}${END}`,
    `(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]{0,${MAX_TOKEN}}?[0-9])(?=[A-Za-z0-9+/]{0,${MAX_TOKEN}}?[a-z])(?=[A-Za-z0-9+/]{0,${MAX_TOKEN}}?[A-Z])[A-Za-z0-9+/]{20,${MAX_TOKEN}}={0,2}(?![A-Za-z0-9+/=])`,
  ].join('|'),
  'g',
);

// Placeholders from Unicode's private use area: binary read as Latin-1 never holds them, and text
// practically never does.
const DATE_MARK = '\uE000';
const RANDOM_MARK = '\uE001';

/** How two texts differ in volatile tokens. */
export interface VolatileComparison {
  dates: TokenSets;
  random: TokenSets;
  /** The texts differ, and only inside date tokens. */
  datesOnly: boolean;
  /** The texts differ, only inside date or random tokens, and some random token differs. */
  randomOnly: boolean;
}

/** Compares two texts (expected to differ) token class by token class. */
export function compareVolatile(a: string, b: string): VolatileComparison {
  // An armored block's body is one base64 string cut into lines: one token, whose short last line
  // (shifted when a key's length moves by a byte) is no token on its own.
  const differ = a !== b;
  const armoredA = armored(a);
  const armoredB = armored(b);
  a = armoredA.text;
  b = armoredB.text;
  const datedA = a.replace(DATE_PATTERN, DATE_MARK);
  const datedB = b.replace(DATE_PATTERN, DATE_MARK);
  const dates = oneSided(a.match(DATE_PATTERN) ?? [], b.match(DATE_PATTERN) ?? []);
  const random = oneSided([...armoredA.bodies, ...(datedA.match(RANDOM_PATTERN) ?? [])], [...armoredB.bodies, ...(datedB.match(RANDOM_PATTERN) ?? [])]);
  const datesOnly = differ && datedA === datedB && armoredA.bodies.join() === armoredB.bodies.join();
  const randomOnly =
    differ && !datesOnly && (random.a.length > 0 || random.b.length > 0) && datedA.replace(RANDOM_PATTERN, RANDOM_MARK) === datedB.replace(RANDOM_PATTERN, RANDOM_MARK);
  return { dates, random, datesOnly, randomOnly };
}

/**
 * PEM and OpenSSH armor: a `-----BEGIN …-----` line, base64 lines (at most 100 characters each, no
 * header fields), and an `-----END …-----` line. Bodies of at least 20 characters count.
 */
const ARMOR = /(-----BEGIN [A-Z0-9 ]{1,40}-----\r?\n)((?:[A-Za-z0-9+/=]{1,100}\r?\n){1,2000})(?=-----END [A-Z0-9 ]{1,40}-----)/g;

/** The text with each armored body replaced by one random mark, and the bodies (newlines removed). */
function armored(text: string): { text: string; bodies: string[] } {
  const bodies: string[] = [];
  const masked = text.replace(ARMOR, (whole, begin: string, body: string) => {
    const joined = body.replace(/\r?\n/g, '');
    if (joined.length < 20) return whole;
    bodies.push(joined);
    return `${begin}${RANDOM_MARK}\n`;
  });
  return { text: masked, bodies };
}

/** Whether a single value (a config field, a label) looks like a date or an epoch. */
export function looksLikeDate(value: string): boolean {
  const masked = value.replace(DATE_PATTERN, DATE_MARK);
  if (masked === value) return false;
  const rest = masked.split(DATE_MARK).join(' ').replace(/\b(?:UTC|GMT|Z|(?:19|20)\d{2})\b/g, '');
  return rest.replace(/[\s,.:+-]/g, '') === '';
}

function oneSided(a: string[], b: string[]): TokenSets {
  const inA = new Set(a);
  const inB = new Set(b);
  return {
    a: [...inA].filter((token) => !inB.has(token)).slice(0, TOKEN_LIST_LIMIT),
    b: [...inB].filter((token) => !inA.has(token)).slice(0, TOKEN_LIST_LIMIT),
  };
}
