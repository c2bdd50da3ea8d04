import { execFileSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Makes a small real directory tree with what manifests must get right: names with spaces, `#`
 * and non-ASCII letters, a symlink (also one to a directory), a hard link, a fifo, setuid and
 * setgid modes, an empty file, nested directories. Returns its path.
 */
export function makeFixtureTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'fixture-tree-'));
  mkdirSync(join(root, 'dir with space/sub'), { recursive: true });
  mkdirSync(join(root, 'etc/ssh'), { recursive: true });
  mkdirSync(join(root, 'var/log'), { recursive: true });
  writeFileSync(join(root, 'a file#1.txt'), 'hello\n');
  writeFileSync(join(root, 'café'), 'é');
  writeFileSync(join(root, 'dir with space/sub/f'), 'x\n');
  writeFileSync(join(root, 'empty'), '');
  writeFileSync(join(root, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
  writeFileSync(join(root, 'etc/ssh/ssh_host_ed25519_key'), 'KEY\n');
  writeFileSync(join(root, 'var/log/syslog'), 'boot\n');
  writeFileSync(join(root, 'setuid'), '#!/bin/sh\n');
  chmodSync(join(root, 'setuid'), 0o4755);
  chmodSync(join(root, 'dir with space'), 0o2775);
  symlinkSync('a file#1.txt', join(root, 'link'));
  symlinkSync('dir with space', join(root, 'dirlink'));
  linkSync(join(root, 'a file#1.txt'), join(root, 'hard'));
  execFileSync('mkfifo', [join(root, 'fifo')]);
  return root;
}
