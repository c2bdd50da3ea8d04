import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import ignoreModule from '@balena/dockerignore';
import tar, { type Header, type Pack } from 'tar-stream';

/** Checkout steps applied to the build context as it is sent, after the variations. */
export interface CheckoutSettings {
  /** Every entry's mtime set to this time (seconds since 1970): a checkout clamped to the commit time. */
  mtime?: number;
  /** Group and other write removed from every entry, as a checkout under umask 022 with `chmod -R g-w,o-w`. */
  normaliseModes?: boolean;
}

// The package's types declare an ES default export, but it is CommonJS (`module.exports = factory`),
// which Node and the bundler hand over as the default import itself.
const ignore = ignoreModule as unknown as typeof ignoreModule.default;

/** How the context sent to the engine departs from the files on disk (the build variations). */
export interface ContextVariation {
  /** Seconds added to every entry's mtime (a checkout made at another time). */
  mtimeShiftSeconds: number;
  /** Adds group-write wherever the owner may write, as a checkout under umask 002 has. */
  groupWritable: boolean;
  /** Writes the entries of each directory in reverse name order instead of sorted order. */
  reverseOrder: boolean;
  /** Checkout steps applied after the variation (the fix's rebuilds): mtimes clamped, modes normalised. */
  checkout?: CheckoutSettings;
}

/** No variation: the context as it is on disk. */
export const NO_CONTEXT_VARIATION: ContextVariation = { mtimeShiftSeconds: 0, groupWritable: false, reverseOrder: false };

/** Where the Dockerfile goes in the context tar when it lives outside the context directory. */
export const OUTSIDE_DOCKERFILE_NAME = '.repro-check.Dockerfile';

/** What `createContextTar` produced besides the stream. */
export interface ContextTar {
  stream: Readable;
  /** Path of the Dockerfile inside the tar, for the build request. */
  dockerfile: string;
}

/**
 * Makes the build context as a tar stream, as the docker CLI sends it: `.dockerignore` honoured
 * (`<Dockerfile>.dockerignore` first, as BuildKit does), owners set to root, the Dockerfile and the
 * ignore file always included. The tar is produced lazily while the engine reads it, so the context
 * is never held in memory or written to disk. Reading the context here, rather than letting the
 * engine bind-mount it, is what makes remote engines and job containers (act) work.
 */
export async function createContextTar(contextDir: string, dockerfilePath: string, variation: ContextVariation): Promise<ContextTar> {
  const rules = await readIgnoreRules(contextDir, dockerfilePath);
  const matcher = ignore().add(rules);
  const hasExceptions = rules.some((rule) => rule.trim().startsWith('!'));
  const relDockerfile = relative(contextDir, dockerfilePath);
  const outside = relDockerfile.startsWith('..') || relDockerfile === '' || relDockerfile.startsWith(sep + sep);
  const dockerfileInTar = outside ? OUTSIDE_DOCKERFILE_NAME : toPosix(relDockerfile);
  const alwaysKeep = new Set([dockerfileInTar, '.dockerignore', `${dockerfileInTar}.dockerignore`]);

  const pack = tar.pack();
  const write = async () => {
    await addDirectory(pack, contextDir, '', { matcher, hasExceptions, alwaysKeep, variation });
    if (outside) {
      const stats = await lstat(dockerfilePath);
      const content = await readFile(dockerfilePath);
      await addEntry(pack, { name: OUTSIDE_DOCKERFILE_NAME, size: content.length, mode: stats.mode & 0o7777, mtime: stats.mtime, type: 'file' }, variation, content);
    }
    pack.finalize();
  };
  write().catch((error: Error) => pack.destroy(error));
  return { stream: pack as unknown as Readable, dockerfile: dockerfileInTar };
}

/** The header fields this module writes. */
type TarHeader = Partial<Header> & Pick<Header, 'name'>;

interface WalkOptions {
  matcher: ReturnType<typeof ignore>;
  hasExceptions: boolean;
  alwaysKeep: Set<string>;
  variation: ContextVariation;
}

async function addDirectory(pack: Pack, root: string, relDir: string, options: WalkOptions): Promise<void> {
  const names = (await readdir(join(root, relDir))).sort();
  if (options.variation.reverseOrder) names.reverse();
  for (const name of names) {
    const rel = relDir ? `${relDir}/${name}` : name;
    const abs = join(root, rel);
    const stats = await lstat(abs);
    const ignored = !options.alwaysKeep.has(rel) && options.matcher.ignores(rel);
    if (stats.isDirectory()) {
      // An ignored directory is still walked when exception rules (`!path`) might bring files back.
      if (!ignored) await addEntry(pack, { name: rel, type: 'directory', mode: stats.mode & 0o7777, mtime: stats.mtime }, options.variation);
      if (!ignored || options.hasExceptions) await addDirectory(pack, root, rel, options);
      continue;
    }
    if (ignored) continue;
    const header = { name: rel, mode: stats.mode & 0o7777, mtime: stats.mtime };
    if (stats.isSymbolicLink()) {
      await addEntry(pack, { ...header, type: 'symlink', linkname: await readlink(abs) }, options.variation);
    } else if (stats.isFile()) {
      await addEntry(pack, { ...header, type: 'file', size: stats.size }, options.variation, abs);
    }
    // Sockets, FIFOs and devices are not sent, as the docker CLI does not send them either.
  }
}

/** Writes one entry with the variation applied; `content` is a file path to stream or a buffer. */
async function addEntry(pack: Pack, header: TarHeader, variation: ContextVariation, content?: string | Buffer): Promise<void> {
  const mode = header.mode ?? 0;
  const variedMode = variation.groupWritable ? mode | ((mode & 0o200) >> 3) : mode;
  const checkout = variation.checkout;
  const varied: TarHeader = {
    ...header,
    uid: 0,
    gid: 0,
    mode: checkout?.normaliseModes ? variedMode & ~0o022 : variedMode,
    mtime: checkout?.mtime !== undefined ? new Date(checkout.mtime * 1000) : new Date((header.mtime ?? new Date(0)).getTime() + variation.mtimeShiftSeconds * 1000),
  };
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    if (typeof content === 'string') {
      const sink = pack.entry(varied, done);
      pipeline(createReadStream(content), sink as unknown as NodeJS.WritableStream).catch(reject);
    } else {
      pack.entry(varied, content ?? '', done);
    }
  });
}

async function readIgnoreRules(contextDir: string, dockerfilePath: string): Promise<string[]> {
  for (const candidate of [`${dockerfilePath}.dockerignore`, join(contextDir, '.dockerignore')]) {
    try {
      return (await readFile(candidate, 'utf8')).split(/\r?\n/);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return [];
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
