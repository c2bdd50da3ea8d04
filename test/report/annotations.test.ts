import { describe, expect, it } from 'vitest';
import { ANNOTATIONS_PER_LEVEL, toAnnotations } from '../../src/report/annotations.js';
import { group, sampleReport } from './report-fixture.js';

describe('toAnnotations', () => {
  it('puts one annotation per cause group on the Dockerfile line of its layer, with the paths and the fix', () => {
    const [first] = toAnnotations(sampleReport(), 'app/Dockerfile');
    expect(first).toEqual({
      level: 'error',
      title: 'repro-check: Dates written into files',
      message: '1 file differs in layer #1 (RUN date > /x): /x.\nFix: Write SOURCE_DATE_EPOCH instead of the current date.',
      file: 'app/Dockerfile',
      line: 4,
    });
  });

  it('makes groups that do not break the chosen level warnings', () => {
    const levels = (level: 'strict' | 'layers' | 'content') => toAnnotations(sampleReport({ level }), 'Dockerfile').map((a) => [a.title, a.level]);
    expect(levels('strict').every(([, l]) => l === 'error')).toBe(true);
    expect(levels('layers')).toContainEqual(['repro-check: Build time in the image config', 'warning']);
    expect(levels('content')).toEqual([
      ['repro-check: Dates written into files', 'error'],
      ['repro-check: Build-time file mtimes', 'warning'],
      ['repro-check: Build time in the image config', 'warning'],
    ]);
  });

  it('keeps ten per level and says how many more there are', () => {
    const causes = Array.from({ length: 14 }, (_, i) => group({ cause: `c${i}`, title: `cause ${i}` }));
    const annotations = toAnnotations(sampleReport({ causes }), 'Dockerfile');
    expect(annotations).toHaveLength(ANNOTATIONS_PER_LEVEL);
    expect(annotations.at(-1)).toMatchObject({ level: 'error', title: 'repro-check: 5 more errors' });
    expect(annotations.at(-1)!.message).toContain('job summary');
  });

  it('names more paths than it shows, and places config groups on the file without a line', () => {
    const annotations = toAnnotations(sampleReport({ causes: [group({ count: 8, paths: ['/a', '/b', '/c', '/d', '/e', '/f'] }), group({ layer: null, line: null, instruction: null, paths: ['created'] })] }), 'Dockerfile');
    expect(annotations[0]!.message).toContain('/a, /b, /c, /d, /e, and 3 more');
    expect(annotations[1]).toMatchObject({ file: 'Dockerfile' });
    expect(annotations[1]!.line).toBeUndefined();
    expect(annotations[1]!.message).toContain('in image config');
  });

  it('shows control characters of hostile names as escapes', () => {
    const [annotation] = toAnnotations(sampleReport({ causes: [group({ paths: ['/a\n::warning::forged'] })] }), 'Dockerfile');
    expect(annotation!.message).toContain('/a\\n::warning::forged');
    expect(annotation!.message.split('\n')).toHaveLength(2);
  });

  it('leaves file and line out for a diff without a Dockerfile', () => {
    const [annotation] = toAnnotations(sampleReport(), undefined);
    expect(annotation!.file).toBeUndefined();
    expect(annotation!.line).toBeUndefined();
  });
});
