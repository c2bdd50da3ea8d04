import type { Readable } from 'node:stream';
import { imageConfig, jsonDepth } from '../image/archive-json.js';
import type { ContentSide } from '../image/content-keeper.js';
import type { ArchiveLayer, ImageArchive, ImageConfig } from '../image/image-archive.js';
import { readLayer } from '../image/layer-reader.js';
import { JSON_DEPTH_LIMIT, JSON_LIMIT } from '../image/stream-limits.js';
import { checkDescriptor, indexEntries, parsePlatform, selectImage, type ManifestDescriptor } from './image-index.js';
import { layerArchive, type RegistryLayer } from './layer-archive.js';
import { registryClientFor, type RegistryAccess } from './registry-access.js';
import { INDEX_TYPES, type FetchedManifest, type RegistryClient } from './registry-client.js';
import { RegistryError } from './registry-error.js';

/** Where and how to read a registry image. */
export interface RegistryImageOptions extends RegistryAccess {
  /** `os/arch[/variant]` to pick from an index; default: the only image, else linux/amd64. */
  platform?: string;
  /** Keeps the content of files that may differ from the other image of a pair, read at the same time. */
  content?: ContentSide;
  /** Bytes read so far (blobs as sent), for progress displays. */
  onBytes?: (total: number) => void;
}

/** A registry image read in full. */
export interface RegistryImage {
  archive: ImageArchive;
  /** Digest of the image manifest read (of the platform's manifest, for an index). */
  manifestDigest: string;
  /** Digest of what the reference names: the index, or the manifest itself. */
  referenceDigest: string;
  /** Fetches layers again as an archive stream with OCI member names (only `wanted` ones, when given). */
  reopen: (wanted?: ReadonlySet<string>) => Promise<Readable>;
}

const CONFIG_TYPES = new Set(['application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json']);
/** Layer media types: OCI (plain, gzip, zstd, non-distributable) and Docker (plain and foreign). */
const LAYER_TYPE = /^application\/vnd\.(?:oci\.image\.layer(?:\.nondistributable)?\.v1\.tar(?:\+gzip|\+zstd)?|docker\.image\.rootfs\.(?:foreign\.)?diff\.tar(?:\.gzip)?)$/;
/** Indexes below the one a reference names, at most (real ones nest one level, if at all). */
const INDEX_DEPTH = 4;

/**
 * Reads an image from a registry, `docker://HOST/NAME[:TAG|@DIGEST]`, into the same model a
 * `docker save` stream gives: the manifest (an index is followed to the platform's image), the
 * config, and every layer streamed once through the layer reader, in order, with the same limits.
 * Every document and blob is checked against its digest and size as it arrives; a mismatch, a
 * connection that breaks or a document past its limit is a RegistryError naming it, and nothing is
 * returned. Credentials come from Docker's `config.json` (see `findCredentials`) when the registry
 * asks for them.
 */
export async function readRegistryImage(text: string, options: RegistryImageOptions = {}): Promise<RegistryImage> {
  const { reference, client } = registryClientFor(text, options);
  const platform = options.platform ? parsePlatform(options.platform) : undefined;
  const top = await client.manifest(reference.digest ?? reference.tag!);
  const { manifest, attestations } = await followIndexes(client, top, platform);
  const { configDescriptor, layers } = manifestParts(manifest, `${client.where} manifest ${manifest.digest}`);
  let total = 0;
  const onBytes = (count: number) => {
    total += count;
    options.onBytes?.(total);
  };
  const configBytes = await client.blobBytes(configDescriptor, 'config', JSON_LIMIT);
  onBytes(configBytes.length);
  const config = parseConfig(configBytes, `${client.where} config ${configDescriptor.digest}`);
  // The keeper skips a member both images have at the same position; on this side members are
  // blobs, so the list is of blob digests (an uncompressed blob's is its diff ID, as in a save).
  options.content?.expectLayers(layers.map((layer) => layer.digest));
  const archiveLayers: ArchiveLayer[] = [];
  for (const [index, layer] of layers.entries()) archiveLayers.push(await readRegistryLayer(client, layer, index, options.content, onBytes));
  checkDiffIds(config.rootfs?.diff_ids ?? [], archiveLayers, client.where);
  return {
    archive: { layout: 'registry', configDigest: configDescriptor.digest, config, layers: archiveLayers, repoTags: [], attestations: [...new Set(attestations)].sort() },
    manifestDigest: manifest.digest,
    referenceDigest: top.digest,
    reopen: async (wanted) => layerArchive(client, layers, wanted),
  };
}

/** Follows indexes down to the image manifest of the platform; collects the attestation manifests met. */
async function followIndexes(client: RegistryClient, top: FetchedManifest, platform: ReturnType<typeof parsePlatform> | undefined): Promise<{ manifest: FetchedManifest; attestations: string[] }> {
  const attestations: string[] = [];
  let current = top;
  for (let depth = 0; isIndex(current); depth++) {
    if (depth >= INDEX_DEPTH) throw new RegistryError(`${client.where}: indexes nest deeper than ${INDEX_DEPTH} levels`);
    const where = `${client.where} index ${current.digest}`;
    const entries = indexEntries(current.value, where);
    attestations.push(...entries.attestations.map((entry) => entry.digest));
    const chosen = selectImage(entries, platform, where);
    current = await client.manifest(chosen.digest, chosen);
  }
  return { manifest: current, attestations };
}

function isIndex(manifest: FetchedManifest): boolean {
  if (INDEX_TYPES.has(manifest.mediaType)) return true;
  const value = manifest.value as { manifests?: unknown; layers?: unknown; config?: unknown } | null;
  // Neither media type nor content says manifest: an index if it lists manifests.
  return typeof value === 'object' && value !== null && Array.isArray(value.manifests) && value.config === undefined;
}

/** The config and layer descriptors of an image manifest, checked. */
function manifestParts(manifest: FetchedManifest, where: string): { configDescriptor: ManifestDescriptor; layers: RegistryLayer[] } {
  const value = manifest.value as { schemaVersion?: unknown; config?: unknown; layers?: unknown } | null;
  if (typeof value !== 'object' || value === null) throw new RegistryError(`${where} is not an object`);
  if (value.schemaVersion === 1) throw new RegistryError(`${where} is a schema 1 manifest, which is deprecated and not read; push the image again with a current engine`);
  if (value.config === undefined) throw new RegistryError(`${where} is not an image manifest (${manifest.mediaType || 'no media type'}, no config)`);
  const configDescriptor = checkDescriptor(value.config, `${where} config`);
  if (!CONFIG_TYPES.has(configDescriptor.mediaType)) throw new RegistryError(`${where} is not an image: its config is ${configDescriptor.mediaType}`);
  const layers = value.layers === undefined || value.layers === null ? [] : value.layers;
  if (!Array.isArray(layers)) throw new RegistryError(`${where} layers is not a list`);
  return {
    configDescriptor,
    layers: layers.map((item, index) => {
      const layer = checkDescriptor(item, `${where} layers[${index}]`);
      if (!LAYER_TYPE.test(layer.mediaType)) throw new RegistryError(`${where} layers[${index}] is not a layer tar (${layer.mediaType})`);
      const colon = layer.digest.indexOf(':');
      return { member: `blobs/${layer.digest.slice(0, colon)}/${layer.digest.slice(colon + 1)}`, digest: layer.digest, size: layer.size };
    }),
  };
}

/** The image config, checked as a save archive's is (`imageConfig`, an ArchiveFormatError naming it when wrong). */
function parseConfig(bytes: Buffer, where: string): ImageConfig {
  const text = bytes.toString('utf8');
  if (jsonDepth(text) > JSON_DEPTH_LIMIT) throw new RegistryError(`${where} nests arrays and objects deeper than ${JSON_DEPTH_LIMIT} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RegistryError(`${where} is not valid JSON`);
  }
  return imageConfig(value, where);
}

/** Streams one layer blob through the layer reader, checked against its descriptor while it passes. */
async function readRegistryLayer(client: RegistryClient, layer: RegistryLayer, index: number, content: ContentSide | undefined, onBytes: (count: number) => void): Promise<ArchiveLayer> {
  const blob = await client.openBlob(layer, `layer ${index}`, onBytes);
  try {
    // The verifier hashes the blob: the layer reader need not hash it again (it hashes the tar).
    const read = await readLayer(blob, { content: content?.forLayer(layer.member) ?? undefined, blobDigest: layer.digest });
    return { diffId: read.diffId, blobDigest: read.blobDigest, compression: read.compression, size: read.size, tree: read.tree, member: layer.member };
  } catch (error) {
    if (blob.failure) throw blob.failure;
    if (error instanceof RegistryError) throw error;
    throw new RegistryError(`layer ${index} ${layer.digest} of ${client.where}: ${(error as Error).message}`, { cause: error });
  }
}

function checkDiffIds(diffIds: readonly string[], layers: readonly ArchiveLayer[], where: string): void {
  if (diffIds.length !== layers.length) throw new RegistryError(`${where}: the manifest lists ${layers.length} layers, the config ${diffIds.length} diff IDs`);
  layers.forEach((layer, index) => {
    if (diffIds[index] !== layer.diffId) throw new RegistryError(`${where}: layer ${index} does not match the config: diff ID ${layer.diffId}, config says ${diffIds[index]}`);
  });
}
