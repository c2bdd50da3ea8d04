import { describe, expect, it, test } from 'vitest';
import { carriedUsers, compareShadow, dayDate, shadowVerdict } from '../../src/explain/shadow-lines.js';

const BASE = ['daemon:*:19700:0:99999:7:::', 'bin:*:19700:0:99999:7:::', 'nobody:*:19700:0:99999:7:::'];
const file = (...lines: string[]) => [...BASE, ...lines].join('\n') + '\n';
const ROOT_A = 'root:$y$j9T$Q3fLmC0aSalt1$kq5V1mQrD0.hash.A:19701:0:99999:7:::';
const ROOT_B = 'root:$y$j9T$zz8pWsaltTwo$Xb7u9nHa2.hash.B:19701:0:99999:7:::';

describe('compareShadow and shadowVerdict', () => {
  test.each<[string, string, string, string, object[]]>([
    ['day of the last change only', file('app:!:19701:0:99999:7:::'), file('app:!:19702:0:99999:7:::'), 'lastchange', [{ user: 'app', fields: ['lastchange'], lastchange: ['19701', '19702'] }]],
    ['salted hash of root', file(ROOT_A), file(ROOT_B), 'salt', [{ user: 'root', fields: ['password'], saltDiffers: true }]],
    ['salted hash and day', file(ROOT_A), file(ROOT_B.replace(':19701:', ':19702:')), 'salt', [{ user: 'root', fields: ['password', 'lastchange'], saltDiffers: true, lastchange: ['19701', '19702'] }]],
    ['a locked password against a set one', file('app:!:19701:0:99999:7:::'), file('app:$6$saltsalt$abcdef:19701:0:99999:7:::'), 'other', [{ user: 'app', fields: ['password'] }]],
    ['a user in B only', file(), file('app:!:19701:0:99999:7:::'), 'other', [{ user: 'app', fields: ['line'] }]],
    ['day and the maximum age', file('app:!:19701:0:99999:7:::'), file('app:!:19702:0:90:7:::'), 'other', [{ user: 'app', fields: ['lastchange', 'other'], lastchange: ['19701', '19702'] }]],
  ])('%s', (_name, a, b, verdict, changes) => {
    const found = compareShadow(a, b);
    expect(found).toEqual(changes);
    expect(shadowVerdict(found)).toBe(verdict);
  });

  it('finds nothing in equal files', () => {
    expect(compareShadow(file(ROOT_A), file(ROOT_A))).toEqual([]);
    expect(shadowVerdict([])).toBe('other');
  });

  it('turns a day number into a date', () => {
    // 19700 days after 1970-01-01: 2023-12-09 (checked with `date -u -d @$((19700*86400))`).
    expect(dayDate('19700')).toBe('2023-12-09');
    expect(dayDate('')).toBe('');
  });
});

describe('carriedUsers', () => {
  it('names users whose lines differ in the later file exactly as in the earlier one', () => {
    // chpasswd salted root's hash; adduser then wrote the file again with a new user, equal in both.
    const earlier: [string, string] = [file(ROOT_A), file(ROOT_B)];
    const later: [string, string] = [file(ROOT_A, 'sshuser:!:19701:0:99999:7:::'), file(ROOT_B, 'sshuser:!:19701:0:99999:7:::')];
    expect(carriedUsers(earlier, later)).toEqual(new Set(['root']));
  });

  it('does not name a user whose later difference is new', () => {
    const earlier: [string, string] = [file(ROOT_A), file(ROOT_B)];
    const later: [string, string] = [file(ROOT_A, 'app:!:19701:0:99999:7:::'), file(ROOT_B, 'app:!:19702:0:99999:7:::')];
    expect(carriedUsers(earlier, later)).toEqual(new Set(['root']));
    expect(carriedUsers([file(), file()], later)).toEqual(new Set());
  });
});
