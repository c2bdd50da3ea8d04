import { describe, expect, it, test } from 'vitest';
import { comparePackageFiles, packageFileKind, readPackageVersions } from '../../src/explain/package-versions.js';

const stanza = (pkg: string, version: string, status = 'install ok installed', arch = 'amd64') =>
  `Package: ${pkg}\nStatus: ${status}\nPriority: optional\nSection: libs\nInstalled-Size: 1234\nMaintainer: Debian Maintainers <debian@example.org>\nArchitecture: ${arch}\nMulti-Arch: same\nSource: ${pkg}\nVersion: ${version}\nDepends: libc6 (>= 2.34)\nDescription: a library\n the long description\n .\n more text\n`;

const lockV3 = (lodash: string, integrity: string) =>
  JSON.stringify(
    {
      name: 'app',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'app', version: '1.0.0', dependencies: { lodash: '^1.3.0' } },
        'node_modules/lodash': { version: lodash, resolved: `https://registry.npmjs.org/lodash/-/lodash-${lodash}.tgz`, integrity },
        'node_modules/ms': { version: '2.1.3', resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz', integrity: 'sha512-6FlzubTLZG3J2a' },
      },
    },
    null,
    2,
  );

describe('packageFileKind', () => {
  test.each([
    ['/var/lib/dpkg/status', 'dpkg-status'],
    ['/var/lib/dpkg/status-old', undefined],
    ['/app/package-lock.json', 'npm-lock'],
    ['/app/node_modules/.package-lock.json', 'npm-lock'],
    ['/app/node_modules/lodash/package.json', 'npm-package'],
    ['/app/node_modules/@types/node/package.json', 'npm-package'],
    ['/app/package.json', undefined],
    ['/usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA', 'python-metadata'],
    ['/src/go.sum', 'go-sum'],
  ])('%s is %s', (path, kind) => {
    expect(packageFileKind(path)).toBe(kind);
  });
});

describe('readPackageVersions', () => {
  it('reads installed packages from dpkg status stanzas, with a second architecture under name:arch', () => {
    const text = [stanza('libssl3', '3.0.11-1~deb12u2'), stanza('zlib1g', '1:1.2.13.dfsg-1'), stanza('old', '1.0', 'deinstall ok config-files'), stanza('libssl3', '3.0.11-1~deb12u2', 'install ok installed', 'i386')].join('\n');
    expect(readPackageVersions('dpkg-status', text)).toEqual(
      new Map([
        ['libssl3', '3.0.11-1~deb12u2'],
        ['zlib1g', '1:1.2.13.dfsg-1'],
        ['libssl3:i386', '3.0.11-1~deb12u2'],
      ]),
    );
  });

  it('reads a v1 lockfile\'s nested dependencies', () => {
    const v1 = JSON.stringify({ lockfileVersion: 1, dependencies: { a: { version: '1.0.0', dependencies: { b: { version: '2.0.0' } } } } });
    expect(readPackageVersions('npm-lock', v1)).toEqual(new Map([['a', '1.0.0'], ['a/node_modules/b', '2.0.0']]));
  });

  it('reads METADATA headers and go.sum lines', () => {
    expect(readPackageVersions('python-metadata', 'Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\nSummary: HTTP\n\nVersion: 9 in the body\n')).toEqual(new Map([['requests', '2.31.0']]));
    const sum = 'golang.org/x/text v0.14.0 h1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ=\ngolang.org/x/text v0.14.0/go.mod h1:18ZOQIKpY8NJVqYksKHtTdi31H5itFRjB5/qKTNYzSU=\n';
    expect(readPackageVersions('go-sum', sum)).toEqual(new Map([['golang.org/x/text', 'v0.14.0']]));
  });

  it('returns undefined for text it cannot read', () => {
    expect(readPackageVersions('npm-lock', '{"lockfileVersion": 3, "packages": ')).toBeUndefined();
    expect(readPackageVersions('npm-package', '{"name": "x"}')).toBeUndefined();
  });
});

describe('comparePackageFiles', () => {
  it('names a lockfile dependency that moved 1.3.0 → 1.3.1 with its integrity', () => {
    const changes = comparePackageFiles('/app/package-lock.json', lockV3('1.3.0', 'sha512-AAAAbbbbCCCCdddd0000'), lockV3('1.3.1', 'sha512-ZZZZyyyyXXXXwwww1111'));
    expect(changes).toEqual([{ name: 'lodash', a: '1.3.0', b: '1.3.1', source: '/app/package-lock.json' }]);
  });

  it('shows the integrity when only it moved (a re-published version)', () => {
    const [change] = comparePackageFiles('/app/package-lock.json', lockV3('1.3.0', 'sha512-AAAAbbbbCCCCdddd0000'), lockV3('1.3.0', 'sha512-ZZZZyyyyXXXXwwww1111'));
    expect(change!.a).toContain('sha512-AAAAbbbb');
    expect(change!.b).toContain('sha512-ZZZZyyyy');
  });

  it('names dpkg packages that moved, appeared or went', () => {
    const a = [stanza('libssl3', '3.0.11-1~deb12u1'), stanza('gone', '1.0-1')].join('\n');
    const b = [stanza('libssl3', '3.0.11-1~deb12u2'), stanza('new', '2.0-1')].join('\n');
    expect(comparePackageFiles('/var/lib/dpkg/status', a, b)).toEqual([
      { name: 'libssl3', a: '3.0.11-1~deb12u1', b: '3.0.11-1~deb12u2', source: '/var/lib/dpkg/status' },
      { name: 'gone', a: '1.0-1', b: null, source: '/var/lib/dpkg/status' },
      { name: 'new', a: null, b: '2.0-1', source: '/var/lib/dpkg/status' },
    ]);
  });

  it('finds nothing when only other fields differ', () => {
    const a = stanza('libssl3', '3.0.11-1~deb12u2');
    expect(comparePackageFiles('/var/lib/dpkg/status', a, a.replace('Installed-Size: 1234', 'Installed-Size: 1240'))).toEqual([]);
    expect(comparePackageFiles('/etc/hostname', 'a', 'b')).toEqual([]);
  });
});
