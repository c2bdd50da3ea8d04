import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ELLIPSIS, shortenPath } from '../../src/report/shorten-path.js';

const PYC = '/usr/lib/python3/dist-packages/ansible_collections/community/general/plugins/modules/__pycache__/x.cpython-311.pyc';
const CACACHE = '/root/.npm/_cacache/index-v5/02/b7/e99b443ae0ea20f75f863767d3e1f9a4c2f1d7e0b4c6a8e2f0d1c3b5a7e9f1d3';

describe('shortenPath', () => {
  // Expectations worked out by hand from the rule: keep the name whole, give whole parent
  // components at most a third of what is left, cut the head after a `/`.
  test.each<[string, number, string]>([
    ['/etc/passwd', 80, '/etc/passwd'],
    ['/etc/passwd', 11, '/etc/passwd'],
    // The file name survives; the middle of the directory part goes.
    [PYC, 80, '/usr/lib/python3/dist-packages/…/modules/__pycache__/x.cpython-311.pyc'],
    [PYC, 60, '/usr/lib/python3/…/__pycache__/x.cpython-311.pyc'],
    [PYC, 30, '/usr/lib/…/x.cpython-311.pyc'],
    // The head keeps where in the image the file is; a hash name is kept whole while it fits...
    [CACACHE, 80, '/root/.npm/…/b7/e99b443ae0ea20f75f863767d3e1f9a4c2f1d7e0b4c6a8e2f0d1c3b5a7e9f1d3'],
    // ...and cut in its middle once it does not: 30 characters of head, 29 of tail.
    [CACACHE, 60, '/root/.npm/_cacache/index-v5/0…1d7e0b4c6a8e2f0d1c3b5a7e9f1d3'],
    ['/aaaa/bbbb/cccc/dddd/eeee/file.txt', 20, '/aaaa/…/file.txt'],
    // A trailing slash belongs to the last component.
    ['/aaaa/bbbb/cccc/dddd/eeee/', 20, '/aaaa/bbbb/…/eeee/'],
    // No directory part: first and last halves, so the extension stays.
    ['abcdefghijklmnopqrstuvwxyz.tar.gz', 11, 'abcde…ar.gz'],
    ['/opt/app/a-very-long-file-name-that-goes-on.tar.gz', 20, '/opt/app/a…on.tar.gz'],
    // Width counts code points: the emoji is one, and is never split.
    ['/data/🙂🙂🙂🙂/report.txt', 16, '/dat…/report.txt'],
    ['/data/🙂🙂🙂🙂/report.txt', 19, '/data/…/report.txt'],
    ['/🙂🙂🙂🙂🙂🙂/a.txt', 10, '/🙂🙂…/a.txt'],
    ['/x', 1, '…'],
    ['/x/y', 0, ''],
  ])('%s in %i → %s', (path, width, expected) => {
    expect(shortenPath(path, width)).toBe(expected);
  });

  const paths = fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '/', '.', '🙂', 'é'), maxLength: 12 }), { minLength: 1, maxLength: 8 }).map((parts) => parts.join('/'));

  test('fits the width, and changes nothing that fits', () => {
    fc.assert(
      fc.property(paths, fc.integer({ min: 0, max: 60 }), (path, width) => {
        const short = shortenPath(path, width);
        const length = Array.from(short).length;
        expect(length).toBeLessThanOrEqual(width);
        if (Array.from(path).length <= width) expect(short).toBe(path);
      }),
    );
  });

  test('a cut path is a head of the path, one ellipsis and a tail of it, and splits no surrogate pair', () => {
    fc.assert(
      fc.property(paths, fc.integer({ min: 3, max: 60 }), (path, width) => {
        fc.pre(Array.from(path).length > width && !path.includes(ELLIPSIS));
        const short = shortenPath(path, width);
        const at = short.indexOf(ELLIPSIS);
        expect(at).toBeGreaterThan(0);
        expect(path.startsWith(short.slice(0, at))).toBe(true);
        expect(path.endsWith(short.slice(at + 1))).toBe(true);
        expect(short).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      }),
    );
  });

  test('keeps the whole last component when it fits beside one character of head', () => {
    fc.assert(
      fc.property(paths, fc.integer({ min: 3, max: 60 }), (path, width) => {
        const chars = Array.from(path);
        const slash = chars.lastIndexOf('/', chars.length - 2);
        fc.pre(chars.length > width && slash >= 1 && chars.length - slash + 2 <= width);
        expect(shortenPath(path, width).endsWith(chars.slice(slash).join(''))).toBe(true);
      }),
    );
  });
});
