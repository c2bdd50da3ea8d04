import { describe, expect, test } from 'vitest';
import { pairReportName } from '../../src/check/pairs-run.js';

const DIGEST = 'sha256:' + 'ab'.repeat(32);

describe('pairReportName', () => {
  test.each([
    [1, 'reg.example/team/app:1.0', 'reg.example/team/app:1.1', '01-app-1.0-vs-app-1.1.json'],
    [12, 'docker://127.0.0.1:5000/app@' + DIGEST, undefined, '12-app.json'],
    [3, '/tmp/x/old image.tar', '../.hidden.tar', '03-old-image.tar-vs-hidden.tar.json'],
    [4, 'sha256:', 'a', '04-sha256-vs-a.json'],
  ])('names pair %i\'s report from %s and %s', (index, a, b, name) => {
    expect(pairReportName(index, a, b)).toBe(name);
  });
});
