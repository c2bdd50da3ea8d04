import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/dockerfile-parser.js';
import { explainFileChanges, wantsText, type FileChange, type FileChangeInput } from '../../src/explain/explain-file-changes.js';
import type { ContentFinding } from '../../src/explain/inspect/finding.js';
import { inspectContent } from '../../src/explain/inspect/inspect-content.js';

const T = (sec: number) => ({ sec, nsec: 0 });
const file = (extra: Partial<NonNullable<FileChange['old']>> = {}) => ({ type: 'file' as const, mode: 0o644, mtime: T(1_700_000_000), ...extra });

/** A content change of one layer, with both versions' text; its finding comes from the real inspection. */
interface Written {
  path: string;
  layer: number;
  a: string;
  b: string;
}

async function explainWritten(written: Written[], layers: FileChangeInput['layers'], context: FileChangeInput['context'] = { variations: ['time'], built: true }, extra: FileChange[] = []) {
  // Each step writes its files at its own time, later in build B.
  const changes: FileChange[] = written.map((w) => ({
    path: w.path,
    layer: w.layer,
    kind: 'modified',
    aspects: ['content', 'size', 'mtime'],
    old: file({ digest: `sha256:${w.layer}a${w.path}`, mtime: T(1_700_000_000 + w.layer) }),
    new: file({ digest: `sha256:${w.layer}b${w.path}`, mtime: T(1_700_000_100 + w.layer) }),
  }));
  const findings = new Map<number, ContentFinding>();
  const texts = new Map<number, [string, string]>();
  for (const [i, w] of written.entries()) {
    findings.set(i, await inspectContent({ path: w.path, a: Buffer.from(w.a), b: Buffer.from(w.b) }));
    if (wantsText(w.path)) texts.set(i, [w.a, w.b]);
  }
  return explainFileChanges([...changes, ...extra], { findings, texts, context, layers });
}

const lock = (version: string, integrity: string) =>
  JSON.stringify(
    {
      name: 'web',
      version: '0.1.0',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'web', version: '0.1.0', dependencies: { 'tiny-lib': '^1.3.0' } },
        'node_modules/tiny-lib': { version, resolved: `https://registry.npmjs.org/tiny-lib/-/tiny-lib-${version}.tgz`, integrity },
      },
    },
    null,
    2,
  ) + '\n';
const INTEGRITY_A = 'sha512-8kFq2M1xvWbq7m0d7ZlGQk3Zb1pQm4x3J9uYf0Jr2sT5nKc6hW1vE8aR3oL2iP9uY7tG5fD4sA2qZ1xC0vB9nM==';
const INTEGRITY_B = 'sha512-Qz9Xc1Vb2Nm3Lk4Jh5Gf6Ds7Ap8Oi9Uy0Tr1Ew2Qa3Zs4Xd5Cf6Vg7Bh8Nj9Mk0Ll1Po2Iu3Yt4Re5Wq6==';
const LAYERS = [
  { instruction: 'FROM debian:bookworm', line: 1 },
  { instruction: 'RUN npm install', line: 4 },
];

describe('explainFileChanges', () => {
  it('puts a lockfile whose dependency moved 1.3.0 → 1.3.1 down to dependency-version, not random data', async () => {
    const [lockfile, pkg, index] = await explainWritten(
      [
        { path: '/app/package-lock.json', layer: 1, a: lock('1.3.0', INTEGRITY_A), b: lock('1.3.1', INTEGRITY_B) },
        { path: '/app/node_modules/tiny-lib/package.json', layer: 1, a: '{"name":"tiny-lib","version":"1.3.0"}\n', b: '{"name":"tiny-lib","version":"1.3.1"}\n' },
        { path: '/app/node_modules/tiny-lib/index.js', layer: 1, a: 'module.exports = 1;\n', b: 'module.exports = 2;\n' },
      ],
      LAYERS,
    );
    expect(lockfile!.cause).toBe('dependency-version');
    expect(lockfile!.evidence.packages).toEqual([{ name: 'tiny-lib', a: '1.3.0', b: '1.3.1', source: '/app/package-lock.json' }]);
    expect(lockfile!.hint).toContain('npm ci');
    expect(pkg!.cause).toBe('dependency-version');
    expect(index!.cause).toBe('dependency-version');
    expect(index!.evidence.note).toContain('directory of tiny-lib');
  });

  it('does not call the same lockfile random data when its versions could not be read', async () => {
    const [lockfile] = await explainWritten([{ path: '/app/lockfile.json', layer: 1, a: lock('1.3.0', INTEGRITY_A), b: lock('1.3.1', INTEGRITY_B) }], LAYERS);
    expect(lockfile!.cause).toBe('unknown');
    expect(lockfile!.evidence.finding).toMatch(/text/);
  });

  it('does not call a changelog with a version bump an embedded date', async () => {
    const old = 'tiny-lib (1.3.0) stable; urgency=medium\n\n  * Faster parsing.\n\n -- Dev <dev@example.org>  Fri, 05 Jan 2024 10:00:00 +0000\n';
    const now = 'tiny-lib (1.3.1) stable; urgency=medium\n\n  * Fix a crash on empty input.\n\n -- Dev <dev@example.org>  Thu, 01 Feb 2024 09:30:00 +0000\n\n' + old;
    const [changelog] = await explainWritten([{ path: '/usr/share/doc/tiny-lib/changelog', layer: 1, a: old, b: now }], LAYERS);
    expect(changelog!.cause).toBe('unknown');
    expect(changelog!.evidence.finding).toBeDefined();
  });

  it('does not call output cpu-count for nproc in the instruction when the CPU count did not vary', async () => {
    const layers = [{ instruction: 'RUN make -j$(nproc) && make install', line: 7 }];
    const [tool] = await explainWritten([{ path: '/usr/local/share/tool/build.txt', layer: 0, a: 'objects: a b c\n', b: 'objects: b a c\n' }], layers, { variations: [] });
    expect(tool!.cause).toBe('unknown');
    expect(tool!.evidence.note).toContain('CPU count was not varied');
    const [varied] = await explainWritten([{ path: '/usr/local/share/tool/build.txt', layer: 0, a: 'objects: a b c\n', b: 'objects: b a c\n' }], layers, { variations: ['time', 'cpus'], built: true });
    expect(varied!.cause).toBe('cpu-count');
    expect(varied!.evidence.variation).toBe('cpus');
  });

  it('puts the mode a RUN chmod carried down to the ADD of line 13', () => {
    const layers = [...Array.from({ length: 3 }, () => ({ instruction: null, line: null })), { instruction: 'ADD ./hello.sh /hello.sh', line: 13 }, { instruction: 'RUN chmod u+x /hello.sh', line: 14 }];
    const changes: FileChange[] = [
      { path: '/hello.sh', layer: 3, kind: 'modified', aspects: ['mode'], old: file({ mode: 0o644 }), new: file({ mode: 0o664 }) },
      { path: '/hello.sh', layer: 4, kind: 'modified', aspects: ['mode'], old: file({ mode: 0o744 }), new: file({ mode: 0o764 }) },
    ];
    const [add, chmod] = explainFileChanges(changes, { findings: new Map(), texts: new Map(), context: { variations: ['time', 'context-mode'], built: true }, layers });
    expect(add!.cause).toBe('context-mode');
    expect(add!.evidence.variation).toBe('context-mode');
    expect(add!.origin).toBeUndefined();
    expect(chmod!.cause).toBe('context-mode');
    expect(chmod!.origin).toEqual({ layer: 3, line: 13 });
    expect(chmod!.evidence.carried).toEqual({ layer: 3, line: 13, aspects: ['mode'] });
    expect(chmod!.hint).toContain('line 13');
  });

  describe('/etc/shadow', () => {
    const BASE = 'daemon:*:19700:0:99999:7:::\nbin:*:19700:0:99999:7:::\nsshd:*:19700:0:99999:7:::\n';
    const rootA = 'root:$y$j9T$Xq1lM9aPp0sAltAA$Fv2bQx7Lr3.kN8yHc4Wm1Zt6Gd0Ss5Jp9Ee2Rr7Uu1:19701:0:99999:7:::\n';
    const rootB = 'root:$y$j9T$4kT0wQeRsaltBBbB$M3nVb8Cx1.Zz9Aq7Ws2Ed4Rf6Tg8Yh0Uj3Ik5Ol7Pp2:19701:0:99999:7:::\n';
    const layers = [
      { instruction: 'FROM debian:bookworm', line: 1 },
      { instruction: "RUN echo 'root:screencast' | chpasswd", line: 5 },
      { instruction: 'RUN adduser --disabled-password --gecos "" sshuser', line: 6 },
    ];

    it('puts adduser\'s copy of a hash chpasswd salted down to the chpasswd line', async () => {
      const user = 'sshuser:!:19701:0:99999:7:::\n';
      const [chpasswd, adduser] = await explainWritten(
        [
          { path: '/etc/shadow', layer: 1, a: rootA + BASE, b: rootB + BASE },
          { path: '/etc/shadow', layer: 2, a: rootA + BASE + user, b: rootB + BASE + user },
        ],
        layers,
      );
      expect(chpasswd!.cause).toBe('random-bytes');
      expect(chpasswd!.evidence.shadow).toEqual([{ user: 'root', fields: ['password'], saltDiffers: true }]);
      expect(adduser!.cause).toBe('random-bytes');
      expect(adduser!.origin).toEqual({ layer: 1, line: 5 });
      expect(adduser!.evidence.carried).toEqual({ layer: 1, line: 5, aspects: ['content', 'size'] });
      expect(adduser!.evidence.note).toContain('own time');
    });

    it('puts the backup /etc/shadow- that adduser writes down to the chpasswd line too', async () => {
      const [, backup] = await explainWritten(
        [
          { path: '/etc/shadow', layer: 1, a: rootA + BASE, b: rootB + BASE },
          { path: '/etc/shadow-', layer: 2, a: rootA + BASE, b: rootB + BASE },
        ],
        layers,
      );
      expect(backup!.origin).toEqual({ layer: 1, line: 5 });
    });

    it('gives adduser its own cause for a difference of its own, and leaves the carried user out of it', async () => {
      const [, adduser] = await explainWritten(
        [
          { path: '/etc/shadow', layer: 1, a: rootA + BASE, b: rootB + BASE },
          { path: '/etc/shadow', layer: 2, a: rootA + BASE + 'sshuser:!:19701:0:99999:7:::\n', b: rootB + BASE + 'sshuser:!:19702:0:99999:7:::\n' },
        ],
        layers,
      );
      expect(adduser!.cause).toBe('shadow-lastchange');
      expect(adduser!.origin).toBeUndefined();
      expect(adduser!.evidence.shadow).toEqual([{ user: 'sshuser', fields: ['lastchange'], lastchange: ['19701', '19702'] }]);
      expect(adduser!.evidence.note).toBe('the lines of root differ as in layer 1 already, which this step only carried');
      expect(adduser!.hint).toContain('SOURCE_DATE_EPOCH');
    });
  });

  it('puts a dpkg package whose version moved, and the files its list names, down to dependency-version', async () => {
    const status = (v: string) => `Package: tzdata\nStatus: install ok installed\nPriority: required\nArchitecture: all\nVersion: ${v}\nDescription: time zone data\n`;
    const results = await explainWritten(
      [
        { path: '/usr/share/zoneinfo/tzdata.zi', layer: 1, a: '# version 2024a\n', b: '# version 2024b\n' },
        { path: '/var/lib/dpkg/info/tzdata.list', layer: 1, a: '/.\n/usr/share/zoneinfo/tzdata.zi\n', b: '/.\n/usr/share/zoneinfo/tzdata.zi\n/usr/share/zoneinfo/new\n' },
        { path: '/var/lib/dpkg/status', layer: 1, a: status('2024a-0+deb12u1'), b: status('2024b-0+deb12u1') },
      ],
      [LAYERS[0]!, { instruction: 'RUN apt-get update && apt-get install -y tzdata', line: 3 }],
    );
    expect(results.map((r) => r.cause)).toEqual(['dependency-version', 'dependency-version', 'dependency-version']);
    expect(results[2]!.evidence.packages).toEqual([{ name: 'tzdata', a: '2024a-0+deb12u1', b: '2024b-0+deb12u1', source: '/var/lib/dpkg/status' }]);
    expect(results[0]!.evidence.note).toContain('tzdata.list');
    expect(results[2]!.hint).toMatch(/snapshot/);
  });

  it('gives a whiteout of an apt list removed in one build only apt-state, not whiteout-variance', () => {
    const path = '/var/lib/apt/lists/.wh.deb.debian.org_debian_dists_bookworm-updates_Release';
    const [whiteout] = explainFileChanges([{ path, layer: 1, kind: 'added', aspects: [], new: file() }], {
      findings: new Map(),
      texts: new Map(),
      context: { variations: ['time'], built: true },
      layers: [LAYERS[0]!, { instruction: 'RUN apt-get update && apt-get install -y curl', line: 2 }],
    });
    expect(whiteout!.cause).toBe('apt-state');
    expect(whiteout!.evidence.whiteout).toEqual({ deletes: '/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm-updates_Release', image: 'B' });
    expect(whiteout!.hint).not.toContain('same builder');
  });
});

describe('differences that began at another file or in another stage', () => {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const version = (content: string, mode = 0o644) => ({ ...file({ mode }), uid: 0, gid: 0, digest: `sha256:${sha256(content)}`, size: content.length });
  const context = { variations: ['time', 'context-mode'], built: true };
  // The multi-stage pattern: the final stage's COPY --from at line 10 brings the builder's output.
  const dockerfile = parseDockerfile(
    [
      'FROM debian:bookworm AS builder', // 1
      'WORKDIR /build', // 2
      'COPY assets/ assets/', // 3
      '', // 4
      'RUN mkdir -p out && tar -czf out/assets.tar.gz assets && sha256sum out/assets.tar.gz > out/assets.sha256', // 5
      'RUN head -c 16 /dev/urandom > out/token.bin', // 6
      '', // 7
      '', // 8
      'FROM busybox', // 9
      'COPY --from=builder /build/out/ /srv/', // 10
    ].join('\n'),
  );
  const stageLayers = [{ instruction: null, line: null }, { instruction: 'COPY --from=builder /build/out/ /srv/', line: 10 }];

  it('puts a checksum file and the tarball it sums down to the builder\'s line 5', async () => {
    const tarA = 'tar of build A';
    const tarB = 'tar of build B';
    const sumA = `${sha256(tarA)}  out/assets.tar.gz\n`;
    const sumB = `${sha256(tarB)}  out/assets.tar.gz\n`;
    const changes: FileChange[] = [
      { path: '/srv/assets.sha256', layer: 1, kind: 'modified', aspects: ['content'], old: version(sumA), new: version(sumB) },
      { path: '/srv/assets.tar.gz', layer: 1, kind: 'modified', aspects: ['content'], old: version(tarA), new: version(tarB) },
    ];
    // The tarball's finding is written by hand: member mtimes differ (what tar-inspect reports for such a tar).
    const tarFinding: ContentFinding = { format: 'tar', summary: 'tar: 1 of 1 members differ: a.txt (mtime)', differences: [], more: 0, orderOnly: false, timestampsOnly: true } as unknown as ContentFinding;
    const findings = new Map<number, ContentFinding>([
      [0, await inspectContent({ path: '/srv/assets.sha256', a: Buffer.from(sumA), b: Buffer.from(sumB) })],
      [1, tarFinding],
    ]);
    const [sum, tar] = explainFileChanges(changes, { findings, texts: new Map(), context, layers: stageLayers, stages: dockerfile.stages });
    expect(tar!.cause).toBe('archive-member-mtime');
    expect(tar!.origin).toEqual({ layer: 1, line: 5 });
    expect(tar!.evidence.stage).toMatchObject({ name: 'builder', line: 5 });
    expect(sum!.cause).toBe('archive-member-mtime');
    expect(sum!.origin).toEqual({ layer: 1, line: 5 });
    expect(sum!.evidence.checksumOf).toBe('/srv/assets.tar.gz');
    // Without the link the same finding reads as random tokens.
    const alone = explainFileChanges([changes[0]!], { findings: new Map([[0, findings.get(0)!]]), texts: new Map(), context, layers: stageLayers });
    expect(alone[0]!.cause).toBe('random-bytes');
    expect(alone[0]!.evidence.checksumOf).toBeUndefined();
  });

  it('keeps the COPY line, naming the stage, when no instruction of the stage names the file', async () => {
    const a = 'A\u0001\u0002';
    const b = 'B\u0003\u0004';
    const changes: FileChange[] = [{ path: '/srv/other.bin', layer: 1, kind: 'modified', aspects: ['content'], old: version(a), new: version(b) }];
    const [other] = explainFileChanges(changes, { findings: new Map(), texts: new Map(), context, layers: stageLayers, stages: dockerfile.stages });
    expect(other!.origin).toBeUndefined();
    expect(other!.evidence.stage).toEqual({ name: 'builder', line: null });
    expect(other!.evidence.note).toContain('stage "builder"');
  });

  const buildLayers = [
    ...Array.from({ length: 8 }, () => ({ instruction: null, line: null })),
    { instruction: 'COPY src/ src/', line: 6 },
    { instruction: 'RUN npm run build', line: 7 },
  ];
  const js = 'console.log("hi");\n';
  const moded = (path: string, layer: number, old: number, now: number): FileChange => ({ path, layer, kind: 'modified', aspects: ['mode', 'mtime'], old: version(js, old), new: { ...version(js, now), mtime: T(1_700_000_500) } });

  it('puts a copy a build step made of a context file down to the COPY of line 6', () => {
    const [src, dist] = explainFileChanges([moded('/app/src/main.js', 8, 0o644, 0o664), moded('/app/dist/main.js', 9, 0o644, 0o664)], { findings: new Map(), texts: new Map(), context, layers: buildLayers });
    expect(src!.cause).toBe('context-mode');
    expect(dist!.cause).toBe('context-mode');
    expect(dist!.origin).toEqual({ layer: 8, line: 6 });
    expect(dist!.evidence.copyOf).toBe('/app/src/main.js');
  });

  it('links no copy when the modes differ otherwise: the build step\'s own line stays', () => {
    const [, dist] = explainFileChanges([moded('/app/src/main.js', 8, 0o644, 0o664), moded('/app/dist/main.js', 9, 0o755, 0o775)], { findings: new Map(), texts: new Map(), context, layers: buildLayers });
    expect(dist!.origin).toBeUndefined();
    expect(dist!.evidence.copyOf).toBeUndefined();
  });

  it('links no copy when files of the same bytes differ for different causes', () => {
    const layers = [...buildLayers.slice(0, 7), { instruction: 'RUN apt-get update', line: 5 }, ...buildLayers.slice(8)];
    // The same bytes and modes in apt's cache (a path rule's cause, line 5) and from the context (line 6).
    const cached = moded('/var/cache/apt/archives/partial/main.js', 7, 0o644, 0o664);
    const out = explainFileChanges([cached, moded('/app/src/main.js', 8, 0o644, 0o664), moded('/app/dist/main.js', 9, 0o644, 0o664)], { findings: new Map(), texts: new Map(), context, layers });
    expect(out[0]!.cause).not.toBe('context-mode');
    expect(out[1]!.cause).toBe('context-mode');
    // Which one was copied is not known: the build step's own classification stays.
    expect(out[2]!.evidence.copyOf).toBeUndefined();
    expect(out[2]!.origin).toBeUndefined();
  });
});
