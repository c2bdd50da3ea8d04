import { describe, expect, it } from 'vitest';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';
import { isWhiteout, mergeLayers } from '../../src/tree/merge-layers.js';

const entry = (path: string, type: FileEntry['type'] = 'file', digest?: string): FileEntry => ({ path, type, ...(digest ? { digest } : {}) });
const layer = (...entries: FileEntry[]): FileTree => new Map(entries.map((e) => [e.path, e]));

describe('mergeLayers', () => {
  it('lets upper layers replace lower entries', () => {
    const merged = mergeLayers([layer(entry('/a', 'file', 'sha256:1')), layer(entry('/a', 'file', 'sha256:2'))]);
    expect(merged.get('/a')?.digest).toBe('sha256:2');
  });

  it('removes a whited-out file and a whited-out directory with everything below it', () => {
    const merged = mergeLayers([
      layer(entry('/etc', 'dir'), entry('/etc/a'), entry('/etc/b'), entry('/opt', 'dir'), entry('/opt/x'), entry('/optional')),
      layer(entry('/etc', 'dir'), entry('/etc/.wh.a'), entry('/.wh.opt')),
    ]);
    expect([...merged.keys()].sort()).toEqual(['/etc', '/etc/b', '/optional']);
  });

  it('hides lower contents of an opaque directory but keeps the directory and its new contents', () => {
    const merged = mergeLayers([
      layer(entry('/d', 'dir'), entry('/d/old'), entry('/d/sub', 'dir'), entry('/d/sub/deep'), entry('/e')),
      layer(entry('/d', 'dir'), entry('/d/.wh..wh..opq'), entry('/d/new')),
    ]);
    expect([...merged.keys()].sort()).toEqual(['/d', '/d/new', '/e']);
  });

  it('applies a whiteout only to lower layers, not to an entry the same layer adds', () => {
    const merged = mergeLayers([layer(entry('/a')), layer(entry('/.wh.a')), layer(entry('/a', 'file', 'sha256:new'))]);
    expect(merged.get('/a')?.digest).toBe('sha256:new');
  });

  it('keeps the root under a root-level opaque marker', () => {
    const merged = mergeLayers([layer(entry('/', 'dir'), entry('/a')), layer(entry('/.wh..wh..opq'), entry('/b'))]);
    expect([...merged.keys()].sort()).toEqual(['/', '/b']);
  });

  it('recognises whiteout names', () => {
    expect(isWhiteout('/etc/.wh.passwd')).toBe(true);
    expect(isWhiteout('/etc/.wh..wh..opq')).toBe(true);
    expect(isWhiteout('/etc/.whatever')).toBe(false);
  });
});
