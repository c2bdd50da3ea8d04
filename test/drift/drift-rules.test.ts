import fc from 'fast-check';
import { Minimatch } from 'minimatch';
import { describe, expect, it, test } from 'vitest';
import { applyRulesText, compileRule, formatRule, literalGlob, RulesFormatError, type DriftRule } from '../../src/drift/drift-rules.js';
import { buildRules, defaultRules } from '../../src/drift/rule-set.js';

describe('rules files', () => {
  it('reads rules, comments and quoted globs', () => {
    const rules = applyRulesText(
      [],
      ['# my rules', '', 'ignore /srv/cache', 'ignore /var/lib/app/** added removed content mtime  # growing', 'ignore "/srv/my files/#1" mode', 'ignore /** mtime type=dir,symlink'].join('\n'),
      'my.rules',
    );
    expect(rules).toEqual<DriftRule[]>([
      { glob: '/srv/cache', origin: 'my.rules:3' },
      { glob: '/var/lib/app/**', kinds: ['added', 'removed'], aspects: ['content', 'mtime'], origin: 'my.rules:4' },
      { glob: '/srv/my files/#1', aspects: ['mode'], origin: 'my.rules:5' },
      { glob: '/**', aspects: ['mtime'], types: ['dir', 'symlink'], origin: 'my.rules:6' },
    ]);
  });

  it('drops earlier rules, defaults included', () => {
    const rules = applyRulesText(defaultRules(), 'drop /tmp\ndrop /var/log/**\n', 'r');
    expect(rules.map((r) => r.glob)).not.toContain('/tmp');
    expect(rules.map((r) => r.glob)).not.toContain('/var/log/**');
    expect(rules.map((r) => r.glob)).toContain('/proc');
  });

  test.each([
    ['an unknown verb', 'skip /x', 'unknown rule'],
    ['a relative glob', 'ignore var/log', 'must be absolute'],
    ['an unknown word', 'ignore /x sometimes', '"sometimes"'],
    ['an unknown type', 'ignore /x type=door', 'type door'],
    ['an unterminated string', 'ignore "/x', 'unterminated'],
    ['drop with more', 'drop /x mtime', 'only a GLOB'],
  ])('rejects %s, naming file and line', (_name, line, words) => {
    expect(() => applyRulesText([], `# first\n${line}\n`, 'bad.rules')).toThrow(RulesFormatError);
    expect(() => applyRulesText([], `# first\n${line}\n`, 'bad.rules')).toThrow(new RegExp(`^bad\\.rules:2: .*${words.replace(/[.*"]/g, '.')}`));
  });

  it('formats rules back to the same rules', () => {
    const text = defaultRules().map(formatRule).join('\n') + '\nignore "/a b" mode';
    expect(applyRulesText([], text, 'x').map(({ origin: _origin, ...rule }) => rule)).toEqual(
      [...defaultRules(), { glob: '/a b', aspects: ['mode'], origin: 'default' }].map(({ origin: _origin, ...rule }) => rule),
    );
  });

  it('orders sources: defaults, files, --ignore', () => {
    const rules = buildRules({ defaults: true, files: [{ name: 'f', text: 'ignore /opt/x\n' }], ignore: ['/srv/**'] });
    expect(rules.at(-2)).toEqual({ glob: '/opt/x', origin: 'f:1' });
    expect(rules.at(-1)).toEqual({ glob: '/srv/**', origin: '--ignore' });
    expect(buildRules({ defaults: false, files: [], ignore: [] })).toEqual([]);
    expect(() => buildRules({ defaults: false, files: [], ignore: ['srv'] })).toThrow('must be absolute');
  });
});

describe('matching', () => {
  test.each<[string, string, boolean]>([
    ['/proc', '/proc', true],
    ['/proc', '/proc/1/status', true],
    ['/proc', '/procfs', false],
    ['/var/log/**', '/var/log/apt/history.log', true],
    ['**/.bash_history', '/home/ann/.bash_history', true],
    ['/etc/ssh/ssh_host_*', '/etc/ssh/ssh_host_rsa_key.pub', true],
    ['/etc/ssh/ssh_host_*', '/etc/ssh/sshd_config', false],
    [literalGlob('/srv/a*b [1]'), '/srv/a*b [1]', true],
    [literalGlob('/srv/a*b [1]'), '/srv/aXb [1]', false],
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(compileRule({ glob, origin: 't' }).matches(path)).toBe(expected);
  });

  it('matches as minimatch does, its cheap tests before it never turning a path away wrongly', () => {
    const globs = [...defaultRules().map((r) => r.glob), '/a/*/c', '/a/{b,c}/d', '/a/**/d', '**', '/*', '/a/[bc]', '/e f', literalGlob('/a b/[x]'), '**/d', '/a/b*'];
    const path = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e f', 'a b', '[x]', 'x.leases', 'var', 'log', 'lib', 'dhcp', 'proc', '.bash_history', 'passwd-', 'etc'), { maxLength: 4 }).map((p) => '/' + p.join('/'));
    fc.assert(
      fc.property(fc.constantFrom(...globs), path, fc.boolean(), (glob, p, whole) => {
        const minimatch = new Minimatch(glob, { dot: true });
        const ancestors = p.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/') || '/');
        const expected = whole ? ancestors.some((a) => minimatch.match(a)) : minimatch.match(p);
        expect(compileRule({ glob, origin: 't', ...(whole ? {} : { aspects: ['mtime'] }) }).matches(p)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('covers a subtree only when the rule covers every change', () => {
    expect(compileRule({ glob: '/etc', aspects: ['mtime'], origin: 't' }).matches('/etc/passwd')).toBe(false);
    expect(compileRule({ glob: '/etc', origin: 't' }).matches('/etc/passwd')).toBe(true);
  });
});
