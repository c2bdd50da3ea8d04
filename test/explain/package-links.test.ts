import { describe, expect, it } from 'vitest';
import { linkPackages, wantsPackageText, type PackageItem } from '../../src/explain/package-links.js';

const status = (curl: string) =>
  `Package: libcurl4\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${curl}\nDescription: curl library\n\nPackage: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:1.2.13.dfsg-1\nDescription: zlib\n`;
const lock = (version: string) => JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'app' }, 'node_modules/left-pad': { version, integrity: `sha512-${version}` } } });

describe('linkPackages', () => {
  it('links dpkg status, the moved package\'s info files and the files its lists name; other files stay unlinked', () => {
    const items: PackageItem[] = [
      { index: 0, layer: 3, path: '/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0' },
      { index: 1, layer: 3, path: '/usr/share/doc/libcurl4/changelog.Debian.gz' },
      { index: 2, layer: 3, path: '/usr/lib/x86_64-linux-gnu/libz.so.1.2.13' },
      { index: 3, layer: 3, path: '/var/lib/dpkg/info/libcurl4:amd64.list', text: ['/.\n/usr\n/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0\n', '/.\n/usr\n/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0\n'] },
      { index: 4, layer: 3, path: '/var/lib/dpkg/info/libcurl4:amd64.md5sums', text: ['0123456789abcdef0123456789abcdef  usr/share/doc/libcurl4/changelog.Debian.gz\n', 'fedcba9876543210fedcba9876543210  usr/share/doc/libcurl4/changelog.Debian.gz\n'] },
      { index: 5, layer: 3, path: '/var/lib/dpkg/status', text: [status('7.88.1-10+deb12u4'), status('7.88.1-10+deb12u5')] },
      { index: 6, layer: 4, path: '/usr/lib/x86_64-linux-gnu/libcurl.so.4.8.0' },
    ];
    const links = linkPackages(items);
    const moved = { name: 'libcurl4', a: '7.88.1-10+deb12u4', b: '7.88.1-10+deb12u5', source: '/var/lib/dpkg/status' };
    expect(links.get(5)?.changes).toEqual([moved]);
    expect(links.get(3)?.changes).toEqual([moved]);
    expect(links.get(4)?.note).toContain('md5sums');
    expect(links.get(0)?.note).toContain('listed in /var/lib/dpkg/info/libcurl4:amd64.list');
    expect(links.get(1)?.note).toContain('listed in /var/lib/dpkg/info/libcurl4:amd64.md5sums');
    expect(links.has(2)).toBe(false);
    // Another layer: the evidence is not there.
    expect(links.has(6)).toBe(false);
  });

  it('links the files in a moved npm package\'s directory, from the lockfile', () => {
    const links = linkPackages([
      { index: 0, layer: 2, path: '/app/node_modules/.package-lock.json', text: [lock('1.3.0'), lock('1.3.1')] },
      { index: 1, layer: 2, path: '/app/node_modules/left-pad/index.js' },
      { index: 2, layer: 2, path: '/app/node_modules/left-padding/index.js' },
      { index: 3, layer: 2, path: '/app/dist/bundle.js' },
    ]);
    expect(links.get(0)?.changes).toEqual([{ name: 'left-pad', a: '1.3.0', b: '1.3.1', source: '/app/node_modules/.package-lock.json' }]);
    expect(links.get(1)?.note).toContain('directory of left-pad');
    expect(links.has(2)).toBe(false);
    expect(links.has(3)).toBe(false);
  });

  it('links a dist-info directory and the files its RECORD names', () => {
    const site = '/usr/local/lib/python3.11/site-packages';
    const meta = (v: string) => `Metadata-Version: 2.1\nName: idna\nVersion: ${v}\n\nbody\n`;
    const links = linkPackages([
      { index: 0, layer: 5, path: `${site}/idna-3.6.dist-info/METADATA`, text: [meta('3.6'), meta('3.7')] },
      { index: 1, layer: 5, path: `${site}/idna-3.6.dist-info/RECORD`, text: ['idna/core.py,sha256=abc,100\n../../../bin/idna,sha256=x,1\n', 'idna/core.py,sha256=def,101\n'] },
      { index: 2, layer: 5, path: `${site}/idna/core.py` },
      { index: 3, layer: 5, path: '/usr/local/bin/idna' },
    ]);
    expect(links.get(0)?.changes[0]).toMatchObject({ name: 'idna', a: '3.6', b: '3.7' });
    expect(links.get(1)?.note).toContain('directory of idna');
    expect(links.get(2)?.note).toContain('RECORD');
    expect(links.get(3)?.note).toContain('RECORD');
  });

  it('links nothing when no version moved', () => {
    expect(linkPackages([{ index: 0, layer: 1, path: '/var/lib/dpkg/status', text: [status('1'), status('1').replace('curl library', 'curl')] }]).size).toBe(0);
  });

  it('asks for the text of package files and lists only', () => {
    expect(wantsPackageText('/var/lib/dpkg/info/libc6:amd64.list')).toBe(true);
    expect(wantsPackageText('/var/lib/dpkg/info/libc6:amd64.postinst')).toBe(false);
    expect(wantsPackageText('/x.dist-info/RECORD')).toBe(true);
    expect(wantsPackageText('/etc/hosts')).toBe(false);
  });
});
