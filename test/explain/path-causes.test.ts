import { expect, test } from 'vitest';
import { isPycPath, isWhiteoutPath, matchPathRule, PATH_RULES } from '../../src/explain/path-causes.js';

test.each([
  ['/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4', 'apt-state'],
  ['/var/lib/apt/lists/lock', 'apt-state'],
  ['/var/cache/apt/srcpkgcache.bin', 'apt-state'],
  ['/var/lib/dpkg/status-old', 'apt-state'],
  ['/var/lib/dpkg/diversions-old', 'apt-state'],
  ['/var/cache/debconf/config.dat-old', 'apt-state'],
  ['/var/log/dpkg.log', 'dpkg-logs'],
  ['/var/log/alternatives.log', 'dpkg-logs'],
  ['/var/log/apt/eipp.log.xz', 'dpkg-logs'],
  ['/var/log/apt/term.log', 'dpkg-logs'],
  ['/var/cache/ldconfig/aux-cache', 'ldconfig-cache'],
  ['/lib/apk/db/installed', 'apk-db'],
  ['/lib/apk/db/scripts.tar', 'apk-db'],
  ['/etc/apk/world', 'apk-db'],
  ['/var/cache/apk/APKINDEX.1.tar.gz', 'apk-db'],
  ['/root/.npm/_logs/2023-11-14T22_13_20_000Z-debug-0.log', 'language-cache'],
  ['/home/node/.npm/_cacache/index-v5/00/aa', 'language-cache'],
  ['/root/.cache/pip/http-v2/a/b/c', 'language-cache'],
  ['/usr/local/share/.cache/yarn/v6/x', 'language-cache'],
  ['/root/.cache/go-build/00/x-d', 'language-cache'],
])('%s → %s', (path, cause) => {
  expect(matchPathRule(path)?.cause).toBe(cause);
});

test.each(['/var/lib/dpkg/status', '/var/log/syslog', '/etc/apt/sources.list', '/usr/lib/npm/x', '/var/lib/apt/listsx'])('%s matches no rule', (path) => {
  expect(matchPathRule(path)).toBeUndefined();
});

test('every rule says what to remove', () => {
  for (const rule of PATH_RULES) expect(rule.remove.length).toBeGreaterThan(5);
});

test('bytecode and whiteout paths', () => {
  expect(isPycPath('/usr/lib/python3.11/__pycache__/os.cpython-311.pyc')).toBe(true);
  expect(isPycPath('/app/legacy.pyc')).toBe(true);
  expect(isPycPath('/app/main.py')).toBe(false);
  expect(isWhiteoutPath('/etc/.wh.motd')).toBe(true);
  expect(isWhiteoutPath('/app/.wh..wh..opq')).toBe(true);
  expect(isWhiteoutPath('/app/x.wh.y')).toBe(false);
});
