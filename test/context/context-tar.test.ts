import { chmod, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createContextTar, NO_CONTEXT_VARIATION, OUTSIDE_DOCKERFILE_NAME } from '../../src/context/context-tar.js';

interface TarItem {
  name: string;
  type: string;
  mode: number;
  uid: number;
  mtime: number;
  linkname: string | null;
  content: string;
}

async function readTar(stream: Readable): Promise<TarItem[]> {
  const extract = tar.extract();
  stream.pipe(extract as unknown as NodeJS.WritableStream);
  const items: TarItem[] = [];
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    const h = entry.header;
    items.push({ name: h.name, type: h.type, mode: h.mode, uid: h.uid, mtime: h.mtime.getTime() / 1000, linkname: h.linkname || null, content: Buffer.concat(chunks).toString() });
  }
  return items;
}

let dir: string;
const T = 1_700_000_000;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctx-'));
  await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\n');
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'src', 'b.txt'), 'b');
  await writeFile(join(dir, 'src', 'a.txt'), 'a');
  await writeFile(join(dir, 'secret.env'), 'TOKEN=1');
  await mkdir(join(dir, 'node_modules', 'keep'), { recursive: true });
  await writeFile(join(dir, 'node_modules', 'x.js'), 'x');
  await writeFile(join(dir, 'node_modules', 'keep', 'y.js'), 'y');
  await symlink('src/a.txt', join(dir, 'link'));
  await chmod(join(dir, 'src', 'a.txt'), 0o640);
  for (const p of ['Dockerfile', 'src/a.txt', 'src/b.txt', 'src', 'secret.env']) await utimes(join(dir, p), T, T);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createContextTar', () => {
  it('sends every file, sorted, owned by root, with mode and mtime as on disk', async () => {
    const { stream, dockerfile } = await createContextTar(dir, join(dir, 'Dockerfile'), NO_CONTEXT_VARIATION);
    const items = await readTar(stream);
    expect(dockerfile).toBe('Dockerfile');
    expect(items.map((i) => i.name)).toEqual(['Dockerfile', 'link', 'node_modules', 'node_modules/keep', 'node_modules/keep/y.js', 'node_modules/x.js', 'secret.env', 'src', 'src/a.txt', 'src/b.txt']);
    const a = items.find((i) => i.name === 'src/a.txt')!;
    expect(a).toMatchObject({ type: 'file', mode: 0o640, uid: 0, mtime: T, content: 'a' });
    expect(items.find((i) => i.name === 'link')).toMatchObject({ type: 'symlink', linkname: 'src/a.txt' });
  });

  it('honours .dockerignore, exceptions included, but always sends the Dockerfile and the ignore file', async () => {
    await writeFile(join(dir, '.dockerignore'), '# comment\nsecret.env\nnode_modules\n!node_modules/keep\nDockerfile\n.dockerignore\n');
    const items = await readTar((await createContextTar(dir, join(dir, 'Dockerfile'), NO_CONTEXT_VARIATION)).stream);
    expect(items.map((i) => i.name)).toEqual(['.dockerignore', 'Dockerfile', 'link', 'node_modules/keep', 'node_modules/keep/y.js', 'src', 'src/a.txt', 'src/b.txt']);
  });

  it('prefers <Dockerfile>.dockerignore to .dockerignore', async () => {
    await writeFile(join(dir, '.dockerignore'), 'src\n');
    await writeFile(join(dir, 'Dockerfile.dockerignore'), 'secret.env\n');
    const names = (await readTar((await createContextTar(dir, join(dir, 'Dockerfile'), NO_CONTEXT_VARIATION)).stream)).map((i) => i.name);
    expect(names).toContain('src/a.txt');
    expect(names).not.toContain('secret.env');
  });

  it('applies the variations: mtimes shifted, group-write added, order reversed', async () => {
    const items = await readTar((await createContextTar(dir, join(dir, 'Dockerfile'), { mtimeShiftSeconds: 90, groupWritable: true, reverseOrder: true })).stream);
    expect(items.map((i) => i.name).slice(0, 3)).toEqual(['src', 'src/b.txt', 'src/a.txt']);
    expect(items.find((i) => i.name === 'src/a.txt')).toMatchObject({ mode: 0o660, mtime: T + 90 });
    expect(items.find((i) => i.name === 'src')!.mode & 0o070).toBe(0o070);
    expect(items.find((i) => i.name === 'Dockerfile')).toMatchObject({ mode: 0o664 });
  });

  it('adds a Dockerfile from outside the context under a name of its own', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'df-'));
    await writeFile(join(outside, 'Build.df'), 'FROM scratch\nLABEL a=b\n');
    const { stream, dockerfile } = await createContextTar(join(dir, 'src'), join(outside, 'Build.df'), NO_CONTEXT_VARIATION);
    const items = await readTar(stream);
    expect(dockerfile).toBe(OUTSIDE_DOCKERFILE_NAME);
    expect(items.map((i) => i.name)).toEqual(['a.txt', 'b.txt', OUTSIDE_DOCKERFILE_NAME]);
    expect(items.at(-1)!.content).toBe('FROM scratch\nLABEL a=b\n');
    await rm(outside, { recursive: true });
  });
});
