import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { EmptyImageError, type Engine, type ImageDetails } from '../engine/engine.js';
import type { ContentSide } from '../image/content-keeper.js';
import type { ImageArchive, ImageConfig } from '../image/image-archive.js';
import { readImageArchive } from '../image/save-reader.js';
import { parsePlatform } from '../registry/image-index.js';
import { isRegistryReference, parseRegistryReference } from '../registry/image-reference.js';
import { readRegistryImage } from '../registry/registry-image.js';
import type { ReportImage } from '../report/report.js';
import { InputError, type ImageSource } from '../settings.js';

/** An image read in full, with what the report says about where it came from. */
export interface LoadedImage {
  archive: ImageArchive;
  summary: ReportImage;
  /**
   * Opens the image's archive stream again, for a second, selective read: of the layer members in
   * `wanted` (a registry fetches only those; an engine or a file gives the whole archive).
   */
  reopen: (wanted?: ReadonlySet<string>) => Promise<Readable>;
  /** Content that the first read kept of files that may differ (when read as one of a pair). */
  content?: ContentSide;
}

/**
 * Reads an image from the engine (streaming its `docker save`), from an archive file, or from a
 * registry (manifest and blobs, `src/registry/`). The engine is asked for only when a side names
 * an engine image, so two archives or registry images can be compared with no engine at all. With `content` (one side of a `ContentKeeper`, the other image read at the same
 * time), the read keeps what explaining the differences needs.
 */
export async function loadImage(
  source: ImageSource,
  engine: () => Engine,
  sourceKind: ReportImage['source'] = source.kind,
  onBytes?: (total: number) => void,
  content?: ContentSide,
  /** Stops a registry read (the engine's requests are stopped through the engine itself). */
  signal?: AbortSignal,
): Promise<LoadedImage> {
  if (source.kind === 'registry') {
    const image = await readRegistryImage(source.ref, { insecure: source.insecure, platform: source.platform, content, onBytes, signal });
    const { archive } = image;
    // A tag can move: the report names the manifest that was read.
    const ref = source.ref.includes('@') ? source.ref : `${source.ref}@${image.referenceDigest}`;
    return { archive, summary: summarise(archive, archive.configDigest, sourceKind, ref), reopen: image.reopen, content };
  }
  if (source.kind === 'archive') {
    const archive = await readImageArchive(counted(await openArchive(source.path), onBytes), { content });
    return { archive, summary: summarise(archive, archive.configDigest, sourceKind, source.path), reopen: () => openArchive(source.path), content };
  }
  const details = await engine().inspect(source.ref);
  // The engine lists the layers before the save stream starts: those both images share are skipped.
  content?.expectLayers(details.layers);
  let archive: ImageArchive;
  try {
    archive = await readImageArchive(counted(await engine().save(details.id), onBytes), { content, trustBlobNames: true });
  } catch (error) {
    if (!(error instanceof EmptyImageError)) throw error;
    archive = fromDetails(details);
  }
  return { archive, summary: summarise(archive, details.id, sourceKind, source.ref), reopen: () => engine().save(details.id), content };
}

/**
 * Describes an image without layers from the engine's inspect and history. The image ID stands in
 * for the config digest: graph-driver engines, the ones that cannot export such images, use the
 * config digest as the ID.
 */
function fromDetails(details: ImageDetails): ImageArchive {
  const config: ImageConfig = {
    architecture: details.architecture,
    os: details.os,
    created: details.created,
    config: details.config,
    rootfs: { type: 'layers', diff_ids: details.layers },
    history: details.history,
  };
  return { layout: 'inspect', configDigest: details.id, config, layers: [], repoTags: details.repoTags, attestations: [] };
}

/** Reports the bytes read so far, at most about ten times a second, for progress displays. */
function counted(stream: Readable, onBytes: ((total: number) => void) | undefined): Readable {
  if (!onBytes) return stream;
  let total = 0;
  let last = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      const now = Date.now();
      if (now - last >= 100) {
        last = now;
        onBytes(total);
      }
      callback(null, chunk);
    },
    flush(callback) {
      onBytes(total);
      callback();
    },
  });
  stream.on('error', (error) => counter.destroy(error));
  return stream.pipe(counter);
}

async function openArchive(path: string): Promise<Readable> {
  const stats = await stat(path).catch(() => null);
  if (!stats?.isFile()) throw new InputError(`image archive ${path} does not exist or is not a file`);
  return createReadStream(path);
}

function summarise(archive: ImageArchive, id: string, source: ReportImage['source'], ref: string): ReportImage {
  return { id, configDigest: archive.configDigest, source, ref, layout: archive.layout, layerCount: archive.layers.length };
}

/** How registry sides are read: `--insecure-registry` hosts and `--platform`. */
export interface RegistrySideOptions {
  insecure: string[];
  platform?: string;
}

/**
 * Decides whether a `diff` argument is a registry image, an archive file or an engine reference:
 * `docker://…` is a registry image (checked here, so a bad reference fails before any read), an
 * existing file is an archive, anything else is an engine reference.
 */
export async function resolveImageSource(arg: string, registry: RegistrySideOptions = { insecure: [] }): Promise<ImageSource> {
  if (isRegistryReference(arg)) {
    try {
      parseRegistryReference(arg);
      if (registry.platform !== undefined) parsePlatform(registry.platform);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    const source: ImageSource = { kind: 'registry', ref: arg, insecure: registry.insecure };
    if (registry.platform !== undefined) source.platform = registry.platform;
    return source;
  }
  const stats = await stat(arg).catch(() => null);
  return stats?.isFile() ? { kind: 'archive', path: arg } : { kind: 'engine', ref: arg };
}
