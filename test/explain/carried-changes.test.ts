import { describe, expect, it, test } from 'vitest';
import { findCarried, type CarriedItem } from '../../src/explain/carried-changes.js';
import type { Aspect } from '../../src/tree/compare-trees.js';

const T = (sec: number) => ({ sec, nsec: 0 });
const change = (layer: number, aspects: Aspect[], old: CarriedItem['old'], now: CarriedItem['new'], path = '/hello.sh'): CarriedItem => ({ path, layer, kind: 'modified', aspects, old, new: now });

describe('findCarried', () => {
  it('carries a mode difference that a later chmod kept (ADD 0644/0664, then chmod u+x)', () => {
    const carried = findCarried([
      change(13, ['mode', 'mtime'], { mode: 0o644, mtime: T(100) }, { mode: 0o664, mtime: T(90161) }),
      change(14, ['mode', 'mtime'], { mode: 0o744, mtime: T(100) }, { mode: 0o764, mtime: T(90161) }),
    ]);
    expect(carried).toEqual(new Map([[1, { from: 0, aspects: ['mode', 'mtime'] }]]));
  });

  test.each<[string, CarriedItem, CarriedItem]>([
    ['other mode bits differ later', change(1, ['mode'], { mode: 0o644 }, { mode: 0o664 }), change(2, ['mode'], { mode: 0o644 }, { mode: 0o646 })],
    ['only the mtime differs, and differently', change(1, ['mtime'], { mtime: T(1) }, { mtime: T(2) }), change(2, ['mtime'], { mtime: T(5) }, { mtime: T(9) })],
    ['other bytes later', change(1, ['content'], { digest: 'sha256:a' }, { digest: 'sha256:b' }), change(2, ['content'], { digest: 'sha256:a' }, { digest: 'sha256:c' })],
    ['the earlier difference was not in content', change(1, ['mode'], { mode: 0o644, digest: 'sha256:a' }, { mode: 0o664, digest: 'sha256:a' }), change(2, ['content'], { digest: 'sha256:a' }, { digest: 'sha256:b' })],
  ])('does not carry when %s', (_name, earlier, later) => {
    expect(findCarried([earlier, later]).size).toBe(0);
  });

  it('carries a mode difference past the later step\'s own mtime, and says so', () => {
    const carried = findCarried([
      change(1, ['mode', 'mtime'], { mode: 0o644, mtime: T(1) }, { mode: 0o664, mtime: T(2) }),
      change(2, ['mode', 'mtime'], { mode: 0o744, mtime: T(5) }, { mode: 0o764, mtime: T(9) }),
    ]);
    expect(carried.get(1)).toEqual({ from: 0, aspects: ['mode'], ownMtime: true });
  });

  it('carries the same bytes, and resolves a chain to where it began', () => {
    const c = (layer: number) => change(layer, ['content', 'size'], { digest: 'sha256:a' }, { digest: 'sha256:b' }, '/etc/app.conf');
    expect(findCarried([c(2), c(5), c(7)])).toEqual(
      new Map([
        [1, { from: 0, aspects: ['content', 'size'] }],
        [2, { from: 0, aspects: ['content', 'size'] }],
      ]),
    );
  });

  it('asks about content that follows from the earlier difference without being equal', () => {
    const earlier = change(3, ['content'], { digest: 'sha256:a' }, { digest: 'sha256:b' }, '/etc/shadow');
    const later = change(6, ['content'], { digest: 'sha256:c' }, { digest: 'sha256:d' }, '/etc/shadow');
    expect(findCarried([earlier, later], () => false).size).toBe(0);
    expect(findCarried([earlier, later], (e, l) => e === 0 && l === 1).get(1)).toEqual({ from: 0, aspects: ['content'] });
  });
});
