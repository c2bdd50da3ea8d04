import { describe, expect, it } from 'vitest';
import { compareLevels, verdictAt, type SideFacts } from '../../src/verify/verify-levels.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const base: SideFacts = {
  index: null,
  manifestDigest: d('1'),
  configDigest: d('2'),
  layers: [
    { blobDigest: d('3'), diffId: d('4') },
    { blobDigest: d('5'), diffId: d('6') },
  ],
};
const withIndex = (side: SideFacts, digest: string, attestations: string[]): SideFacts => ({ ...side, index: { digest, images: [{ platform: 'linux/amd64', digest: side.manifestDigest }], attestations } });
const yes = { strict: true, layers: true, content: true };

describe('compareLevels', () => {
  it.each([
    ['identical images', base, true, null],
    ['a label (config only)', { ...base, manifestDigest: d('a'), configDigest: d('b') }, true, 'config'],
    ['a layer compressed otherwise', { ...base, manifestDigest: d('a'), layers: [base.layers[0]!, { blobDigest: d('c'), diffId: d('6') }] }, true, 'compressed-layer'],
    ['a layer whose tar differs, same files', { ...base, manifestDigest: d('a'), configDigest: d('b'), layers: [base.layers[0]!, { blobDigest: d('c'), diffId: d('e') }] }, true, 'layer'],
    ['a file', { ...base, manifestDigest: d('a'), configDigest: d('b'), layers: [base.layers[0]!, { blobDigest: d('c'), diffId: d('e') }] }, false, 'file'],
    ['manifest fields only (annotations)', { ...base, manifestDigest: d('a') }, true, 'manifest'],
  ] as const)('%s: the difference begins at %s', (_name, rebuilt, filesEqual, expected) => {
    expect(compareLevels(base, rebuilt as SideFacts, filesEqual).firstDifference).toBe(expected);
  });

  it('says when only the manifest differs that the packaging does, not what was built', () => {
    expect(compareLevels(base, { ...base, manifestDigest: d('a') }, true).notes.join(' ')).toMatch(/config and every layer blob are the same.*media types/);
    expect(compareLevels(base, { ...base, manifestDigest: d('a'), configDigest: d('b') }, true).notes).toEqual([]);
  });

  it('counts indexes that differ only in attestation manifests as equal, with a note', () => {
    const result = compareLevels(withIndex(base, d('7'), [d('8')]), withIndex(base, d('9'), [d('0')]), true);
    expect(result.levels.index).toBe('equal');
    expect(result.firstDifference).toBeNull();
    expect(result.notes.join(' ')).toMatch(/only in their attestation manifests/);
    expect(verdictAt('strict', result, yes)).toBe('GOOD');
  });

  it('says the index differs when a platform manifest does, and the difference begins below it', () => {
    const rebuilt = { ...base, manifestDigest: d('a'), configDigest: d('b') };
    const result = compareLevels(withIndex(base, d('7'), []), withIndex(rebuilt, d('9'), []), true);
    expect(result.levels).toMatchObject({ index: 'differs', manifest: 'differs', config: 'differs', layer: 'equal' });
    expect(result.firstDifference).toBe('config');
  });

  it('does not compare an index with a single manifest', () => {
    const result = compareLevels(withIndex(base, d('7'), []), base, true);
    expect(result.levels.index).toBe('not compared');
    expect(result.firstDifference).toBeNull();
  });
});

describe('verdictAt', () => {
  const recompressed = compareLevels(base, { ...base, manifestDigest: d('a'), layers: [base.layers[0]!, { blobDigest: d('c'), diffId: d('6') }] }, true);
  it.each([
    ['strict', yes, 'BAD'],
    ['layers', { strict: true, layers: true, content: true }, 'GOOD'],
    ['content', { strict: false, layers: false, content: true }, 'GOOD'],
    ['layers', { strict: false, layers: false, content: true }, 'BAD'],
  ] as const)('a layer compressed otherwise at level %s is %s', (level, trees, _expected) => {
    expect(verdictAt(level, recompressed, trees)).toBe(_expected);
  });
});
