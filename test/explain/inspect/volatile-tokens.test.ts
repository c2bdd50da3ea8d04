import { describe, expect, test } from 'vitest';
import { compareVolatile, looksLikeDate } from '../../../src/explain/inspect/volatile-tokens.js';

describe('compareVolatile', () => {
  test.each<[string, string, string, { datesOnly: boolean; randomOnly: boolean }]>([
    ['ISO 8601', 'built 2023-11-14T22:13:20Z\n', 'built 2023-11-15T23:14:22Z\n', { datesOnly: true, randomOnly: false }],
    ['ISO with fraction and offset', 't=2023-11-14 22:13:20.123+01:00', 't=2023-11-14 22:13:21.5+01:00', { datesOnly: true, randomOnly: false }],
    ['date(1)', 'Tue Nov 14 22:13:20 UTC 2023', 'Wed Nov 15 23:14:22 UTC 2023', { datesOnly: true, randomOnly: false }],
    ['RFC 2822', 'Tue, 14 Nov 2023 22:13:20 +0000', 'Wed, 15 Nov 2023 23:14:22 +0000', { datesOnly: true, randomOnly: false }],
    ['epoch seconds', 'SOURCE_DATE=1700000000', 'SOURCE_DATE=1700090062', { datesOnly: true, randomOnly: false }],
    ['epoch milliseconds', '"ts": 1700000000123', '"ts": 1700090062456', { datesOnly: true, randomOnly: false }],
    ['compact stamp', 'version 1.0.0+20231114221320', 'version 1.0.0+20231115231422', { datesOnly: true, randomOnly: false }],
    ['clock time only', 'at 22:13:20', 'at 23:14:22', { datesOnly: true, randomOnly: false }],
    ['hex token', 'key=0123456789abcdef0123', 'key=fedcba98765432100123', { datesOnly: false, randomOnly: true }],
    ['UUID', 'id: 2ceee06e-e31e-45c7-aba3-938eacae1619', 'id: 6c691076-e195-46b3-b98b-c1c7d0f7cd8b', { datesOnly: false, randomOnly: true }],
    ['base64', 'secret: dGhpcyBpcyBhIHNlY3JldDEyMw==', 'secret: Q29tcGxldGVseURpZmZlcmVudDk4Nw==', { datesOnly: false, randomOnly: true }],
    ['dates and random together', '2023-11-14 id=0123456789abcdef', '2023-11-15 id=fedcba9876543210', { datesOnly: false, randomOnly: true }],
    ['a real edit', 'workers: 4', 'workers: 8', { datesOnly: false, randomOnly: false }],
    ['a date and a real edit', '2023-11-14 workers: 4', '2023-11-15 workers: 8', { datesOnly: false, randomOnly: false }],
    ['a version number is no epoch', 'v 1.2.3', 'v 1.2.4', { datesOnly: false, randomOnly: false }],
    ['a run of one letter is not random', 'x'.repeat(30) + 'aaaaaaaaaaaaaaaaaaaa', 'x'.repeat(30) + 'bbbbbbbbbbbbbbbbbbbb', { datesOnly: false, randomOnly: false }],
  ])('%s', (_name, a, b, expected) => {
    const result = compareVolatile(a, b);
    expect({ datesOnly: result.datesOnly, randomOnly: result.randomOnly }).toEqual(expected);
  });

  // Armored keys: the body is one base64 string; its last line is short, and shifts when the key's
  // length moves by a byte (an mpint with or without a leading zero), so alone it is no token.
  const armor = (lines: string[]) => ['-----BEGIN OPENSSH PRIVATE KEY-----', ...lines, '-----END OPENSSH PRIVATE KEY-----', ''].join('\n');
  const bodyA = ['b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAaAAAABNlY2RzYS', 'UAAAAhAIq6jFA3R3OfSbCMHn7B4Cmhom6fjeDCI0aOa9Y+1u5WAAAAFHJvb3RAYnVpbGRr', 'aXRzYW5kYm94AQID'];
  const bodyB = ['b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAaAAAABNlY2RzYS', 'AAAAAgFNkv0aOK75StZP2RvCM2UJkXvjycDmF3UT9bWf+QDzAAAAAUcm9vdEBidWlsZGtp', 'dHNhbmRib3gBAgME'];

  test('takes an armored body as one token, its short last line included', () => {
    const result = compareVolatile(armor(bodyA), armor(bodyB));
    expect(result.randomOnly).toBe(true);
    expect(result.random).toEqual({ a: [bodyA.join('')], b: [bodyB.join('')] });
  });

  test('does not call an armored file random when its header changed too', () => {
    const b = armor(bodyB).replace('OPENSSH PRIVATE KEY-----\n', 'RSA PRIVATE KEY-----\n');
    expect(compareVolatile(armor(bodyA), b).randomOnly).toBe(false);
  });

  test('finds a base64 token as long as an RSA-3072 ssh public key (544 characters)', () => {
    const key = (seed: string) => 'AAAAB3NzaC1yc2EAAAADAQABAAABgQ' + (seed + 'Zx9/Kq+7Lm2').repeat(50).slice(0, 514);
    const a = `ssh-rsa ${key('DE7dr8aX78')} root@buildkitsandbox\n`;
    const b = `ssh-rsa ${key('C/+iDUL93Q')} root@buildkitsandbox\n`;
    expect(key('x').length).toBe(544);
    expect(compareVolatile(a, b).randomOnly).toBe(true);
  });

  test('lists the tokens found on one side only', () => {
    const result = compareVolatile('a 2023-11-14 b 2020-01-01', 'a 2023-11-15 b 2020-01-01');
    expect(result.dates).toEqual({ a: ['2023-11-14'], b: ['2023-11-15'] });
    expect(result.random).toEqual({ a: [], b: [] });
  });

  test('equal texts differ in nothing', () => {
    expect(compareVolatile('2023-11-14', '2023-11-14')).toMatchObject({ datesOnly: false, randomOnly: false });
  });
});

test.each<[string, boolean]>([
  ['2023-11-14T22:13:20Z', true],
  ['Tue Nov 14 22:13:20 UTC 2023', true],
  ['1700000000', true],
  ['1.2.3', false],
  ['hello', false],
  ['2023-11-14 is the day', false],
])('looksLikeDate(%j) is %s', (value, expected) => {
  expect(looksLikeDate(value)).toBe(expected);
});
