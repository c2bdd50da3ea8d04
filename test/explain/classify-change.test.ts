import { describe, expect, it, test } from 'vitest';
import type { CauseId } from '../../src/explain/causes.js';
import { CHANGE_RULES, classifyChange, matchingRule, type ChangeContext, type ClassifiableChange } from '../../src/explain/classify-change.js';
import type { ContentFinding } from '../../src/explain/inspect/finding.js';
import { inspectContent } from '../../src/explain/inspect/inspect-content.js';
import type { Aspect } from '../../src/tree/compare-trees.js';
import { fixture } from './fixture-files.js';

const modified = (path: string, aspects: Aspect[], extra: Partial<ClassifiableChange> = {}): ClassifiableChange => ({
  path,
  layer: 1,
  kind: 'modified',
  aspects,
  old: { type: 'file', mode: 0o644 },
  new: { type: 'file', mode: 0o644 },
  ...extra,
});
const dir = (path: string, aspects: Aspect[] = ['mtime']) => modified(path, aspects, { old: { type: 'dir', mode: 0o755 }, new: { type: 'dir', mode: 0o755 } });
const ctx = (instruction: string | null, variations: string[] = []): ChangeContext => ({ instruction, variations });
const ALL = ['time', 'no-cache', 'context-mtime', 'context-mode'];
const bisect = (culprits: string[], changes: Record<string, string[]>) => ({ culprits, changes: new Map(Object.entries(changes).map(([v, keys]) => [v, new Set(keys)])) });

describe('classifyChange: one row per rule', () => {
  test.each<[rule: string, change: ClassifiableChange, context: ChangeContext, cause: CauseId]>([
    // A whiteout in one image only is the step deleting a file in one build only, not the snapshotter.
    ['whiteout', { ...modified('/etc/.wh.motd', []), kind: 'added' }, ctx('RUN rm /etc/motd'), 'unknown'],
    ['whiteout', { ...modified('/app/.wh..wh..opq', []), kind: 'removed' }, { ...ctx('RUN rm -rf /app/*'), built: true }, 'unknown'],
    ['whiteout', { ...modified('/var/lib/apt/lists/.wh.deb.debian.org_debian_dists_bookworm-updates_Release', []), kind: 'added' }, { ...ctx('RUN apt-get update'), built: true }, 'apt-state'],
    ['package-state-path', modified('/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease', ['content', 'size']), ctx('RUN apt-get update'), 'apt-state'],
    ['package-state-path', modified('/var/lib/apt/lists/partial', ['mtime']), ctx('RUN apt-get update'), 'apt-state'],
    ['package-state-path', modified('/var/cache/apt/pkgcache.bin', ['content']), ctx('RUN apt-get install -y curl'), 'apt-state'],
    ['package-state-path', modified('/var/lib/dpkg/status-old', ['content']), ctx('RUN apt-get install -y curl'), 'apt-state'],
    ['package-state-path', modified('/var/cache/debconf/templates.dat-old', ['content']), ctx('RUN apt-get install -y curl'), 'apt-state'],
    ['package-state-path', modified('/var/log/dpkg.log', ['content', 'size']), ctx('RUN apt-get install -y curl'), 'dpkg-logs'],
    ['package-state-path', modified('/var/log/apt/history.log', ['content']), ctx('RUN apt-get install -y curl'), 'dpkg-logs'],
    ['package-state-path', modified('/var/log/alternatives.log', ['content']), ctx('RUN apt-get install -y curl'), 'dpkg-logs'],
    ['package-state-path', modified('/var/cache/ldconfig/aux-cache', ['content']), ctx('RUN apt-get install -y curl'), 'ldconfig-cache'],
    ['package-state-path', modified('/lib/apk/db/scripts.tar', ['content']), ctx('RUN apk add curl'), 'apk-db'],
    ['package-state-path', modified('/etc/apk/world', ['content']), ctx('RUN apk add curl'), 'apk-db'],
    ['package-state-path', modified('/root/.npm/_cacache/index-v5/ab/cd', ['content']), ctx('RUN npm ci'), 'language-cache'],
    ['package-state-path', { ...modified('/root/.cache/pip/http-v2/a/b', []), kind: 'added' }, ctx('RUN pip install flask'), 'language-cache'],
    ['rewrite-timestamp-ignored', modified('/x', ['mtime']), { ...ctx('RUN date > /x'), rewriteTimestamp: true }, 'rewrite-timestamp-ignored'],
    ['pyc-path', modified('/usr/lib/python3/dist-packages/__pycache__/six.cpython-311.pyc', ['content']), ctx('RUN python3 -m compileall /usr/lib/python3'), 'pyc-timestamp'],
    ['cpu-count', modified('/usr/local/bin/tool', ['content', 'size']), ctx('RUN make -j$(nproc) && make install', ['time', 'cpus']), 'cpu-count'],
    ['cpu-count', modified('/usr/local/bin/tool', ['content']), ctx('RUN make -j && make install', ['cpus']), 'cpu-count'],
    ['cpu-count', modified('/usr/local/bin/tool', ['content']), { ...ctx('RUN ./build.sh', ['time', 'cpus']), bisect: bisect(['cpus'], { cpus: ['1 /usr/local/bin/tool'] }) }, 'cpu-count'],
    // nproc in the instruction proves nothing when the CPU count did not vary (a plain diff).
    ['content-unexplained', modified('/usr/local/bin/tool', ['content']), ctx('RUN make -j$(nproc) && make install'), 'unknown'],
    ['content-unexplained', modified('/usr/local/bin/tool', ['content']), { ...ctx('RUN make -j$(nproc)', ['time', 'cpus']), bisect: bisect(['no-cache'], {}) }, 'unknown'],
    // cpus is a culprit, but of other files: this one the build with one CPU alone did not change.
    ['content-unexplained', modified('/usr/local/bin/tool', ['content']), { ...ctx('RUN make -j$(nproc)', ['time', 'cpus']), bisect: bisect(['cpus'], { cpus: ['1 /usr/local/lib/libtool.a'] }) }, 'unknown'],
    ['content-unexplained', modified('/usr/local/bin/tool', ['content']), ctx('RUN make && make install'), 'unknown'],
    ['only-in-one-image', { ...modified('/tmp/tmp.AbCdEf', []), kind: 'added' }, ctx('RUN mktemp'), 'unknown'],
    ['type-or-link', modified('/usr/bin/python', ['link']), ctx('RUN ln -sf python3 /usr/bin/python'), 'unknown'],
    ['context-mode', modified('/app/main.py', ['mode'], { new: { type: 'file', mode: 0o664 } }), ctx('COPY app/ /app/', ALL), 'context-mode'],
    ['context-mode', modified('/app/run.sh', ['mode', 'mtime'], { old: { type: 'file', mode: 0o755 }, new: { type: 'file', mode: 0o775 } }), ctx('COPY . /app', []), 'context-mode'],
    // Built here from one context: without the variation, the context's modes were the same.
    ['mode-or-owner', modified('/app/run.sh', ['mode'], { old: { type: 'file', mode: 0o755 }, new: { type: 'file', mode: 0o775 } }), { ...ctx('COPY . /app', ['time']), built: true }, 'unknown'],
    ['context-mode', modified('/srv/data', ['mode'], { new: { type: 'file', mode: 0o664 } }), ctx('RUN --mount=type=bind,target=/src cp -r /src/data /srv/', ['context-mode']), 'context-mode'],
    ['mode-or-owner', modified('/srv/data', ['mode'], { new: { type: 'file', mode: 0o664 } }), ctx('RUN touch /srv/data', ['time']), 'unknown'],
    ['mode-or-owner', modified('/app/main.py', ['mode'], { new: { type: 'file', mode: 0o600 } }), ctx('COPY app/ /app/', ALL), 'unknown'],
    ['mode-or-owner', modified('/home/app', ['uid', 'gid']), ctx('RUN useradd app'), 'unknown'],
    ['implicit-directory', dir('/app'), ctx('COPY app/ /app/', ALL), 'implicit-directory-mtime'],
    ['implicit-directory', dir('/usr/local'), ctx('COPY --from=build /out/tool /usr/local/bin/tool', ALL), 'implicit-directory-mtime'],
    ['implicit-directory', dir('/srv/www'), ctx('WORKDIR /srv/www'), 'implicit-directory-mtime'],
    ['implicit-directory', dir('/etc'), ctx('COPY hello /hello'), 'implicit-directory-mtime'],
    ['copy-from-stage', modified('/usr/local/bin/tool', ['mtime']), ctx('COPY --from=build /out/tool /usr/local/bin/tool', ALL), 'build-mtime'],
    ['copy-from-stage', dir('/usr/local/share/tool/doc'), ctx('COPY --from=build /out/share/ /usr/local/share/tool/', ALL), 'build-mtime'],
    ['context-mtime', modified('/app/main.py', ['mtime']), ctx('COPY app/ /app/', ['context-mtime']), 'context-mtime'],
    ['context-mtime', dir('/app/lib'), ctx('COPY ["app/", "/app/"]', ['context-mtime']), 'context-mtime'],
    ['context-mtime', modified('/app/main.py', ['mtime']), ctx('ADD --chown=1000 app/ /app/', []), 'context-mtime'],
    ['context-mtime', dir('/app', ['mtime']), { ...ctx('COPY app/ /app/', ALL), built: true }, 'implicit-directory-mtime'],
    ['copied-mtime-unexplained', modified('/app/main.py', ['mtime']), { ...ctx('COPY app/ /app/', ['time']), built: true }, 'unknown'],
    ['build-mtime', modified('/x', ['mtime']), ctx('RUN date > /x', ['time']), 'build-mtime'],
    ['build-mtime', dir('/var/lib/app'), ctx('RUN mkdir -p /var/lib/app/cache && rmdir /var/lib/app/cache'), 'build-mtime'],
    ['build-mtime', modified('/x', ['mtime']), ctx(null), 'build-mtime'],
  ])('%s: %s', (rule, change, context, cause) => {
    const explanation = classifyChange(change, context);
    expect(explanation.cause).toBe(cause);
    if (rule !== 'context-mtime' || cause === 'context-mtime') expect(matchingRule(change, context)).toBe(rule);
    expect(explanation.hint).toContain(change.path);
    expect(Object.keys(explanation.evidence).length).toBeGreaterThan(0);
  });

  it('has a row for every rule', () => {
    // Keeps the table above honest when a rule is added: content-finding has its own table below.
    expect(CHANGE_RULES.map((r) => r.name)).toEqual([
      'whiteout',
      'package-state-path',
      'package-version',
      'shadow',
      'rewrite-timestamp-ignored',
      'content-finding',
      'pyc-path',
      'cpu-count',
      'content-unexplained',
      'only-in-one-image',
      'type-or-link',
      'context-mode',
      'mode-or-owner',
      'implicit-directory',
      'copy-from-stage',
      'context-mtime',
      'copied-mtime-unexplained',
      'build-mtime',
    ]);
  });
});

describe('classifyChange: content findings of real files', () => {
  test.each<[pair: [string, string], path: string, cause: CauseId]>([
    [['gzip/mtime-a.txt.gz', 'gzip/mtime-b.txt.gz'], '/usr/share/doc/x/changelog.gz', 'gzip-header'],
    [['tar/mtime-a.tar.gz', 'tar/header-b.tar.gz'], '/opt/layer.tar.gz', 'gzip-header'],
    [['tar/mtime-a.tar', 'tar/mtime-b.tar'], '/opt/bundle.tar', 'archive-member-mtime'],
    [['tar/mtime-a.tar.gz', 'tar/mtime-b.tar.gz'], '/opt/bundle.tar.gz', 'archive-member-mtime'],
    [['tar/mtime-a.tar', 'tar/order-b.tar'], '/opt/bundle.tar', 'archive-member-order'],
    [['tar/mtime-a.tar', 'tar/content-b.tar'], '/opt/bundle.tar', 'embedded-date'],
    [['zip/zip-a.zip', 'zip/zip-b.zip'], '/opt/app.zip', 'archive-member-mtime'],
    [['zip/zipx-a.zip', 'zip/zipx-b.zip'], '/opt/app.zip', 'archive-member-mtime'],
    [['zip/zipx-a.zip', 'zip/zipx-order.zip'], '/opt/app.zip', 'archive-member-order'],
    [['zip/jar-a.jar', 'zip/jar-b.jar'], '/opt/app.jar', 'archive-member-mtime'],
    [['ar/ar-a.a', 'ar/ar-b.a'], '/usr/lib/libx.a', 'archive-member-mtime'],
    [['deb/pkg-a.deb', 'deb/pkg-b.deb'], '/tmp/pkg.deb', 'archive-member-mtime'],
    [['pyc/mod-a.pyc', 'pyc/mod-b.pyc'], '/app/__pycache__/mod.cpython-311.pyc', 'pyc-timestamp'],
    [['text/build-info-a.txt', 'text/build-info-b.txt'], '/build-info.txt', 'embedded-date'],
    [['text/token-a.txt', 'text/token-b.txt'], '/etc/app/token', 'random-bytes'],
    [['random/random-a.bin', 'random/random-b.bin'], '/etc/app/seed', 'random-bytes'],
    [['text/config-a.txt', 'text/config-b.txt'], '/etc/app/config', 'unknown'],
    [['pyc/mod-a.pyc', 'pyc/mod-changed.pyc'], '/app/__pycache__/mod.cpython-311.pyc', 'unknown'],
  ])('%j as %s: %s', async ([a, b], path, cause) => {
    const finding = await inspectContent({ path, a: fixture(a), b: fixture(b) });
    const explanation = classifyChange(modified(path, ['content', 'size']), ctx('RUN ./build.sh'), finding);
    expect(explanation.cause).toBe(cause);
    expect(explanation.hint).toContain(path);
  });

  it('quotes the finding and the instruction in the hint', async () => {
    const finding = await inspectContent({ path: '/x.gz', a: fixture('gzip/mtime-a.txt.gz'), b: fixture('gzip/mtime-b.txt.gz') });
    const { hint } = classifyChange(modified('/x.gz', ['content']), ctx('RUN gzip -9 /x'), finding);
    expect(hint).toContain('`RUN gzip -9 /x`');
    expect(hint).toContain('gzip header differs in mtime');
    expect(hint).toContain('gzip -n');
  });

  it('ignores a finding for a change without a content difference', () => {
    const finding: ContentFinding = { format: 'identical', summary: 'content equal' };
    expect(classifyChange(modified('/x', ['mtime']), ctx('RUN date > /x'), finding).cause).toBe('build-mtime');
  });
});

describe('classifyChange with rewrite-timestamp', () => {
  const SDE = 1_700_000_000;
  const at = (sec: number) => ({ type: 'file' as const, mode: 0o644, mtime: { sec, nsec: 0 } });
  const copy = { ...ctx('COPY app/ /app/', ['time', 'context-mtime']), rewriteTimestamp: true, sourceDateEpoch: SDE };

  it('blames the engine when a time later than SOURCE_DATE_EPOCH survived', () => {
    const change = modified('/app/a', ['mtime'], { old: at(SDE + 50), new: at(SDE) });
    expect(classifyChange(change, copy).cause).toBe('rewrite-timestamp-ignored');
  });

  it('blames the context when both times are at or before SOURCE_DATE_EPOCH, which nothing clamps', () => {
    const change = modified('/app/a', ['mtime'], { old: at(SDE - 3600), new: at(SDE) });
    expect(classifyChange(change, copy).cause).toBe('context-mtime');
  });
});

describe('classifyChange: context causes need their variation in a build', () => {
  const T0 = 1_700_000_000;
  const SHIFT = 86_400 + 3_600 + 60 + 1;
  const at = (sec: number, type: 'file' | 'dir' = 'file') => ({ type, mode: type === 'dir' ? 0o755 : 0o644, mtime: { sec, nsec: 0 } });
  const moved = (path: string, by: number, type: 'file' | 'dir' = 'file') => modified(path, ['mtime'], { old: at(T0, type), new: at(T0 + by, type) });
  const built = (variations: string[]): ChangeContext => ({ instruction: 'COPY app/ /app/', variations, built: true });

  test.each<[string, ClassifiableChange, ChangeContext, CauseId]>([
    ['a file moved by the shift', moved('/app/main.py', SHIFT), built(['time', 'context-mtime']), 'context-mtime'],
    ['a file moved by another amount', moved('/app/main.py', 7), built(['time', 'context-mtime']), 'unknown'],
    ['a file moved without the variation', moved('/app/main.py', SHIFT), built(['time']), 'unknown'],
    ['the destination moved by the shift', moved('/app', SHIFT, 'dir'), built(['time', 'context-mtime']), 'context-mtime'],
    ['the destination moved a few seconds', moved('/app', 3, 'dir'), built(['time', 'context-mtime']), 'implicit-directory-mtime'],
    ['the destination earlier in B', moved('/app', -3, 'dir'), built(['time']), 'unknown'],
  ])('%s', (_name, change, context, cause) => {
    const explanation = classifyChange(change, context);
    expect(explanation.cause).toBe(cause);
    if (cause === 'context-mtime') expect(explanation.evidence.variation).toBe('context-mtime');
  });
});
