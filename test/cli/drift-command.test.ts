import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, test } from 'vitest';
import { parseCliArgs } from '../../src/cli/args.js';
import { runCli } from '../../src/cli/cli-main.js';
import type { DriftReport } from '../../src/drift/drift-report.js';
import { InputError } from '../../src/settings.js';
import { recordingIo } from './cli-io.js';

const dir = mkdtempSync(join(tmpdir(), 'drift-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

const HEADER = '{"schemaVersion":1,"kind":"repro-check-manifest"}';
write('base.json', [HEADER, '{"path":"/","type":"dir","mode":"0755"}', '{"path":"/etc","type":"dir","mode":"0755"}', '{"path":"/etc/hosts","type":"file","mode":"0644","size":3,"digests":{"sha256":"aa"}}', '{"path":"/etc/machine-id","type":"file","mode":"0444","size":33,"digests":{"sha256":"11"}}', ''].join('\n'));
write('same.mtree', '#mtree\n. type=dir mode=755\n./etc type=dir mode=0755\n./etc/hosts type=file mode=644 size=3 sha256digest=AA\n./etc/machine-id type=file mode=444 size=33 sha256=11\n./tmp type=dir mode=1777\n./tmp/x type=file\n');
write('drift.mtree', '#mtree\n. type=dir mode=755\n./etc type=dir mode=0755\n./etc/hosts type=file mode=666 size=3 sha256digest=aa\n./etc/machine-id type=file mode=444 size=33 sha256=11\n./srv type=dir\n');
write('bad.mtree', '#mtree\n. type=dir\n./etc type=dir mode=0999\n');
write('bad.rules', 'ignore /srv\nignore relative\n');
write('empty.mtree', '#mtree\n# nothing\n');

const run = (...args: string[]) => {
  const io = recordingIo(dir);
  return runCli(args, io).then((code) => ({ code, out: io.out.join(''), err: io.err.join('') }));
};

describe('repro-check drift', () => {
  it('parses its options', () => {
    expect(parseCliArgs(['drift', '--baseline', 'b.json', '--snapshot', 's.mtree', '--ignore', '/a/**', '--ignore', '/b', '--rules', 'r1', '--rules', 'r2', '--no-default-rules', '--clone', '--accept', 'acc.rules', '--report', 'rep.json', '--json'], '/w', {})).toEqual({
      command: 'drift',
      baseline: { path: '/w/b.json', name: 'b.json' },
      snapshot: { path: '/w/s.mtree', name: 's.mtree' },
      ignore: ['/a/**', '/b'],
      rules: [{ path: '/w/r1', name: 'r1' }, { path: '/w/r2', name: 'r2' }],
      defaultRules: false,
      clone: true,
      acceptPath: '/w/acc.rules',
      reportPath: '/w/rep.json',
      json: true,
      quiet: false,
    });
    expect(() => parseCliArgs(['drift', '--baseline', 'b'], '/w', {})).toThrow(InputError);
  });

  it('exits 0 when a JSON baseline and an mtree snapshot agree (volatile paths ignored)', async () => {
    const { code, out } = await run('drift', '--baseline', 'base.json', '--snapshot', 'same.mtree');
    expect(code).toBe(0);
    expect(out).toContain('No drift; 2 ignored by rules');
  });

  it('exits 1 on drift, with a JSON report and an accept file that makes it pass', async () => {
    const { code, out } = await run('drift', '--baseline', 'base.json', '--snapshot', 'drift.mtree', '--report', 'report.json', '--accept', 'accept.rules', '--quiet');
    expect(code).toBe(1);
    expect(out).toBe('');
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as DriftReport;
    expect(report).toMatchObject({ drift: true, counts: { added: 1, modified: 1 } });
    expect(report.changes.map((c) => [c.path, c.kind, c.aspects])).toEqual([
      ['/etc/hosts', 'modified', ['mode']],
      ['/srv', 'added', []],
    ]);
    expect((await run('drift', '--baseline', 'base.json', '--snapshot', 'drift.mtree', '--rules', 'accept.rules')).code).toBe(0);
  });

  it('prints the JSON report with --json, and --ignore suppresses', async () => {
    const { code, out } = await run('drift', '--baseline', 'base.json', '--snapshot', 'drift.mtree', '--ignore', '/srv', '--ignore', '/etc/hosts', '--json');
    expect(code).toBe(0);
    expect((JSON.parse(out) as DriftReport).counts).toMatchObject({ ignored: 2 });
  });

  it('exits 1 for clone hazards', async () => {
    const { code, out } = await run('drift', '--baseline', 'base.json', '--snapshot', 'same.mtree', '--clone');
    expect(code).toBe(1);
    expect(out).toContain('! /etc/machine-id');
  });

  test.each([
    ['a malformed manifest names the file and line', ['--baseline', 'base.json', '--snapshot', 'bad.mtree'], 'repro-check: bad.mtree:3: ./etc: mode=0999: expected an octal number\n'],
    ['a malformed rules file names the file and line', ['--baseline', 'base.json', '--snapshot', 'same.mtree', '--rules', 'bad.rules'], 'repro-check: bad.rules:2: GLOB relative must be absolute (start with / or **)\n'],
    ['a missing manifest', ['--baseline', 'nope.json', '--snapshot', 'same.mtree'], 'repro-check: manifest nope.json does not exist or is not a file\n'],
    ['a manifest without entries', ['--baseline', 'base.json', '--snapshot', 'empty.mtree'], 'repro-check: empty.mtree: no entries: not a manifest (expected repro-check JSON or mtree)\n'],
    ['an unknown option', ['--baseline', 'base.json', '--snapshot', 'same.mtree', '--frob'], undefined],
  ])('exits 2 with one line: %s', async (_name, args, message) => {
    const { code, err } = await run('drift', ...args);
    expect(code).toBe(2);
    expect(err.split('\n').filter((l) => l !== '')).toHaveLength(1);
    if (message) expect(err).toBe(message);
  });
});
