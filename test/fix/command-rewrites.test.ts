import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { applyRewrite, COMPILEALL_HASH, DATE_FROM_EPOCH, GZIP_NO_NAME, rewriteApplies, runsDateAwareCompiler, TAR_FIXED_MEMBERS } from '../../src/fix/command-rewrites.js';

const sh = (script: string, env: Record<string, string> = {}, cwd?: string) =>
  execFileSync('sh', ['-c', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC', ...env }, cwd, encoding: 'utf8' });

describe('DATE_FROM_EPOCH', () => {
  test.each([
    { name: 'after &&', run: 'mkdir -p /e && date -u +%F > /e/d', want: 'mkdir -p /e && date -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" -u +%F > /e/d' },
    { name: 'in $( )', run: 'echo "built $(date)" > /v', want: 'echo "built $(date -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}")" > /v' },
    { name: 'at the start', run: 'date > /x', want: 'date -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" > /x' },
    { name: 'a path ending in date is not the command', run: 'cat /etc/build-date > /x', want: null },
    { name: 'date -r reads a file time: left alone', run: 'date -r /etc/os-release +%F > /x', want: null },
    { name: 'date --date=… is fixed already', run: 'date --date=@1 > /x', want: null },
    { name: 'update-date is another command', run: 'update-date now', want: null },
  ])('$name', ({ run, want }) => {
    expect(rewriteApplies(DATE_FROM_EPOCH, run)).toBe(want !== null);
    if (want !== null) expect(applyRewrite(DATE_FROM_EPOCH, run)).toBe(want);
  });

  test('the rewritten command prints the epoch when it is set, and now when it is not (real sh and date)', () => {
    const script = applyRewrite(DATE_FROM_EPOCH, 'date -u +%Y-%m-%dT%H:%M:%SZ');
    expect(sh(script, { SOURCE_DATE_EPOCH: '86400' }).trim()).toBe('1970-01-02T00:00:00Z');
    const year = Number(sh(applyRewrite(DATE_FROM_EPOCH, 'date -u +%Y')).trim());
    expect(year).toBe(new Date().getUTCFullYear());
  });
});

describe('TAR_FIXED_MEMBERS', () => {
  test.each([
    { run: 'tar -czf out/a.tgz assets', applies: true },
    { run: 'mkdir out && tar czf out/a.tgz assets', applies: true },
    { run: 'tar --create --file=a.tar x', applies: true },
    { run: 'tar -xzf a.tgz -C /opt', applies: false },
    { run: 'tar xf a.tar', applies: false },
    { run: 'star -c x', applies: false },
  ])('$run: $applies', ({ run, applies }) => {
    expect(rewriteApplies(TAR_FIXED_MEMBERS, run)).toBe(applies);
  });

  test('two archives of files with other times and modes come out byte-equal with GNU tar', () => {
    const archives = ['a', 'b'].map((side, i) => {
      const dir = mkdtempSync(join(tmpdir(), `rc-tar-${side}-`));
      mkdirSync(join(dir, 'assets'));
      writeFileSync(join(dir, 'assets', 'z.css'), 'body{}\n', { mode: i === 0 ? 0o644 : 0o664 });
      writeFileSync(join(dir, 'assets', 'a.js'), 'x()\n', { mode: 0o644 });
      sh(`touch -d @${1_700_000_000 + i * 90_061} assets/z.css assets/a.js assets`, {}, dir);
      sh(applyRewrite(TAR_FIXED_MEMBERS, 'mkdir -p out && tar -czf out/a.tar.gz assets'), { SOURCE_DATE_EPOCH: '1600000000' }, dir);
      return { dir, sum: sh('gzip -dc out/a.tar.gz | sha256sum', {}, dir), list: sh('tar -tvzf out/a.tar.gz', {}, dir) };
    });
    expect(archives[0]!.sum).toBe(archives[1]!.sum);
    // Sorted members, times of the epoch, root owners, no group write.
    expect(archives[0]!.list.split('\n').filter(Boolean).map((line) => line.replace(/\s+/g, ' '))).toEqual([
      'drwxr-xr-x 0/0 0 2020-09-13 12:26 assets/',
      '-rw-r--r-- 0/0 4 2020-09-13 12:26 assets/a.js',
      '-rw-r--r-- 0/0 7 2020-09-13 12:26 assets/z.css',
    ]);
  });
});

describe('other rewrites', () => {
  test.each([
    { rewrite: GZIP_NO_NAME, run: 'gzip -9 data.txt', want: 'gzip -n -9 data.txt' },
    { rewrite: GZIP_NO_NAME, run: 'gzip -n data.txt', want: null },
    { rewrite: COMPILEALL_HASH, run: 'python3 -m compileall -q /app', want: 'python3 -m compileall --invalidation-mode checked-hash -q /app' },
  ])('$run', ({ rewrite, run, want }) => {
    expect(rewriteApplies(rewrite, run)).toBe(want !== null);
    if (want !== null) expect(applyRewrite(rewrite, run)).toBe(want);
  });

  test.each([
    { run: 'make && make install', want: true },
    { run: 'cc -O2 -o /usr/local/bin/greet greet.c', want: true },
    { run: '/usr/bin/gcc x.c', want: true },
    { run: 'apt-get install -y gcc-12-base', want: false },
    { run: 'python3 setup.py build', want: false },
  ])('date-aware compiler in "$run": $want', ({ run, want }) => {
    expect(runsDateAwareCompiler(run)).toBe(want);
  });
});
