import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/dockerfile-parser.js';
import { applyEdits } from '../../src/fix/dockerfile-edits.js';
import { narrowForSideEffects } from '../../src/fix/narrow-plan.js';
import type { FixPlan } from '../../src/fix/plan-remedies.js';
import type { GroupRemedy } from '../../src/fix/remedy.js';

// The corpus's python-bytecode pattern: apt installs python3 (whose postinst compiles the standard
// library), the app's own .pyc are compiled at line 5.
const TEXT = 'FROM d\nRUN apt-get install -y python3 && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY app/ /app/\nRUN python3 -m compileall /app\n';

const aptGroup: GroupRemedy = {
  cause: 'apt-state',
  layer: 1,
  line: 2,
  paths: ['/var/cache/apt/pkgcache.bin', '/var/lib/apt/lists'],
  remedy: {
    kind: 'edit',
    description: 'remove /var/cache/apt/*.bin in the same RUN',
    edits: [
      { type: 'remove', line: 2, paths: ['/var/cache/apt/*.bin'] },
      { type: 'stage-arg', line: 2, for: 'times' },
      { type: 'clamp-times', line: 2, paths: ['/var/lib/apt/lists'] },
    ],
  },
};
const mtimeGroup: GroupRemedy = {
  cause: 'build-mtime',
  layer: 1,
  line: 2,
  paths: ['/usr/bin/python3.11'],
  remedy: { kind: 'edit', description: 'set the times', edits: [{ type: 'stage-arg', line: 2, for: 'times' }, { type: 'clamp-times', line: 2, paths: ['/usr/bin/python3.11'] }] },
};
const appGroup: GroupRemedy = {
  cause: 'build-mtime',
  layer: 4,
  line: 5,
  paths: ['/app/__pycache__'],
  remedy: { kind: 'edit', description: 'set the times', edits: [{ type: 'stage-arg', line: 5, for: 'times' }, { type: 'clamp-times', line: 5, paths: ['/app/__pycache__'] }] },
};

function plan(groups: GroupRemedy[]): FixPlan {
  const edits = groups.flatMap((g) => (g.remedy.kind === 'edit' ? g.remedy.edits : []));
  return { groups, edits, settings: [], checkoutSteps: [], announced: { removed: ['/var/cache/apt/*.bin'], rewritten: [] } };
}

describe('narrowForSideEffects', () => {
  const dockerfile = parseDockerfile(TEXT);
  const full = plan([aptGroup, mtimeGroup, appGroup]);

  test('a side effect of the install RUN drops its clamps and moves the ARG down to the app RUN', () => {
    const narrowed = narrowForSideEffects(full, dockerfile, [{ line: 2, path: '/usr/lib/python3.11/__pycache__/abc.cpython-311.pyc' }])!;
    expect(narrowed).not.toBeNull();
    // The removal stays; the clamp of line 2 and its declaration go; line 5 keeps its clamp.
    expect(narrowed.groups[0]!.remedy).toMatchObject({ kind: 'edit', edits: [{ type: 'remove', line: 2, paths: ['/var/cache/apt/*.bin'] }] });
    expect(narrowed.groups[1]!.remedy).toMatchObject({ kind: 'none', reason: expect.stringMatching(/above line 2 made line 2's RUN write something else \(\/usr\/lib\/python3\.11/) });
    expect(narrowed.groups[2]).toBe(appGroup);
    const patched = applyEdits(TEXT, dockerfile, narrowed.edits);
    expect(patched).toBe(
      'FROM d\nRUN apt-get install -y python3 && rm -rf /var/lib/apt/lists/* && rm -rf /var/cache/apt/*.bin\nWORKDIR /app\nCOPY app/ /app/\n' +
        'ARG SOURCE_DATE_EPOCH\nRUN python3 -m compileall /app && touch -c -h -d "@${SOURCE_DATE_EPOCH:-0}" /app/__pycache__\n',
    );
  });

  test.each([
    { name: 'no side effects: nothing to narrow', sources: [] },
    { name: 'a side effect of a line above every declaration', sources: [{ line: 1, path: '/x' }] },
  ])('$name', ({ sources }) => {
    expect(narrowForSideEffects(full, dockerfile, sources)).toBeNull();
  });

  test('a RUN below a content declaration sees the argument anyway: nothing to narrow there', () => {
    const shadow: GroupRemedy = { cause: 'shadow-lastchange', layer: 1, line: 2, paths: ['/etc/shadow'], remedy: { kind: 'edit', description: 'declare', edits: [{ type: 'stage-arg', line: 2, for: 'content' }] } };
    expect(narrowForSideEffects(plan([shadow, appGroup]), dockerfile, [{ line: 5, path: '/app/x' }])).toBeNull();
  });

  test('only the stage whose RUN wrote the side effect is narrowed', () => {
    const text = 'FROM d AS one\nRUN a\nFROM d\nRUN b\n';
    const groups: GroupRemedy[] = [2, 4].map((line, i) => ({
      cause: 'build-mtime',
      layer: i,
      line,
      paths: ['/p'],
      remedy: { kind: 'edit', description: 'clamp', edits: [{ type: 'stage-arg', line, for: 'times' }, { type: 'clamp-times', line, paths: ['/p'] }] },
    }));
    const narrowed = narrowForSideEffects(plan(groups), parseDockerfile(text), [{ line: 4, path: '/q' }])!;
    expect(narrowed.groups.map((g) => g.remedy.kind)).toEqual(['edit', 'none']);
    expect(narrowed.edits.map((e) => e.line)).toEqual([2, 2]);
  });
});
