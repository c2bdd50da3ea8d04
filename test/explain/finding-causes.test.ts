import { describe, expect, it, test } from 'vitest';
import type { CauseId } from '../../src/explain/causes.js';
import { causeOfFinding } from '../../src/explain/finding-causes.js';
import type { ArchiveComparison, ContentFinding, TextFinding } from '../../src/explain/inspect/finding.js';

const text = (extra: Partial<TextFinding>): TextFinding => ({
  format: 'text',
  summary: 'text differs',
  diff: '',
  cut: null,
  removedLines: 1,
  addedLines: 1,
  dates: { a: [], b: [] },
  random: { a: [], b: [] },
  datesOnly: false,
  randomOnly: false,
  ...extra,
});
const archive = (extra: Partial<ArchiveComparison>): ContentFinding => ({
  format: 'tar',
  summary: 'tar differs',
  members: [2, 2],
  differences: [],
  more: 0,
  orderDiffers: false,
  timestampsOnly: false,
  orderOnly: false,
  ...extra,
});

describe('causeOfFinding', () => {
  test.each<[string, ContentFinding | undefined, CauseId | undefined]>([
    ['no finding', undefined, undefined],
    ['identical', { format: 'identical', summary: '' }, undefined],
    ['text, dates only', text({ datesOnly: true }), 'embedded-date'],
    ['text, random only', text({ randomOnly: true }), 'random-bytes'],
    // A version bump brings a new date or hash with it: the tokens alone prove nothing.
    ['text, a date among other edits', text({ dates: { a: ['2023-11-14'], b: [] } }), undefined],
    ['text, a token among other edits', text({ random: { a: [], b: ['0123456789abcdef'] } }), undefined],
    ['text, a real edit', text({}), undefined],
    ['archive, order only', archive({ orderDiffers: true, orderOnly: true }), 'archive-member-order'],
    ['archive, timestamps only', archive({ timestampsOnly: true, differences: [{ name: 'x', change: 'modified', fields: ['mtime'] }] }), 'archive-member-mtime'],
    [
      'archive, mtime and owner',
      archive({ differences: [{ name: 'x', change: 'modified', fields: ['uid', 'mtime'] }] }),
      'archive-member-mtime',
    ],
    [
      'archive, content with a dated member',
      archive({ differences: [{ name: 'x', change: 'modified', fields: ['content'], inner: text({ datesOnly: true }) }] }),
      'embedded-date',
    ],
    ['archive, content not inspected', archive({ differences: [{ name: 'x', change: 'modified', fields: ['content'] }] }), undefined],
    ['archive, a member added', archive({ differences: [{ name: 'x', change: 'added', fields: [] }] }), undefined],
    [
      'archive, a dated member and an added one',
      archive({ differences: [{ name: 'x', change: 'modified', fields: ['content'], inner: text({ datesOnly: true }) }, { name: 'y', change: 'added', fields: [] }] }),
      undefined,
    ],
    [
      'archive, a dated member and one with a new mtime',
      archive({ differences: [{ name: 'x', change: 'modified', fields: ['content'], inner: text({ datesOnly: true }) }, { name: 'y', change: 'modified', fields: ['mtime'] }] }),
      'embedded-date',
    ],
    [
      'binary, random',
      { format: 'binary', summary: '', sizes: [1, 1], firstDifference: 0, lastDifference: 0, differingBytes: 1, entropy: 8, randomLooking: true, datesOnly: false },
      'random-bytes',
    ],
    [
      'too large',
      { format: 'too-large', summary: '', detected: 'binary', limit: 1, sizes: [2, 2], firstDifference: 0 },
      undefined,
    ],
  ])('%s', (_name, finding, cause) => {
    expect(causeOfFinding(finding)?.cause).toBe(cause);
  });

  it('follows a gzip into its payload', () => {
    const inner = archive({ timestampsOnly: true });
    const gzip: ContentFinding = {
      format: 'gzip',
      summary: 'gzip',
      header: { a: header(), b: header() },
      headerFields: [],
      payload: 'different',
      payloadSizes: [1, 1],
      compressedEqual: false,
      headerOnly: false,
      inner,
    };
    expect(causeOfFinding(gzip)).toEqual({ cause: 'archive-member-mtime', detail: 'gzip' });
    expect(causeOfFinding({ ...gzip, headerFields: ['mtime'], payload: 'equal', compressedEqual: true, headerOnly: true })?.cause).toBe('gzip-header');
    expect(causeOfFinding({ ...gzip, payload: 'equal', inner: undefined })).toBeUndefined();
  });
});

function header() {
  return { mtime: 0, name: null, comment: null, os: 3, flags: 0, extraFlags: 0, extra: null, length: 10 };
}
