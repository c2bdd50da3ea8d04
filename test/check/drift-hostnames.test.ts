import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDriftCheck } from '../../src/check/drift-check.js';
import { runCli } from '../../src/cli/cli-main.js';
import { recordingIo } from '../cli/cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'drift-dirs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A root file system with these files (and their directories). */
function machine(name: string, files: Record<string, string>): string {
  const root = join(dir, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const settings = { ignore: [], rules: [], defaultRules: true, clone: true };
const named = (path: string) => ({ path, name: path.slice(dir.length + 1) });

describe('drift between directories, --clone', () => {
  const template = machine('template', {
    '/etc/hostname': 'tmpl\n',
    '/etc/hosts': '127.0.0.1 localhost\n127.0.1.1 tmpl.example.org tmpl\n',
    '/etc/mailname': 'tmpl.example.org\n',
    '/etc/postfix/main.cf': 'myhostname = tmpl.example.org\n',
  });

  it('finds the files that still name the template, even edited ones, and not the renamed ones', async () => {
    const clone = machine('clone', {
      '/etc/hostname': 'web-7\n',
      // Edited (another digest) but still naming the template: only reading it tells.
      '/etc/hosts': '127.0.0.1 localhost\n127.0.1.1 tmpl.example.org tmpl\n::1 localhost ip6-localhost\n',
      '/etc/mailname': 'web-7.example.org\n',
    });
    // An absolute symlink in a mounted disk names the host's own file: never followed.
    mkdirSync(join(clone, 'etc/postfix'), { recursive: true });
    symlinkSync('/etc/hostname', join(clone, 'etc/postfix/main.cf'));
    const report = await runDriftCheck(named(template), named(clone), settings);
    expect(report.hazards.map((h) => [h.path, h.verified])).toEqual([['/etc/hosts', true]]);
    expect(report.hazards[0]!.message).toBe('hosts file still names the template\'s host name "tmpl" (this clone is "web-7")');
  });

  it('through the CLI: exit 1 for the hazard, 0 for a clone renamed everywhere', async () => {
    const renamed = machine('renamed', {
      '/etc/hostname': 'web-8\n',
      '/etc/hosts': '127.0.0.1 localhost\n127.0.1.1 web-8.example.org web-8\n',
      '/etc/mailname': 'web-8.example.org\n',
      '/etc/postfix/main.cf': 'myhostname = web-8.example.org\n',
    });
    const run = async (snapshot: string) => {
      const io = recordingIo(dir);
      const code = await runCli(['drift', '--baseline', template, '--snapshot', snapshot, '--clone', '--no-default-rules', '--ignore', '/etc/**', '--ignore', '/'], io);
      return { code, out: io.out.join('') };
    };
    const kept = machine('kept', { '/etc/hostname': 'web-9\n', '/etc/mailname': 'tmpl.example.org\n' });
    const bad = await run(kept);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('  ! /etc/mailname: mail name still names the template\'s host name "tmpl" (this clone is "web-9")');
    expect((await run(renamed)).code).toBe(0);
  });
});
