import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Docker from 'dockerode';
import { expect } from 'vitest';
import type { BuildSettings } from '../../src/settings.js';

/** The static busybox from Debian's busybox-static: a shell for RUN steps in FROM scratch images. */
export const BUSYBOX = '/bin/busybox';

/** Dockerfile lines that give a FROM scratch image a shell (the context must hold `busybox`). */
export const BUSYBOX_BASE = ['FROM scratch', 'COPY busybox /bin/busybox', 'RUN ["/bin/busybox", "--install", "-s", "/bin"]'];

/**
 * Writes a build context into a fresh temporary directory: the given files, and the busybox binary
 * when `withBusybox` is set. Returns its path.
 */
export async function makeContext(files: Record<string, string>, withBusybox = false): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'repro-check-it-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  if (withBusybox) await copyFile(BUSYBOX, join(dir, 'busybox'));
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** What the engine holds: image IDs with their tags, and container IDs. */
export interface EngineSnapshot {
  images: string[];
  containers: string[];
}

/** Lists images (with tags) and containers, to check that a test left nothing behind. */
export async function snapshotEngine(docker = new Docker()): Promise<EngineSnapshot> {
  const [images, containers] = await Promise.all([docker.listImages({ all: true }), docker.listContainers({ all: true })]);
  return {
    // The benchmark's cached images (`npm run bench`) may come and go while tests run.
    images: images
      .filter((image) => !(image.RepoTags ?? []).some((tag) => tag.startsWith('repro-check-bench/')))
      .map((image) => `${image.Id} ${(image.RepoTags ?? []).sort().join(',')}`)
      .sort(),
    containers: containers.map((container) => container.Id).sort(),
  };
}

/**
 * Settings of a build check of `context` (its `Dockerfile`): no cache, time only, no
 * SOURCE_DATE_EPOCH, strict, unless `overrides` says otherwise.
 */
export function buildSettings(context: string, overrides: Partial<BuildSettings> = {}): BuildSettings {
  return {
    context,
    dockerfile: join(context, 'Dockerfile'),
    buildArgs: {},
    variations: ['time'],
    level: 'strict',
    builder: 'auto',
    noCache: true,
    keepImages: false,
    bisect: false,
    sourceDateEpoch: { mode: 'none' },
    ...overrides,
  };
}

/**
 * rewrite-timestamp clamps only times later than SOURCE_DATE_EPOCH (the commit time): files of a
 * checkout older than the commit keep their times, and context-mtime still varies them.
 */
export function expectOnlyUnclampable(report: { timestamps: { sourceDateEpoch: number }; changes: { cause: string; a: { mtime: string }; b: { mtime: string } }[] }): void {
  for (const change of report.changes) {
    expect(change.cause).not.toBe('rewrite-timestamp-ignored');
    for (const side of [change.a, change.b]) expect(Number(side.mtime.split('.')[0])).toBeLessThanOrEqual(report.timestamps.sourceDateEpoch);
  }
}
