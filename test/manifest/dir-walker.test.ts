import { createHash } from 'node:crypto';
import { chmodSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { walkDirectory } from '../../src/manifest/dir-walker.js';
import { NO_XATTRS } from '../../src/tree/file-entry.js';
import { compareTrees } from '../../src/tree/compare-trees.js';
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

  it('hashes many files on every worker alike, in any order they finish', async () => {
    const many = makeFixtureTree();
    try {
      for (let i = 0; i < 300; i++) writeFileSync(`${many}/var/log/f${i}`, 'x'.repeat(i * 997));
      for (const threads of [0, 1, 3]) {
        const tree = await walkDirectory(many, { threads });
        for (let i = 0; i < 300; i++) expect(tree.get(`/var/log/f${i}`)!.digest).toBe(sha256('x'.repeat(i * 997)));
      }
    } finally {
      rmSync(many, { recursive: true, force: true });
    }
  });
});

describe('walkDirectory and extended attributes', () => {
  // setcap's bytes for cap_net_raw+ep: revision 2 with the effective flag, permitted bit 13.
  const CAP_NET_RAW = '\x01\x00\x00\x02\x00\x20' + '\x00'.repeat(14);

  it('reads capabilities and user attributes; entries without any share NO_XATTRS', async () => {
    const tree = makeFixtureTree();
    try {
      execFileSync('setcap', ['cap_net_raw+ep', tree + '/setuid']);
      execFileSync('setfattr', ['-n', 'user.note', '-v', 'café', tree + '/café']);
      const walked = await walkDirectory(tree);
      expect(walked.get('/setuid')!.xattrs).toEqual({ 'security.capability': CAP_NET_RAW });
      expect(walked.get('/café')!.xattrs).toEqual({ 'user.note': Buffer.from('café').toString('latin1') });
      expect(walked.get('/etc/machine-id')!.xattrs).toBe(NO_XATTRS);
      expect(walked.get('/link')!.xattrs).toBe(NO_XATTRS);
      expect(walked.get('/')!.xattrs).toBe(NO_XATTRS);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('finds a capability added since the baseline as a change of xattrs, not as no drift', async () => {
    const tree = makeFixtureTree();
    try {
      const before = await walkDirectory(tree);
      execFileSync('setcap', ['cap_setuid+ep', tree + '/etc/ssh/ssh_host_ed25519_key']);
      const after = await walkDirectory(tree);
      const { changes, unverifiable } = compareTrees(before, after);
      expect(changes.map((c) => [c.path, c.aspects])).toEqual([['/etc/ssh/ssh_host_ed25519_key', ['xattrs']]]);
      expect(unverifiable).toEqual([]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('without getfattr leaves every entry unknown and says so', async () => {
    const warnings: string[] = [];
    const walked = await walkDirectory(root, { getfattr: root + '/no-such-getfattr', warn: (w) => warnings.push(w) });
    expect([...walked.values()].filter((e) => e.xattrs !== undefined)).toEqual([]);
    expect(warnings.join('\n')).toMatch(/could not run[\s\S]*every entry marks them unknown/);
    // Against a tree whose attributes were read, each entry is unverifiable in xattrs.
    const read = await walkDirectory(root);
    const { unverifiable } = compareTrees(read, walked);
    expect(unverifiable.length).toBe(read.size);
    expect(unverifiable.every((u) => u.aspects.join() === 'xattrs')).toBe(true);
  });

  it('leaves unknown what getfattr could not read, and everything below it', async () => {
    const tree = makeFixtureTree();
    const wrapper = `${tree}.getfattr-as-nobody`;
    try {
      chmodSync(tree, 0o755);
      execFileSync('setfattr', ['-n', 'user.note', '-v', 'x', tree + '/a file#1.txt']);
      execFileSync('setfattr', ['-n', 'user.secret', '-v', 'x', tree + '/var/log/syslog']);
      chmodSync(tree + '/var/log/syslog', 0o600);
      chmodSync(tree + '/etc/ssh', 0o700);
      // getfattr as nobody: it cannot read syslog's value nor enter /etc/ssh (the walk, as root, can).
      writeFileSync(wrapper, '#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups getfattr "$@"\n', { mode: 0o755 });
      const warnings: string[] = [];
      const walked = await walkDirectory(tree, { getfattr: wrapper, warn: (w) => warnings.push(w) });
      expect(walked.get('/var/log/syslog')!.xattrs).toBeUndefined();
      expect(walked.get('/etc/ssh')!.xattrs).toBeUndefined();
      expect(walked.get('/etc/ssh/ssh_host_ed25519_key')!.xattrs).toBeUndefined();
      expect(walked.get('/a file#1.txt')!.xattrs).toEqual({ 'user.note': 'x' });
      expect(walked.get('/etc/machine-id')!.xattrs).toBe(NO_XATTRS);
      expect(warnings.join('\n')).toMatch(/Permission denied/);
    } finally {
      rmSync(wrapper, { force: true });
      rmSync(tree, { recursive: true, force: true });
    }
  });
});
