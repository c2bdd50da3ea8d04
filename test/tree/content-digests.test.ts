import { describe, expect, test } from 'vitest';
import { compareContent } from '../../src/tree/content-digests.js';
import type { FileEntry } from '../../src/tree/file-entry.js';

const f = (extra: Partial<FileEntry>): FileEntry => ({ path: '/f', type: 'file', ...extra });

describe('compareContent', () => {
  test.each<[string, Partial<FileEntry>, Partial<FileEntry>, string]>([
    ['equal SHA-256', { digest: 'sha256:aa' }, { digest: 'sha256:aa' }, 'same'],
    ['different SHA-256', { digest: 'sha256:aa' }, { digest: 'sha256:bb' }, 'different'],
    ['no digest anywhere', {}, {}, 'unknown'],
    ['a digest on one side only', { digest: 'sha256:aa' }, {}, 'unverifiable'],
    ['no algorithm in common', { digest: 'sha256:aa' }, { digests: { sha512: 'cc' } }, 'unverifiable'],
    ['a common algorithm beside others', { digest: 'sha256:aa', digests: { md5: '11' } }, { digests: { md5: '11', sha1: '22' } }, 'same'],
    ['one common algorithm differs', { digests: { md5: '11', sha1: '22' } }, { digests: { md5: '11', sha1: '33' } }, 'different'],
    ['SHA-256 equal, another differs', { digest: 'sha256:aa', digests: { sha512: '1' } }, { digest: 'sha256:aa', digests: { sha512: '2' } }, 'different'],
    ['casync sha512256', { digests: { sha512256: 'ab' } }, { digests: { sha512256: 'ab' } }, 'same'],
  ])('%s', (_name, a, b, verdict) => {
    expect(compareContent(f(a), f(b))).toBe(verdict);
    expect(compareContent(f(b), f(a))).toBe(verdict);
  });
});
