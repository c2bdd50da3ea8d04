/**
 * The containerd image store's `docker save` without the containerd store (issue 16): switching
 * the engine's store means restarting it, so the benchmark saves an image from the running
 * graph-driver engine and re-packs it as that store saves it: OCI layout, every layer a gzip blob
 * named by the digest of its compressed bytes (`gzip -6 -n`, as containerd compresses), the OCI
 * manifest and index pointing at those, `manifest.json` listing them. The result is read as an
 * archive file, so repro-check verifies every blob's digest, which the floor does too.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './measure.js';

/** A re-packed save: the archive, and the directory it was made from (the gzip blobs the CPU floor reads). */
export interface GzipSave {
  archive: string;
  dir: string;
  /** Paths of the gzip layer blobs inside `dir`. */
  layerBlobs: string[];
}

const GZIP_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function writeBlob(dir: string, text: string): Promise<{ digest: string; size: number }> {
  const hex = createHash('sha256').update(text).digest('hex');
  await writeFile(join(dir, 'blobs', 'sha256', hex), text);
  return { digest: `sha256:${hex}`, size: Buffer.byteLength(text) };
}

/** Saves `tag` and re-packs it under `outDir` (kept when it exists: the tag names an immutable image). */
export async function gzipSave(tag: string, outDir: string): Promise<GzipSave> {
  const name = tag.replace(/[^A-Za-z0-9_.-]+/g, '_');
  const dir = join(outDir, name);
  const archive = `${dir}.tar`;
  const done = join(dir, 'layers.json');
  if (await stat(archive).catch(() => null)) return { archive, dir, layerBlobs: JSON.parse(await readFile(done, 'utf8')) as string[] };
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await run('bash', ['-c', 'docker save "$0" | tar -C "$1" -xf -', tag, dir]);
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
  const manifestDigest: string = index.manifests[0].digest;
  const manifestPath = join(dir, 'blobs', 'sha256', manifestDigest.slice(7));
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  const layerBlobs: string[] = [];
  for (const layer of manifest.layers as { mediaType: string; digest: string; size: number }[]) {
    const plain = join(dir, 'blobs', 'sha256', layer.digest.slice(7));
    await run('bash', ['-c', 'gzip -6 -n -c "$0" > "$0.gz"', plain]);
    const hex = await sha256File(`${plain}.gz`);
    const blob = join(dir, 'blobs', 'sha256', hex);
    await rename(`${plain}.gz`, blob);
    await rm(plain);
    layer.mediaType = GZIP_LAYER;
    layer.digest = `sha256:${hex}`;
    layer.size = (await stat(blob)).size;
    layerBlobs.push(blob);
  }
  await rm(manifestPath);
  const written = await writeBlob(dir, JSON.stringify(manifest));
  index.manifests[0] = { ...index.manifests[0], digest: written.digest, size: written.size };
  await writeFile(join(dir, 'index.json'), JSON.stringify(index));
  const legacy = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  legacy[0].Layers = manifest.layers.map((l: { digest: string }) => `blobs/sha256/${l.digest.slice(7)}`);
  delete legacy[0].LayerSources;
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(legacy));
  await writeFile(done, JSON.stringify(layerBlobs));
  // The engine's order: blobs first (by name), then index.json, manifest.json, oci-layout.
  await run('tar', ['-C', dir, '--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--exclude=layers.json', '-cf', `${archive}.part`, 'blobs', 'index.json', 'manifest.json', 'oci-layout']);
  await rename(`${archive}.part`, archive);
  return { archive, dir, layerBlobs };
}
