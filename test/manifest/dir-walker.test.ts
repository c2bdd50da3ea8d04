import { createHash } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { walkDirectory } from '../../src/manifest/dir-walker.js';
import { InputError } from '../../src/settings.js';
import { makeFixtureTree } from './fixture-tree.js';

const root = makeFixtureTree();
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sha256 = (text: string) => 'sha256:' + createHash('sha256').update(text).digest('hex');

describe('walkDirectory', () => {
  it('lists every entry with its type, mode, owner, size and digest', async () => {
    const tree = await walkDirectory(root, { threads: 2 });
    expect([...tree.keys()].sort()).toEqual(
      ['/', '/a file#1.txt', '/café', '/dir with space', '/dir with space/sub', '/dir with space/sub/f', '/dirlink', '/empty', '/etc', '/etc/machine-id', '/etc/ssh', '/etc/ssh/ssh_host_ed25519_key', '/fifo', '/hard', '/link', '/setuid', '/var', '/var/log', '/var/log/syslog'].sort(),
    );
    expect(tree.get('/a file#1.txt')).toMatchObject({ type: 'file', mode: 0o644, size: 6, digest: sha256('hello\n'), nlink: 2 });
    expect(tree.get('/empty')).toMatchObject({ type: 'file', size: 0, digest: sha256('') });
    expect(tree.get('/setuid')).toMatchObject({ mode: 0o4755 });
    expect(tree.get('/dir with space')).toMatchObject({ type: 'dir', mode: 0o2775 });
    expect(tree.get('/fifo')).toMatchObject({ type: 'fifo' });
  });

  it('records symlinks without following them', async () => {
    const tree = await walkDirectory(root);
    expect(tree.get('/dirlink')).toMatchObject({ type: 'symlink', linkTarget: 'dir with space' });
    expect(tree.has('/dirlink/sub')).toBe(false);
  });

  it('hashes hard links once and lists both names as files with their link count', async () => {
    const tree = await walkDirectory(root);
    expect(tree.get('/hard')).toMatchObject({ type: 'file', nlink: 2, digest: tree.get('/a file#1.txt')!.digest });
  });

  it('keeps nanoseconds of mtimes', async () => {
    const tree = await walkDirectory(root);
    const ns = statSync(root + '/café', { bigint: true }).mtimeNs;
    expect(tree.get('/café')!.mtime).toEqual({ sec: Number(ns / 1_000_000_000n), nsec: Number(ns % 1_000_000_000n) });
  });

  it('refuses a path that is not a directory', async () => {
    await expect(walkDirectory(root + '/empty')).rejects.toThrow(InputError);
  });
});
