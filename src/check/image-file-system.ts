import type { Engine } from '../engine/engine.js';
import { imageFileSystem } from '../manifest/image-manifest.js';
import type { ImageSource } from '../settings.js';
import type { FileTree } from '../tree/file-entry.js';
import { loadImage } from './image-source.js';

/**
 * Loads an image from the engine or a `docker save` archive, with the readers `diff` uses, and
 * returns its file system. The engine is created only for engine references.
 */
export async function loadImageFileSystem(source: ImageSource, engine: () => Engine): Promise<FileTree> {
  const { archive } = await loadImage(source, engine);
  return imageFileSystem(archive);
}
