import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sessionRepository } from '../../src/check/build-session.js';
import { runFixCheck } from '../../src/check/fix-check.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import type { BuildSettings } from '../../src/settings.js';
import type { VariationName } from '../../src/variations.js';
import { buildSettings, BUSYBOX_BASE, makeContext, removeDir } from './engine-fixture.js';

const engine = new DockerEngine();
const contexts: string[] = [];
/** Every run these tests started: the check's and each fix round's. */
const runIds: string[] = [];
const EPOCH = 1_700_000_000;

afterAll(async () => {
  await Promise.all(contexts.map(removeDir));
  // The fix's rebuilds removed their images too. Other checks may build on the same engine at the
  // same time, so this looks at the repositories of these runs rather than at the whole engine.
  expect(runIds.length).toBeGreaterThan(5);
  for (const runId of runIds) expect(await engine.tagsOf(sessionRepository(runId))).toEqual([]);
});

async function fixCheck(lines: string[], files: Record<string, string>, variations: VariationName[], extra: Partial<BuildSettings> = {}) {
  const context = await makeContext({ Dockerfile: lines.join('\n') + '\n', ...files }, true);
  contexts.push(context);
  const settings = buildSettings(context, { variations, level: 'content', sourceDateEpoch: { mode: 'fixed', value: EPOCH }, fix: { mode: 'verify', write: false, rounds: 3 }, ...extra });
  const report = await runFixCheck(settings, engine, 'test', { started: (runId) => runIds.push(runId) });
  return { report, fix: report.fix!, context };
}

describe('build --fix verify on the real engine', () => {
  it('fixes RUN date with the epoch, leaves random bytes unfixable with the reason, changes nothing else; SOURCE_DATE_EPOCH fixes the config', async () => {
    // No SOURCE_DATE_EPOCH in the original check: the config records each build's time.
    const { report, fix } = await fixCheck([...BUSYBOX_BASE, 'RUN date +%s%N > /x', 'RUN od -An -N16 -tx1 /dev/urandom > /y'], {}, ['time'], { sourceDateEpoch: { mode: 'none' } });
    expect(report.config.map((difference) => difference.field)).toContain('created');
    expect(fix.groups.find((group) => group.cause === 'config-created')).toMatchObject({ kind: 'setting', removed: true });
    // The containerd image store honours rewrite-timestamp, so the fix asks for it there too.
    const rewrites = report.engine!.imageStore === 'containerd';
    expect(fix.settings).toEqual(['SOURCE_DATE_EPOCH=0 (no commit time found)', ...(rewrites ? ['rewrite-timestamp=true'] : [])]);
    expect(report.verdicts.content).toBe(false);
    // The date: `date` takes the epoch (0 here), declared just above the RUN that needs it.
    expect(fix.groups.find((group) => group.cause === 'embedded-date')).toMatchObject({ line: 4, kind: 'edit', removed: true });
    // (On the graph-driver store the RUN also gets a clamp of /x's time; the containerd store's rewrite-timestamp does that.)
    expect(fix.patch).toContain('\n-RUN date +%s%N > /x\n+ARG SOURCE_DATE_EPOCH\n+RUN date -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%s%N > /x');
    // The random bytes: no remedy, the reason given, and they still differ.
    const random = fix.unfixable.find((item) => item.paths.includes('/y'))!;
    expect(random).toMatchObject({ line: 5, reason: expect.stringMatching(/random|no known cause/) });
    expect(fix.after?.content).toBe(false);
    expect(fix.sideEffects).toEqual([]);
    expect(fix.verified).toBe(true);
  });

  it('fixes context modes with COPY --chmod into an existing directory: content reproducible after, patch applies with git', async () => {
    const { report, fix, context } = await fixCheck([...BUSYBOX_BASE, 'COPY app.sh /bin/app.sh'], { 'app.sh': 'echo hi\n' }, ['time', 'context-mode']);
    expect(report.verdicts.content).toBe(false);
    // Both COPYs keep the context's modes; busybox's COPY creates /bin, so it gets the checkout step.
    expect(report.contentChanges.map((change) => change.path)).toEqual(['/bin/app.sh', '/bin/busybox']);
    expect(fix.groups.find((g) => g.cause === 'context-mode' && g.line === 2)).toMatchObject({ kind: 'checkout', removed: true });
    const group = fix.groups.find((g) => g.cause === 'context-mode' && g.line === 4)!;
    expect(group).toMatchObject({ kind: 'edit', removed: true });
    expect(fix.patch).toContain('+COPY --chmod=0644 app.sh /bin/app.sh');
    expect(fix.after).toMatchObject({ content: true });
    expect(fix.sideEffects).toEqual([]);
    expect(fix.verified).toBe(true);
    // The user's Dockerfile is untouched, and the patch applies to it with git.
    expect(await readFile(join(context, 'Dockerfile'), 'utf8')).toContain('\nCOPY app.sh /bin/app.sh\n');
    await writeFile(join(context, 'fix.patch'), fix.patch);
    execFileSync('git', ['-C', context, 'init', '-q']);
    execFileSync('git', ['-C', context, 'apply', '--check', 'fix.patch']);
  });

  it('fixes a COPY that creates its directory by the checkout step, not --chmod (BuildKit would give the directory the mode)', async () => {
    const { fix } = await fixCheck([...BUSYBOX_BASE, 'COPY app.sh /app/app.sh'], { 'app.sh': 'echo hi\n' }, ['time', 'context-mode', 'context-mtime']);
    expect(fix.groups.find((g) => g.cause === 'context-mode' && g.line === 4)).toMatchObject({ kind: 'checkout', removed: true });
    expect(fix.checkoutSteps.join('\n')).toMatch(/chmod -R g-w,o-w/);
    expect(fix.after).toMatchObject({ content: true });
    expect(fix.sideEffects).toEqual([]);
    expect(fix.verified).toBe(true);
  });

  it('clamps the times a RUN wrote: no build-mtime left in its layer', async () => {
    const { report, fix } = await fixCheck([...BUSYBOX_BASE, 'RUN mkdir -p /out \\', '    && echo a > /out/a \\', '    && echo b > /out/b'], {}, ['time']);
    if (report.timestamps!.rewriteTimestamp) {
      // On the containerd store the check itself builds with rewrite-timestamp and SOURCE_DATE_EPOCH:
      // the RUN's times are clamped already, so there is nothing of build-mtime for the fix to do.
      expect(report.causes.filter((g) => g.cause === 'build-mtime')).toEqual([]);
      expect(fix.groups.filter((g) => g.cause === 'build-mtime')).toEqual([]);
      expect(fix.patch).not.toContain('touch');
      return;
    }
    const group = fix.groups.find((g) => g.cause === 'build-mtime' && g.line === 4)!;
    expect(group).toMatchObject({ kind: 'edit', removed: true, remaining: 0 });
    expect(fix.patch).toContain('+    && touch -c -h -d "@${SOURCE_DATE_EPOCH:-0}" /out /out/a /out/b');
    expect(fix.patch).toContain('+ARG SOURCE_DATE_EPOCH');
    expect(fix.after).toMatchObject({ content: true });
    // What it reaches at the layers level on this store: the RUN's layer (#2) is identical after;
    // the base's COPY (implicit /bin) and exec-form RUN still differ.
    expect(fix.differingLayers.before).toEqual([0, 1, 2]);
    expect(fix.differingLayers.after).toEqual([0, 1]);
    expect(fix.sideEffects).toEqual([]);
    expect(fix.verified).toBe(true);
  });

  it('leaves the times of a check without SOURCE_DATE_EPOCH to rewrite-timestamp where the store honours it, else clamps them in the RUN', async () => {
    const { report, fix } = await fixCheck([...BUSYBOX_BASE, 'RUN mkdir -p /out && echo a > /out/a'], {}, ['time'], { sourceDateEpoch: { mode: 'none' } });
    const containerd = report.engine!.imageStore === 'containerd';
    expect(report.timestamps!.rewriteTimestamp).toBe(false);
    expect(report.verdicts).toMatchObject({ strict: false, content: true });
    const group = fix.groups.find((g) => g.cause === 'build-mtime' && g.line === 4)!;
    expect(group).toMatchObject({ kind: containerd ? 'setting' : 'edit', removed: true });
    expect(fix.settings).toEqual(['SOURCE_DATE_EPOCH=0 (no commit time found)', ...(containerd ? ['rewrite-timestamp=true'] : [])]);
    if (containerd) {
      // Every time in the layers is clamped by the exporter: no Dockerfile edit, and the pair is
      // the same bit for bit (the base's implicit /bin and exec-form RUN included).
      expect(fix.patch).toBe('');
      expect(fix.after).toEqual({ strict: true, layers: true, content: true });
      expect(fix.differingLayers.after).toEqual([]);
    } else {
      expect(fix.patch).toContain('+ARG SOURCE_DATE_EPOCH');
      expect(fix.patch).toContain('touch -c -h -d "@${SOURCE_DATE_EPOCH:-0}" /out /out/a');
      // The graph-driver store keeps the base's implicit /bin and exec-form RUN times apart.
      expect(fix.after).toEqual({ strict: false, layers: false, content: true });
      expect(fix.differingLayers.after).toEqual([0, 1]);
    }
    expect(fix.sideEffects).toEqual([]);
    expect(fix.verified).toBe(true);
  });

  it('builds the rebuilds with --provenance=false where buildx attaches provenance (the containerd store), which makes the attestations equal', async () => {
    const { report, fix } = await fixCheck([...BUSYBOX_BASE, 'RUN echo a > /a'], {}, ['time'], { builder: 'buildx' });
    const containerd = report.engine!.imageStore === 'containerd';
    // Only the containerd store keeps attestations; they record each build's own times and ids.
    expect(report.attestations.a.length > 0).toBe(containerd);
    expect(report.attestations.identical).toBe(!containerd);
    // The platform image decides the strict verdict, not its attestations.
    expect(report.verdicts.strict).toBe(containerd);
    const provenance = fix.groups.find((g) => g.cause === 'provenance');
    if (containerd) {
      expect(provenance).toMatchObject({ kind: 'setting', removed: true, remaining: 0 });
      expect(fix.settings).toContain('--provenance=false');
    } else {
      expect(provenance).toBeUndefined();
      expect(fix.settings).not.toContain('--provenance=false');
    }
    expect(fix.sideEffects).toEqual([]);
  });

  it('reports a patch that breaks the build and drops it (busybox find has no -newermt)', async () => {
    const { report, fix } = await fixCheck([...BUSYBOX_BASE, 'RUN mkdir /many && for i in $(seq 1 30); do echo $i > /many/f$i; done'], {}, ['time']);
    if (report.timestamps!.rewriteTimestamp) {
      // rewrite-timestamp with SOURCE_DATE_EPOCH (the containerd store) makes this image bit for bit
      // the same already: no difference, so no patch to try.
      expect(report.verdicts.strict).toBe(true);
      expect(fix.patch).toBe('');
      return;
    }
    expect(report.verdicts.strict).toBe(false);
    expect(fix.buildError).toMatch(/line 4|RUN/);
    expect(fix.patch).toBe('');
    expect(fix.after).toBeNull();
    expect(fix.verified).toBe(false);
  });
});
