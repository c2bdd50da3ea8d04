import { ArchiveFormatError } from './archive-members.js';
import { quote } from './error-text.js';
import type { HistoryEntry, ImageConfig } from './image-archive.js';

/**
 * Shape checks for the JSON documents of an image archive (`manifest.json`, OCI indexes and
 * manifests, image configs). They come from archives anyone can shape, so each is checked once,
 * where it is read, and a wrong type is an ArchiveFormatError naming the document and field
 * rather than a TypeError somewhere downstream.
 */

/** One image of a legacy `manifest.json`. */
export interface ManifestJsonEntry {
  Config: string;
  RepoTags: string[];
  Layers: string[];
}

/** An OCI descriptor, with the fields repro-check reads. */
export interface OciDescriptor {
  mediaType?: string;
  /** `algorithm:encoded`, checked against the OCI digest grammar. */
  digest?: string;
  annotations?: Record<string, unknown>;
  platform?: { architecture?: unknown; os?: unknown };
}

/** An OCI image manifest, with the fields repro-check reads. */
export interface OciImageManifest {
  config: OciDescriptor & { digest: string };
  layers: (OciDescriptor & { digest: string })[];
}

/** The OCI digest grammar (image-spec `descriptor.md`). */
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrongType(document: string, field: string, expected: string, value: unknown): ArchiveFormatError {
  return new ArchiveFormatError(`${document}: ${field} is not ${expected} (found ${quote(value)})`);
}

/**
 * Checks an optional string field. Go's encoder writes `null` for a field it has no value for
 * (BuildKit on the containerd store: `"created": null` in the config of an image with no layers),
 * so null is taken as absent and removed, and the rest of the code sees one spelling of "absent".
 */
function optionalString(object: Json, key: string, document: string, field: string): void {
  if (object[key] === null) delete object[key];
  if (object[key] !== undefined && typeof object[key] !== 'string') throw wrongType(document, field, 'a string', object[key]);
}

function stringList(value: unknown, document: string, field: string): string[] {
  if (!Array.isArray(value)) throw wrongType(document, field, 'a list', value);
  value.forEach((item, index) => {
    if (typeof item !== 'string') throw wrongType(document, `${field}[${index}]`, 'a string', item);
  });
  return value as string[];
}

/** The images of a legacy `manifest.json`, or null when it is not a non-empty list (then the OCI index is used). */
export function manifestJsonEntries(value: unknown): ManifestJsonEntry[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  return value.map((entry, index) => {
    const where = `[${index}]`;
    if (!isRecord(entry)) throw wrongType('manifest.json', where, 'an object', entry);
    if (typeof entry.Config !== 'string') throw wrongType('manifest.json', `${where}.Config`, 'a string', entry.Config);
    return {
      Config: entry.Config,
      // Docker writes `null` for an untagged image.
      RepoTags: entry.RepoTags === undefined || entry.RepoTags === null ? [] : stringList(entry.RepoTags, 'manifest.json', `${where}.RepoTags`),
      Layers: entry.Layers === undefined || entry.Layers === null ? [] : stringList(entry.Layers, 'manifest.json', `${where}.Layers`),
    };
  });
}

/** A descriptor of `document`, checked. */
function descriptor(value: unknown, document: string, field: string): OciDescriptor {
  if (!isRecord(value)) throw wrongType(document, field, 'an object', value);
  optionalString(value, 'mediaType', document, `${field}.mediaType`);
  if (value.digest !== undefined && (typeof value.digest !== 'string' || !DIGEST.test(value.digest))) {
    throw wrongType(document, `${field}.digest`, 'a digest', value.digest);
  }
  for (const key of ['annotations', 'platform']) {
    if (value[key] !== undefined && !isRecord(value[key])) throw wrongType(document, `${field}.${key}`, 'an object', value[key]);
  }
  return value as OciDescriptor;
}

/** Whether a document is an OCI index (it lists manifests), as opposed to an image manifest or a config. */
export function isIndex(value: unknown): boolean {
  return isRecord(value) && value.manifests !== undefined;
}

/** The descriptors an OCI index lists; none for a document that is not an index. */
export function indexManifests(value: unknown, document: string): OciDescriptor[] {
  if (!isRecord(value) || value.manifests === undefined) return [];
  if (!Array.isArray(value.manifests)) throw wrongType(document, 'manifests', 'a list', value.manifests);
  return value.manifests.map((item, index) => descriptor(item, document, `manifests[${index}]`));
}

/** An OCI image manifest, checked: a config descriptor and layer descriptors, each with a digest. */
export function imageManifest(value: unknown, document: string): OciImageManifest {
  if (!isRecord(value)) throw wrongType(document, 'the image manifest', 'an object', value);
  const config = value.config === undefined ? undefined : descriptor(value.config, document, 'config');
  if (!config?.digest) throw new ArchiveFormatError(`${document}: the image manifest names no config`);
  const layers = value.layers === undefined || value.layers === null ? [] : value.layers;
  if (!Array.isArray(layers)) throw wrongType(document, 'layers', 'a list', layers);
  return {
    config: config as OciImageManifest['config'],
    layers: layers.map((item, index) => {
      const layer = descriptor(item, document, `layers[${index}]`);
      if (!layer.digest) throw new ArchiveFormatError(`${document}: layers[${index}] has no digest`);
      return layer as OciImageManifest['layers'][number];
    }),
  };
}

/** An image config, checked for the fields the `ImageConfig` type declares; the rest is kept as it is. */
export function imageConfig(value: unknown, document: string): ImageConfig {
  if (!isRecord(value)) throw wrongType(document, 'the image config', 'an object', value);
  for (const key of ['created', 'architecture', 'os']) optionalString(value, key, document, key);
  if (value.config !== undefined && value.config !== null && !isRecord(value.config)) throw wrongType(document, 'config', 'an object', value.config);
  if (value.rootfs !== undefined) {
    if (!isRecord(value.rootfs)) throw wrongType(document, 'rootfs', 'an object', value.rootfs);
    optionalString(value.rootfs, 'type', document, 'rootfs.type');
    // `"diff_ids": null` (Go's nil list) for an image without layers: no layers.
    if (value.rootfs.diff_ids === null) value.rootfs.diff_ids = [];
    if (value.rootfs.diff_ids !== undefined) stringList(value.rootfs.diff_ids, document, 'rootfs.diff_ids');
  }
  if (value.history === null) delete value.history;
  if (value.history !== undefined) {
    if (!Array.isArray(value.history)) throw wrongType(document, 'history', 'a list', value.history);
    value.history.forEach((entry: unknown, index) => historyEntry(entry, document, `history[${index}]`));
  }
  return value as ImageConfig;
}

function historyEntry(value: unknown, document: string, field: string): HistoryEntry {
  if (!isRecord(value)) throw wrongType(document, field, 'an object', value);
  for (const key of ['created', 'created_by', 'comment', 'author']) optionalString(value, key, document, `${field}.${key}`);
  if (value.empty_layer !== undefined && typeof value.empty_layer !== 'boolean') throw wrongType(document, `${field}.empty_layer`, 'true or false', value.empty_layer);
  return value as HistoryEntry;
}

/**
 * How deeply arrays and objects nest in a JSON text, counted without parsing it (strings skipped),
 * so that a document nested a million levels deep is refused before any recursive code walks it.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
