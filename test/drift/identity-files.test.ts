import { createHash } from 'node:crypto';
import { describe, expect, it, test } from 'vitest';
import { compareDrift } from '../../src/drift/drift-compare.js';
import { hostnameHazards, hostnameIn } from '../../src/drift/identity-files.js';
import { defaultRules } from '../../src/drift/rule-set.js';
import type { FileEntry, FileTree } from '../../src/tree/file-entry.js';

const sha = (text: string) => 'sha256:' + createHash('sha256').update(text).digest('hex');
const file = (path: string, content: string): FileEntry => ({ path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: content.length, digest: sha(content) });
const tree = (...entries: FileEntry[]): FileTree => new Map(entries.map((e) => [e.path, e]));

/** A Debian template named `tmpl` as debconf and the installer leave it. */
const TEMPLATE: Record<string, string> = {
  '/etc/hostname': 'tmpl\n',
  '/etc/hosts': '127.0.0.1\tlocalhost\n127.0.1.1\ttmpl.example.org\ttmpl\n',
  '/etc/mailname': 'tmpl.example.org\n',
  '/etc/exim4/update-exim4.conf.conf': "dc_eximconfig_configtype='local'\ndc_other_hostnames='tmpl.example.org; tmpl; localhost'\n",
  '/etc/postfix/main.cf': 'myhostname = tmpl.example.org\nmydestination = $myhostname, localhost\n',
  '/etc/motd': 'Welcome\n',
};
const templateTree = () => tree(...Object.entries(TEMPLATE).map(([path, text]) => file(path, text)));

describe('clone hazards for host names, from manifests', () => {
  it('a clone renamed in /etc/hostname with the rest unchanged: every host-name file it carries is a hazard', () => {
    const clone = templateTree();
    clone.set('/etc/hostname', file('/etc/hostname', 'web-7\n'));
    const report = compareDrift(templateTree(), clone, { rules: defaultRules(), clone: true, baselineName: 't', snapshotName: 'c' });
    expect(report.hazards.map((h) => [h.path, h.what, h.verified])).toEqual([
      ['/etc/exim4/update-exim4.conf.conf', 'Exim configuration', true],
      ['/etc/hosts', 'hosts file', true],
      ['/etc/mailname', 'mail name', true],
      ['/etc/postfix/main.cf', 'Postfix configuration', true],
    ]);
    expect(report.hazards[1]!.message).toBe('hosts file is unchanged from the template although /etc/hostname changed: it most likely still names the template');
  });

  it('a clone that rewrote them is fine; one that kept the host name has only that hazard', () => {
    const renamed = tree(...Object.entries(TEMPLATE).map(([path, text]) => file(path, path === '/etc/motd' ? text : text.replaceAll('tmpl', 'web-7'))));
    expect(compareDrift(templateTree(), renamed, { rules: defaultRules(), clone: true, baselineName: 't', snapshotName: 'c' }).hazards).toEqual([]);
    const same = compareDrift(templateTree(), templateTree(), { rules: defaultRules(), clone: true, baselineName: 't', snapshotName: 'c' });
    expect(same.hazards.map((h) => h.path)).toEqual(['/etc/hostname']);
  });

  it('without digests the doubt is shown, unverified', () => {
    const bare = (t: FileTree) => new Map([...t].map(([path, entry]) => [path, path === '/etc/hostname' ? entry : { ...entry, digest: undefined }]));
    const clone = templateTree();
    clone.set('/etc/hostname', file('/etc/hostname', 'web-7\n'));
    const { changed, hazards } = hostnameHazards(bare(templateTree()), bare(clone));
    expect(changed).toBe(true);
    expect(hazards.every((h) => !h.verified)).toBe(true);
    expect(hazards).toHaveLength(4);
  });
});

describe('clone hazards for host names, from the texts of directories', () => {
  const texts = (files: Record<string, string>, baseline = 'tmpl\n', snapshot = 'web-7\n') => ({ baseline, snapshot, files: new Map(Object.entries(files)) });

  test.each([
    ['the hosts line of the installer', '/etc/hosts', '127.0.1.1\ttmpl.example.org\ttmpl\n', true],
    ['the short name alone', '/etc/mailname', 'TMPL\n', true],
    ['the name inside a longer one', '/etc/hosts', '127.0.1.1 tmpl2 mytmpl tmpl-old\n', false],
    ['edited but still naming it', '/etc/postfix/main.cf', '# renamed to web-7\nmyhostname = tmpl.example.org\n', true],
    ['renamed', '/etc/hosts', '127.0.1.1 web-7.example.org web-7\n', false],
  ])('%s', (_name, path, text, hazard) => {
    const { changed, hazards } = hostnameHazards(new Map(), new Map(), texts({ [path]: text }));
    expect(changed).toBe(true);
    expect(hazards.map((h) => h.path)).toEqual(hazard ? [path] : []);
    if (hazard) expect(hazards[0]!.message).toContain('still names the template\'s host name "tmpl" (this clone is "web-7")');
  });

  it('no hazard when the name did not change or cannot be read', () => {
    expect(hostnameHazards(new Map(), new Map(), texts({ '/etc/hosts': 'tmpl' }, 'tmpl\n', 'TMPL\n'))).toEqual({ changed: false, hazards: [] });
    expect(hostnameHazards(new Map(), new Map(), { files: new Map([['/etc/hosts', 'tmpl']]), snapshot: 'x' })).toEqual({ changed: undefined, hazards: [] });
  });

  test.each([
    ['tmpl\n', 'tmpl'],
    ['  Web-7.example.org  \n# comment\n', 'web-7.example.org'],
    ['\n', undefined],
  ])('the host name in %j', (text, name) => {
    expect(hostnameIn(text)).toBe(name);
  });
});
