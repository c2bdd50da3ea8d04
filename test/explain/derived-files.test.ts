import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findChecksumLinks, findCopyCandidates, type DerivedItem } from '../../src/explain/derived-files.js';
import type { ContentFinding } from '../../src/explain/inspect/finding.js';
import { inspectContent } from '../../src/explain/inspect/inspect-content.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** A content change whose two versions are the given bytes, digests computed by node:crypto. */
function written(path: string, layer: number, a: string, b: string): DerivedItem {
  return {
    path,
    layer,
    kind: 'modified',
    aspects: ['content', 'mtime'],
    old: { mode: 0o644, uid: 0, gid: 0, digest: `sha256:${sha256(a)}`, size: a.length },
    new: { mode: 0o644, uid: 0, gid: 0, digest: `sha256:${sha256(b)}`, size: b.length },
  };
}

async function findingsOf(texts: Map<number, [string, string]>): Promise<Map<number, ContentFinding>> {
  const findings = new Map<number, ContentFinding>();
  for (const [index, [a, b]] of texts) findings.set(index, await inspectContent({ path: `/f${index}`, a: Buffer.from(a), b: Buffer.from(b) }));
  return findings;
}

describe('findChecksumLinks', () => {
  const tarA = 'tarball bytes of build A\n';
  const tarB = 'tarball bytes of build B, one member mtime later\n';
  const sums = (tar: string) => `${sha256(tar)}  out/assets.tar.gz\n`;

  it('links a sha256sum output to the file whose digest it holds on each side', async () => {
    const items = [written('/srv/assets.sha256', 1, sums(tarA), sums(tarB)), written('/srv/assets.tar.gz', 1, tarA, tarB)];
    const links = findChecksumLinks(items, await findingsOf(new Map([[0, [sums(tarA), sums(tarB)]]])));
    expect(links).toEqual(new Map([[0, [1]]]));
  });

  it('reads an md5 the source kept besides the sha256, upper-case hex too', async () => {
    const item = written('/srv/app.tar', 1, tarA, tarB);
    item.old!.digests = { md5: md5(tarA) };
    item.new!.digests = { md5: md5(tarB) };
    const a = `MD5 (app.tar) = ${md5(tarA).toUpperCase()}\n`;
    const b = `MD5 (app.tar) = ${md5(tarB).toUpperCase()}\n`;
    const links = findChecksumLinks([written('/srv/app.md5', 1, a, b), item], await findingsOf(new Map([[0, [a, b]]])));
    expect(links.get(0)).toEqual([1]);
  });

  it.each([
    ['the token matches no digest', sums('some other bytes'), sums('yet other bytes')],
    ['only one side matches', sums(tarA), sums('yet other bytes')],
    ['the sides hold the digests crossed (B holds A\'s)', sums(tarB), sums(tarA)],
  ])('links nothing when %s', async (_, a, b) => {
    const items = [written('/srv/assets.sha256', 1, a, b), written('/srv/assets.tar.gz', 1, tarA, tarB)];
    expect(findChecksumLinks(items, await findingsOf(new Map([[0, [a, b]]])))).toEqual(new Map());
  });

  it('links nothing when more than the token differs', async () => {
    const a = sums(tarA);
    const b = `${sha256(tarB)}  out/assets-v2.tar.gz\n`;
    const items = [written('/srv/assets.sha256', 1, a, b), written('/srv/assets.tar.gz', 1, tarA, tarB)];
    expect(findChecksumLinks(items, await findingsOf(new Map([[0, [a, b]]])))).toEqual(new Map());
  });
});

describe('findCopyCandidates', () => {
  const js = 'console.log("hello");\n';
  /** A file that differs only in mode (and mtime), with the same bytes in both images. */
  const moded = (path: string, layer: number, old: number, now: number, content = js): DerivedItem => ({
    path,
    layer,
    kind: 'modified',
    aspects: ['mode', 'mtime'],
    old: { mode: old, uid: 0, gid: 0, digest: `sha256:${sha256(content)}`, size: content.length },
    new: { mode: now, uid: 0, gid: 0, digest: `sha256:${sha256(content)}`, size: content.length },
  });

  it('finds the earlier file with the same bytes and the same old and new mode', () => {
    const items = [moded('/app/src/main.js', 8, 0o644, 0o664), moded('/app/dist/main.js', 9, 0o644, 0o664)];
    expect(findCopyCandidates(items)).toEqual(new Map([[1, [0]]]));
  });

  it('finds an owner difference alike', () => {
    const own = (path: string, layer: number): DerivedItem => ({
      path,
      layer,
      kind: 'modified',
      aspects: ['uid'],
      old: { mode: 0o644, uid: 1000, gid: 0, digest: `sha256:${sha256(js)}` },
      new: { mode: 0o644, uid: 1001, gid: 0, digest: `sha256:${sha256(js)}` },
    });
    expect(findCopyCandidates([own('/src/a', 2), own('/dst/a', 3)])).toEqual(new Map([[1, [0]]]));
  });

  it.each([
    ['the modes differ otherwise (0644 → 0664 against 0755 → 0775)', [moded('/app/src/main.js', 8, 0o644, 0o664), moded('/app/dist/main.js', 9, 0o755, 0o775)]],
    ['the other file is in the same layer', [moded('/app/src/main.js', 9, 0o644, 0o664), moded('/app/dist/main.js', 9, 0o644, 0o664)]],
    ['the bytes differ', [moded('/app/src/main.js', 8, 0o644, 0o664), moded('/app/dist/main.js', 9, 0o644, 0o664, 'other bytes\n')]],
    ['the files are empty', [moded('/app/src/empty', 8, 0o644, 0o664, ''), moded('/app/dist/empty', 9, 0o644, 0o664, '')]],
    ['it is the same path (carried, not copied)', [moded('/app/main.js', 8, 0o644, 0o664), moded('/app/main.js', 9, 0o644, 0o664)]],
  ])('links nothing when %s', (_, items) => {
    const found = findCopyCandidates(items);
    expect(found.size).toBe(0);
  });

  it('does not link a file whose content differs too', () => {
    const copy = moded('/app/dist/main.js', 9, 0o644, 0o664);
    const changed: DerivedItem = { ...copy, aspects: ['content', 'mode'], new: { ...copy.new!, digest: `sha256:${sha256('x')}` } };
    expect(findCopyCandidates([moded('/app/src/main.js', 8, 0o644, 0o664), changed]).size).toBe(0);
  });
});
