import { describe, expect, test } from 'vitest';
import type { Report } from '../../src/report/report.js';
import { countGrades, grade, toolAnswer, type ExpectedCase } from './corpus-score.js';

// Hand-made report fragments: layer 1 is line 3 (ADD), layer 2 line 4 (RUN chmod).
function report(changes: object[]): Report {
  return {
    layers: [
      { index: 0, line: null },
      { index: 1, line: 3 },
      { index: 2, line: 4 },
    ],
    changes,
  } as unknown as Report;
}
const EXPECTED: ExpectedCase = {
  verdicts: { strict: false, layers: false, content: false },
  differences: [
    { path: '/usr/local/bin/*.sh', cause: 'context-mode', line: 3, why: '' },
    { path: '/srv/*.tar.gz', cause: 'archive-member-mtime', alternatives: ['context-mode'], line: [3, 4], why: '' },
  ],
};
const modeChange = (layer: number, extra: object = {}) => ({ path: '/usr/local/bin/run.sh', layer, kind: 'modified', aspects: ['mode', 'mtime'], cause: 'context-mode', ...extra });

describe('grading one content difference', () => {
  test.each([
    ['origin names the ADD line', [modeChange(1), modeChange(2, { origin: { layer: 1, line: 3 } })], 'right'],
    ['only the top layer, no origin: its own line is wrong', [modeChange(1), modeChange(2)], 'wrong'],
    ['top layer says unknown', [modeChange(1), modeChange(2, { cause: 'unknown' })], 'unknown'],
    ['a wrong cause at the right line', [modeChange(1, { cause: 'build-mtime' })], 'wrong'],
    ['mtime-only changes are not an answer', [{ ...modeChange(1), aspects: ['mtime'] }], 'wrong'],
  ])('%s', (_, changes, expected) => {
    expect(grade(EXPECTED, report(changes), '/usr/local/bin/run.sh').grade).toBe(expected);
  });

  test('alternatives and line lists are accepted, others are not', () => {
    const tar = (cause: string, layer: number) => report([{ path: '/srv/a.tar.gz', layer, kind: 'modified', aspects: ['content'], cause }]);
    expect(grade(EXPECTED, tar('context-mode', 2), '/srv/a.tar.gz').grade).toBe('right');
    expect(grade(EXPECTED, tar('archive-member-mtime', 1), '/srv/a.tar.gz').grade).toBe('right');
    expect(grade(EXPECTED, tar('random-bytes', 1), '/srv/a.tar.gz').grade).toBe('wrong');
  });

  test('a path no glob covers is unlisted; added files count', () => {
    const added = report([{ path: '/etc/new', layer: 2, kind: 'added', aspects: [], cause: 'random-bytes' }]);
    expect(toolAnswer(added, '/etc/new')).toEqual({ cause: 'random-bytes', line: 4 });
    expect(grade(EXPECTED, added, '/etc/new').grade).toBe('unlisted');
  });

  test('figures count each grade', () => {
    const r = report([modeChange(1)]);
    const graded = [grade(EXPECTED, r, '/usr/local/bin/run.sh'), grade(EXPECTED, r, '/nowhere')];
    expect(countGrades(graded)).toEqual({ total: 2, right: 1, unknown: 0, wrong: 0, unlisted: 1 });
  });
});
