import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, test } from 'vitest';
import { parseCliArgs } from '../../src/cli/args.js';
import { runCli } from '../../src/cli/cli-main.js';
import { readJsonManifest } from '../../src/manifest/json-manifest-reader.js';
import { parseMtree } from '../../src/manifest/mtree-reader.js';
import { compareTrees } from '../../src/tree/compare-trees.js';
import { bsdtar } from '../manifest/bsdtar-tool.js';
import { makeFixtureTree } from '../manifest/fixture-tree.js';
import { recordingIo } from './cli-io.js';

const root = makeFixtureTree();
const out = mkdtempSync(join(tmpdir(), 'manifest-cli-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});
const SAVE = new URL('../fixtures/save/', import.meta.url).pathname;

describe('repro-check manifest', () => {
  test.each([
    [['--image', 'alpine:3'], { source: { kind: 'image', ref: 'alpine:3' }, format: 'json' }],
    [['--tar', 'img.tar', '--format', 'mtree'], { source: { kind: 'tar', path: '/w/img.tar' }, format: 'mtree' }],
    [['--dir', '/mnt/vm', '--output', 'vm.mtree'], { source: { kind: 'dir', path: '/mnt/vm' }, format: 'mtree', outputPath: '/w/vm.mtree' }],
  ])('parses %j', (args, expected) => {
    expect(parseCliArgs(['manifest', ...args], '/w', {})).toEqual({ command: 'manifest', ...expected });
  });

  test.each([[[]], [['--dir', 'a', '--tar', 'b']], [['--dir', 'a', '--format', 'xml']]])('refuses %j', (args) => {
    expect(() => parseCliArgs(['manifest', ...args], '/w', {})).toThrow();
  });

  it('writes a JSON manifest of a directory to stdout', async () => {
    const io = recordingIo(out);
    expect(await runCli(['manifest', '--dir', root], io)).toBe(0);
    const tree = await readJsonManifest(io.out.join(''), 'stdout');
    expect(tree.get('/a file#1.txt')).toMatchObject({ type: 'file', size: 6 });
  });

  it('writes an mtree manifest of a directory that bsdtar reads and that matches bsdtar’s own', async () => {
    const io = recordingIo(out);
    expect(await runCli(['manifest', '--dir', root, '--output', 'dir.mtree'], io)).toBe(0);
    const ours = readFileSync(join(out, 'dir.mtree'), 'utf8');
    expect(ours.startsWith('#mtree\n. type=dir')).toBe(true);
    const theirs = parseMtree(bsdtar(['-cf', '-', '--format=mtree', '--options=sha256', '-C', root, '.']), 'bsdtar.mtree');
    expect(compareTrees(parseMtree(ours, 'dir.mtree'), theirs).changes).toEqual([]);
    expect(bsdtar(['-tf', join(out, 'dir.mtree')], root)).toContain('./a file#1.txt');
  });

  it('writes the manifest of a docker save archive', async () => {
    const io = recordingIo(out);
    expect(await runCli(['manifest', '--tar', SAVE + 'legacy.tar.gz', '--output', 'image.json'], io)).toBe(0);
    const tree = await readJsonManifest(readFileSync(join(out, 'image.json'), 'utf8'), 'image.json');
    expect(tree.get('/bin/busybox')).toMatchObject({ type: 'file', size: 1982256 });
  });

  it('exits 2 for a directory that does not exist', async () => {
    const io = recordingIo(out);
    expect(await runCli(['manifest', '--dir', join(out, 'nope')], io)).toBe(2);
    expect(io.err.join('')).toMatch(/^repro-check: directory .* does not exist or is not a directory\n$/);
  });
});
