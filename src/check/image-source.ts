import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Engine } from '../engine/engine.js';
import type { ImageArchive } from '../image/image-archive.js';
import { readImageArchive } from '../image/save-reader.js';
import type { ReportImage } from '../report/report.js';
import { InputError, type ImageSource } from '../settings.js';

/** An image read in full, with what the report says about where it came from. */
export interface LoadedImage {
  archive: ImageArchive;
  summary: ReportImage;
}

/**
 * Reads an image from the engine (streaming its `docker save`) or from an archive file. The engine
 * is asked for only when a side names an engine image, so two archives can be compared with no
 * engine at all.
 */
export async function loadImage(source: ImageSource, engine: () => Engine, sourceKind: ReportImage['source'] = source.kind): Promise<LoadedImage> {
  if (source.kind === 'archive') {
    const archive = await readImageArchive(await openArchive(source.path));
    return { archive, summary: summarise(archive, archive.configDigest, sourceKind, source.path) };
  }
  const details = await engine().inspect(source.ref);
  const archive = await readImageArchive(await engine().save(details.id));
  return { archive, summary: summarise(archive, details.id, sourceKind, source.ref) };
}

async function openArchive(path: string): Promise<Readable> {
  const stats = await stat(path).catch(() => null);
  if (!stats?.isFile()) throw new InputError(`image archive ${path} does not exist or is not a file`);
  return createReadStream(path);
}

function summarise(archive: ImageArchive, id: string, source: ReportImage['source'], ref: string): ReportImage {
  return { id, configDigest: archive.configDigest, source, ref, layout: archive.layout, layerCount: archive.layers.length };
}

/**
 * Decides whether a `diff` argument is an archive file or an engine reference: an existing file is
 * an archive, anything else is a reference.
 */
export async function resolveImageSource(arg: string): Promise<ImageSource> {
  const stats = await stat(arg).catch(() => null);
  return stats?.isFile() ? { kind: 'archive', path: arg } : { kind: 'engine', ref: arg };
}
