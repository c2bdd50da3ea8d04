import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/dockerfile-parser.js';
import { planRemedies, type PlanInput } from '../../src/fix/plan-remedies.js';
import type { ReportChange, ReportCauseGroup } from '../../src/report/report.js';

/** A report of one cause group at `line`, layer 1, with its changes written by hand. */
function input(cause: string, line: number | null, changes: Partial<ReportChange>[], engine: Partial<NonNullable<PlanInput['engine']>> = {}): PlanInput {
  const full: ReportChange[] = changes.map((c) => ({ path: '/x', layer: 1, kind: 'modified', aspects: ['mtime'], cause, ...c }));
  const group: ReportCauseGroup = { layer: line === null ? null : 1, cause, title: '', hint: '', count: full.length, paths: full.map((c) => c.path).slice(0, 5), timestampsOnly: false, instruction: null, line };
  return { causes: [group], changes: full, engine: { version: '28', apiVersion: '1.51', builder: 'buildkit', imageStore: 'graphdriver', ...engine } };
}

const file = (mode: string) => ({ type: 'file' as const, mode });
const dir = { type: 'dir' as const, mode: '0755' };

describe('planRemedies: one remedy per cause', () => {
  test.each<{ name: string; dockerfile: string; report: PlanInput; kind: string; edits?: unknown[]; reason?: RegExp; setting?: string; step?: string }>([
    {
      name: 'apt-state in a RUN: remove the list glob, clamp the directory that differed',
      dockerfile: 'FROM d\nRUN apt-get update && apt-get install -y jq\n',
      report: input('apt-state', 2, [{ path: '/var/lib/apt/lists/deb_InRelease', aspects: ['content'] }, { path: '/var/lib/apt/lists', a: dir, b: dir }, { path: '/var/cache/apt/pkgcache.bin', aspects: ['content'] }]),
      kind: 'edit',
      edits: [{ type: 'remove', line: 2, paths: ['/var/cache/apt/*.bin', '/var/lib/apt/lists/*'] }, { type: 'stage-arg', line: 2, for: 'times' }, { type: 'clamp-times', line: 2, paths: ['/var/lib/apt/lists'] }],
    },
    {
      name: 'dpkg-logs: only the logs that differed',
      dockerfile: 'FROM d\nRUN apt-get install -y x\n',
      report: input('dpkg-logs', 2, [{ path: '/var/log/dpkg.log' }, { path: '/var/log/apt/term.log' }]),
      kind: 'edit',
      edits: [{ type: 'remove', line: 2, paths: ['/var/log/apt/*', '/var/log/dpkg.log'] }],
    },
    {
      name: 'ldconfig-cache in an exec-form RUN is declined',
      dockerfile: 'FROM d\nRUN ["ldconfig"]\n',
      report: input('ldconfig-cache', 2, [{ path: '/var/cache/ldconfig/aux-cache' }]),
      kind: 'none',
      reason: /exec \(JSON\) form/,
    },
    {
      name: 'build-mtime in a heredoc RUN is declined',
      dockerfile: 'FROM d\nRUN <<EOF\necho hi > /x\nEOF\n',
      report: input('build-mtime', 2, [{ path: '/x' }]),
      kind: 'none',
      reason: /heredoc/,
    },
    {
      name: 'build-mtime in a shell RUN: ARG in the stage and a clamp',
      dockerfile: 'FROM d\nRUN echo hi > /x\n',
      report: input('build-mtime', 2, [{ path: '/x' }]),
      kind: 'edit',
      edits: [{ type: 'stage-arg', line: 2, for: 'times' }, { type: 'clamp-times', line: 2, paths: ['/x'] }],
    },
    {
      name: 'build-mtime: no second ARG when the stage declares it above',
      dockerfile: 'FROM d\nARG SOURCE_DATE_EPOCH\nRUN echo hi > /x\n',
      report: input('build-mtime', 3, [{ path: '/x' }]),
      kind: 'edit',
      edits: [{ type: 'clamp-times', line: 3, paths: ['/x'] }],
    },
    {
      name: 'build-mtime of runtime mounts only: none',
      dockerfile: 'FROM d\nRUN echo\n',
      report: input('build-mtime', 2, [{ path: '/dev' }, { path: '/proc' }, { path: '/etc/resolv.conf' }]),
      kind: 'none',
      reason: /runtime mounts/,
    },
    {
      name: 'build-mtime of a COPY --from is declined',
      dockerfile: 'FROM d AS b\nRUN x\nFROM d\nCOPY --from=b /x /x\n',
      report: input('build-mtime', 4, [{ path: '/x' }]),
      kind: 'none',
      reason: /began in COPY/,
    },
    {
      name: 'context-mode of COPY with files of one mode in A: --chmod with that mode',
      dockerfile: 'FROM d\nCOPY a.sh b.sh /app/\n',
      report: input('context-mode', 2, [{ path: '/app/a.sh', aspects: ['mode'], a: file('0755'), b: file('0775') }, { path: '/app/b.sh', aspects: ['mode'], a: file('0755'), b: file('0775') }]),
      kind: 'edit',
      edits: [{ type: 'chmod', line: 2, mode: '0755' }],
    },
    {
      name: 'context-mode with mixed modes: the checkout step',
      dockerfile: 'FROM d\nCOPY . /app/\n',
      report: input('context-mode', 2, [{ path: '/app/a.sh', a: file('0755') }, { path: '/app/b', a: file('0644') }]),
      kind: 'checkout',
      step: 'normalise-modes',
    },
    {
      name: 'context-mode with the classic builder: the checkout step (no --chmod)',
      dockerfile: 'FROM d\nCOPY a /a\n',
      report: input('context-mode', 2, [{ path: '/a', a: file('0644') }], { builder: 'classic' }),
      kind: 'checkout',
      step: 'normalise-modes',
    },
    {
      name: 'context-mode of a directory copy: checkout step (a --chmod would strip x from directories)',
      dockerfile: 'FROM d\nCOPY site/ /srv/\n',
      report: input('context-mode', 2, [{ path: '/srv', a: dir }, { path: '/srv/i.html', a: file('0644') }]),
      kind: 'checkout',
      step: 'normalise-modes',
    },
    {
      name: 'context-mode of a COPY that created the destination directory: checkout step (--chmod would give the directory that mode)',
      dockerfile: 'FROM d\nCOPY app.sh /app/app.sh\n',
      report: input('context-mode', 2, [{ path: '/app/app.sh', aspects: ['mode'], a: file('0644') }, { path: '/app', aspects: ['mtime'], cause: 'implicit-directory-mtime', a: dir }]),
      kind: 'checkout',
      step: 'normalise-modes',
    },
    { name: 'context-mtime: clamp the checkout', dockerfile: 'FROM d\nCOPY a /a\n', report: input('context-mtime', 2, [{ path: '/a' }]), kind: 'checkout', step: 'clamp-mtimes' },
    { name: 'config-created: SOURCE_DATE_EPOCH', dockerfile: 'FROM d\n', report: input('config-created', null, []), kind: 'setting', setting: 'source-date-epoch' },
    { name: 'config-created with the classic builder: none', dockerfile: 'FROM d\n', report: input('config-created', null, [], { builder: 'classic' }), kind: 'none', reason: /classic builder/ },
    {
      name: 'implicit-directory-mtime on the containerd store: rewrite-timestamp',
      dockerfile: 'FROM d\nWORKDIR /app\n',
      report: input('implicit-directory-mtime', 2, [{ path: '/app' }], { imageStore: 'containerd' }),
      kind: 'setting',
      setting: 'rewrite-timestamp',
    },
    { name: 'implicit-directory-mtime on the graph-driver store: none', dockerfile: 'FROM d\nWORKDIR /app\n', report: input('implicit-directory-mtime', 2, [{ path: '/app' }]), kind: 'none', reason: /graph-driver/ },
    { name: 'provenance: --provenance=false', dockerfile: 'FROM d\n', report: input('provenance', null, []), kind: 'setting', setting: 'provenance-false' },
    {
      name: 'gzip-header: gzip -n',
      dockerfile: 'FROM d\nRUN gzip -9 /usr/share/doc/x\n',
      report: input('gzip-header', 2, [{ path: '/usr/share/doc/x.gz', aspects: ['content'] }]),
      kind: 'edit',
      edits: [{ type: 'replace', line: 2, replacement: 'gzip -n', label: 'gzip -n' }],
    },
    { name: 'gzip-header written by a tool, not by gzip in the RUN: none', dockerfile: 'FROM d\nRUN make install\n', report: input('gzip-header', 2, [{ path: '/x.gz' }]), kind: 'none', reason: /does not call gzip/ },
    {
      name: 'pyc-timestamp from compileall: hash-based pyc',
      dockerfile: 'FROM d\nRUN python3 -m compileall -q /app\n',
      report: input('pyc-timestamp', 2, [{ path: '/app/__pycache__/m.cpython-311.pyc', aspects: ['content'] }]),
      kind: 'edit',
      edits: [{ type: 'replace', line: 2, replacement: 'compileall --invalidation-mode checked-hash', label: 'compileall --invalidation-mode checked-hash' }],
    },
    { name: 'pyc-timestamp from pip: ARG SOURCE_DATE_EPOCH', dockerfile: 'FROM d\nRUN pip install x\n', report: input('pyc-timestamp', 2, [{ path: '/x.pyc' }]), kind: 'edit', edits: [{ type: 'stage-arg', line: 2, for: 'content' }] },
    {
      name: 'dependency-version with npm install: npm ci',
      dockerfile: 'FROM d\nRUN npm install\n',
      report: input('dependency-version', 2, [{ path: '/app/node_modules/a/package.json' }]),
      kind: 'edit',
      edits: [{ type: 'replace', line: 2, replacement: 'npm ci', label: 'npm ci' }],
    },
    { name: 'dependency-version with npm install of a named package: none', dockerfile: 'FROM d\nRUN npm install lodash\n', report: input('dependency-version', 2, [{ path: '/a' }]), kind: 'none', reason: /lockfile/ },
    { name: 'language-cache: remove the npm cache root', dockerfile: 'FROM d\nRUN npm ci\n', report: input('language-cache', 2, [{ path: '/root/.npm/_cacache/index-v5/aa/bb' }]), kind: 'edit', edits: [{ type: 'remove', line: 2, paths: ['/root/.npm'] }] },
    {
      name: 'embedded-date from date: date -d @$SOURCE_DATE_EPOCH',
      dockerfile: 'FROM d\nRUN date -u +%F > /x\n',
      report: input('embedded-date', 2, [{ path: '/x' }]),
      kind: 'edit',
      edits: [{ type: 'stage-arg', line: 2, for: 'content' }, { type: 'replace', line: 2, replacement: '$1date -d "@$${SOURCE_DATE_EPOCH:-$$(date +%s)}"' }],
    },
    { name: 'embedded-date from gcc: ARG for __DATE__', dockerfile: 'FROM d\nRUN gcc -o /x x.c\n', report: input('embedded-date', 2, [{ path: '/x' }]), kind: 'edit', edits: [{ type: 'stage-arg', line: 2, for: 'content' }] },
    { name: 'embedded-date from date -r (not the build time): none', dockerfile: 'FROM d\nRUN date -r /etc/os-release > /x\n', report: input('embedded-date', 2, [{ path: '/x' }]), kind: 'none', reason: /date of the build/ },
    { name: 'embedded-date where the RUN reads the epoch already: none', dockerfile: 'FROM d\nRUN date -d @$SOURCE_DATE_EPOCH > /x; date >> /x\n', report: input('embedded-date', 2, [{ path: '/x' }]), kind: 'none', reason: /reads SOURCE_DATE_EPOCH/ },
    {
      name: 'archive-member-mtime from GNU tar: TAR_OPTIONS',
      dockerfile: 'FROM d\nRUN tar czf /a.tgz src\n',
      report: input('archive-member-mtime', 2, [{ path: '/a.tgz' }]),
      kind: 'edit',
      edits: [{ type: 'stage-arg', line: 2, for: 'content' }, { type: 'replace', line: 2 }],
    },
    { name: 'archive-member-mtime, tar only extracts: none', dockerfile: 'FROM d\nRUN tar xzf /a.tgz && zip -r /a.zip src\n', report: input('archive-member-mtime', 2, [{ path: '/a.zip' }]), kind: 'none', reason: /GNU tar/ },
    { name: 'random-bytes of unknown files: none', dockerfile: 'FROM d\nRUN ssh-keygen -A\n', report: input('random-bytes', 2, [{ path: '/etc/ssh/k' }]), kind: 'none', reason: /random/ },
    { name: 'random-bytes in /etc/shadow: none, the salt', dockerfile: 'FROM d\nRUN echo a:b | chpasswd\n', report: input('random-bytes', 2, [{ path: '/etc/shadow' }]), kind: 'none', reason: /salt/ },
    {
      name: 'random-bytes in SSH host keys: removed in the RUN',
      dockerfile: 'FROM d\nRUN apt-get install -y openssh-server\n',
      report: input('random-bytes', 2, [{ path: '/etc/ssh/ssh_host_rsa_key' }, { path: '/etc/ssh/ssh_host_rsa_key.pub' }]),
      kind: 'edit',
      edits: [{ type: 'remove', line: 2, paths: ['/etc/ssh/ssh_host_*'] }],
    },
    {
      name: 'build-mtime carried by COPY --from from the stage that wrote it: none, the paths are not the RUN\'s',
      dockerfile: 'FROM d AS b\nRUN make > /out/x\nFROM e\nCOPY --from=b /out/ /srv/\n',
      report: input('build-mtime', 2, [{ path: '/srv/x', layer: 1, origin: { layer: 1, line: 2 } }]),
      kind: 'none',
      reason: /written at line 2 and copied to these paths by a later layer/,
    },
    { name: 'unknown: none', dockerfile: 'FROM d\nRUN x\n', report: input('unknown', 2, [{ path: '/x' }]), kind: 'none', reason: /no known cause/ },
    { name: 'shadow-lastchange: ARG SOURCE_DATE_EPOCH', dockerfile: 'FROM d\nRUN useradd app\n', report: input('shadow-lastchange', 2, [{ path: '/etc/shadow' }]), kind: 'edit', edits: [{ type: 'stage-arg', line: 2, for: 'content' }] },
  ])('$name', ({ dockerfile, report, kind, edits, reason, setting, step }) => {
    const plan = planRemedies(report, parseDockerfile(dockerfile));
    const remedy = plan.groups[0]!.remedy;
    expect(remedy.kind).toBe(kind);
    if (edits) expect(remedy.kind === 'edit' && remedy.edits).toMatchObject(edits);
    if (reason) expect(remedy.kind === 'none' && remedy.reason).toMatch(reason);
    if (setting) expect(plan.settings).toEqual([setting]);
    if (step) expect(plan.checkoutSteps).toEqual([step]);
  });

  test('announces what it removes and rewrites, nothing for clamps and modes', () => {
    const dockerfile = parseDockerfile('FROM d\nRUN apt-get update && gzip /x\n');
    const report = input('apt-state', 2, [{ path: '/var/lib/apt/lists/a' }]);
    report.causes.push({ ...report.causes[0]!, cause: 'gzip-header' });
    report.changes.push({ path: '/x.gz', layer: 1, kind: 'modified', aspects: ['content'], cause: 'gzip-header' });
    expect(planRemedies(report, dockerfile).announced).toEqual({ removed: ['/var/lib/apt/lists/*'], rewritten: ['/x.gz'] });
  });

  test.each([
    ['/bin exists below the COPY: --chmod', true, 'edit'],
    ['/app missing below the COPY: the checkout step', false, 'checkout'],
  ])('context-mode with the image\'s layers known: %s', (_name, exists, kind) => {
    // The explainer may put a touched parent down to implicit creation; the layers say whether it existed.
    const report = input('context-mode', 2, [{ path: '/bin/app.sh', a: file('0644') }, { path: '/bin', cause: 'implicit-directory-mtime', a: dir }]);
    const seen: [number, string][] = [];
    const plan = planRemedies(report, parseDockerfile('FROM d\nCOPY app.sh /bin/app.sh\n'), (layer, path) => (seen.push([layer, path]), exists));
    expect(plan.groups[0]!.remedy.kind).toBe(kind);
    expect(seen).toEqual([[1, '/bin']]);
  });

  test('carried changes (with an origin) are not the group\'s own paths', () => {
    const report = input('build-mtime', 2, [{ path: '/x' }, { path: '/y', origin: { layer: 0, line: 1 } }]);
    const plan = planRemedies(report, parseDockerfile('FROM d\nRUN touch /x /y\n'));
    expect(plan.groups[0]!.paths).toEqual(['/x']);
  });
});

describe('planRemedies on the containerd image store: rewrite-timestamp clamps the times', () => {
  const containerd = { imageStore: 'containerd' as const };
  /** The check built with SOURCE_DATE_EPOCH and rewrite-timestamp already. */
  const rewrote = (report: PlanInput): PlanInput => ({ ...report, timestamps: { sourceDateEpoch: 1_700_000_000, source: 'input', rewriteTimestamp: true, notes: [] } });

  test.each<{ name: string; dockerfile: string; report: PlanInput; kind: string; setting?: string; edits?: unknown[]; reason?: RegExp }>([
    {
      name: 'build-mtime: the setting, no ARG and no touch in the Dockerfile',
      dockerfile: 'FROM d\nRUN mkdir /out && echo a > /out/a\n',
      report: input('build-mtime', 2, [{ path: '/out' }, { path: '/out/a' }], containerd),
      kind: 'setting',
      setting: 'rewrite-timestamp',
    },
    {
      name: 'build-mtime of runtime mounts only: the setting (the exporter reaches what a RUN cannot touch)',
      dockerfile: 'FROM d\nRUN echo\n',
      report: input('build-mtime', 2, [{ path: '/dev' }, { path: '/proc' }], containerd),
      kind: 'setting',
      setting: 'rewrite-timestamp',
    },
    {
      name: 'build-mtime left by a check that built with rewrite-timestamp: the clamp in the RUN',
      dockerfile: 'FROM d\nRUN echo a > /a\n',
      report: rewrote(input('build-mtime', 2, [{ path: '/a' }], containerd)),
      kind: 'edit',
      edits: [{ type: 'stage-arg', line: 2, for: 'times' }, { type: 'clamp-times', line: 2, paths: ['/a'] }],
    },
    {
      name: 'build-mtime with the classic builder on the containerd store: the clamp (no exporter options)',
      dockerfile: 'FROM d\nRUN echo a > /a\n',
      report: input('build-mtime', 2, [{ path: '/a' }], { ...containerd, builder: 'classic' }),
      kind: 'edit',
      edits: [{ type: 'stage-arg', line: 2, for: 'times' }, { type: 'clamp-times', line: 2, paths: ['/a'] }],
    },
    {
      name: 'implicit-directory-mtime left by a check that built with rewrite-timestamp: none, the setting is spent',
      dockerfile: 'FROM d\nWORKDIR /app\n',
      report: rewrote(input('implicit-directory-mtime', 2, [{ path: '/app' }], containerd)),
      kind: 'none',
      reason: /rewrite-timestamp=true already/,
    },
    {
      name: 'apt-state: the removal only, the directory\'s time is left to rewrite-timestamp',
      dockerfile: 'FROM d\nRUN apt-get update && apt-get install -y jq\n',
      report: input('apt-state', 2, [{ path: '/var/lib/apt/lists/deb_InRelease', aspects: ['content'] }, { path: '/var/lib/apt/lists', a: dir, b: dir }], containerd),
      kind: 'edit',
      edits: [{ type: 'remove', line: 2, paths: ['/var/lib/apt/lists/*'] }],
    },
  ])('$name', ({ dockerfile, report, kind, setting, edits, reason }) => {
    const plan = planRemedies(report, parseDockerfile(dockerfile));
    const remedy = plan.groups[0]!.remedy;
    expect(remedy.kind).toBe(kind);
    expect(plan.settings).toEqual(setting ? [setting] : []);
    // toEqual, not toMatchObject: no clamp or ARG edit may ride along.
    if (edits) expect(remedy.kind === 'edit' && remedy.edits).toEqual(edits);
    if (reason) expect(remedy.kind === 'none' && remedy.reason).toMatch(reason);
  });
});
