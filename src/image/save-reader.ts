import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { ArchiveFormatError, archiveMembers, asArchiveError, isBlobMember, linkTargetOf } from './archive-members.js';
import type { ArchiveLayer, ImageArchive, ImageConfig } from './image-archive.js';
import { readLayer, type LayerRead } from './layer-reader.js';
import { peekStream, sniffBlob } from './peek-stream.js';
import { JSON_LIMIT, readCapped } from './stream-limits.js';

/** Options for `readImageArchive`. */
export interface ReadArchiveOptions {
  /** Which image of a multi-image archive to read (a repo tag); default the first. */
  image?: string;
}

interface JsonDoc {
  value: unknown;
  digest: string;
}

interface ManifestJsonEntry {
  Config?: string;
  RepoTags?: string[] | null;
  Layers?: string[];
}

interface OciDescriptor {
  mediaType?: string;
  digest?: string;
  annotations?: Record<string, string>;
  platform?: { architecture?: string; os?: string };
}

/**
 * Reads a `docker save` stream in one pass, without writing it anywhere: small JSON documents are
 * kept, every layer blob is parsed as it streams by, and the image is assembled at the end (the
 * archive's own index comes last in Docker's output, so blobs cannot be identified before).
 */
export async function readImageArchive(source: Readable, options: ReadArchiveOptions = {}): Promise<ImageArchive> {
  const json = new Map<string, JsonDoc>();
  const layers = new Map<string, LayerRead>();
  const aliases = new Map<string, string>();
  try {
    await readMembers(source, json, layers, aliases);
  } catch (error) {
    throw asArchiveError(error);
  }
  return assemble(json, layers, aliases, options);
}

/** Sorts the archive's members into JSON documents, parsed layers and links. */
async function readMembers(source: Readable, json: Map<string, JsonDoc>, layers: Map<string, LayerRead>, aliases: Map<string, string>): Promise<void> {
  for await (const member of archiveMembers(source)) {
    const { name, header, stream } = member;
    if (header.type === 'symlink' || header.type === 'link') {
      aliases.set(name, linkTargetOf(member));
      stream.resume();
    } else if (header.type !== 'file' && header.type !== 'contiguous-file') {
      stream.resume();
    } else if (name.endsWith('.json') || name === 'oci-layout' || name === 'repositories') {
      json.set(name, await readJson(stream, name));
    } else if (isBlobMember(name)) {
      const peeked = await peekStream(stream, 512);
      const kind = sniffBlob(peeked.head);
      if (kind === 'json') json.set(name, await readJson(peeked.stream, name));
      else if (kind === 'unknown' && peeked.head.length > 0) peeked.stream.resume();
      else layers.set(name, await readLayer(peeked.stream));
    } else {
      stream.resume();
    }
  }
}

async function readJson(stream: Readable, name: string): Promise<JsonDoc> {
  const raw = await readCapped(stream, JSON_LIMIT, name);
  try {
    return { value: JSON.parse(raw.toString('utf8')), digest: 'sha256:' + createHash('sha256').update(raw).digest('hex') };
  } catch {
    throw new ArchiveFormatError(`${name} is not valid JSON`);
  }
}

function assemble(
  json: Map<string, JsonDoc>,
  layers: Map<string, LayerRead>,
  aliases: Map<string, string>,
  options: ReadArchiveOptions,
): ImageArchive {
  const resolve = (path: string) => {
    let current = posix.normalize(path);
    for (let hops = 0; aliases.has(current) && hops < 32; hops++) current = aliases.get(current)!;
    return current;
  };
  const layout = json.has('index.json') || json.has('oci-layout') ? 'oci' : 'legacy';
  const { configPath, layerPaths, repoTags } = locateImage(json, options);
  const configDoc = json.get(resolve(configPath));
  if (!configDoc) throw new ArchiveFormatError(`the image config ${configPath} is missing from the archive`);
  const config = configDoc.value as ImageConfig;
  const archiveLayers: ArchiveLayer[] = layerPaths.map((path) => {
    const member = resolve(path);
    const layer = layers.get(member);
    if (!layer) throw new ArchiveFormatError(`layer ${path} is missing from the archive`);
    return { diffId: layer.diffId, blobDigest: layer.blobDigest, compression: layer.compression, size: layer.size, tree: layer.tree, member };
  });
  const diffIds = config.rootfs?.diff_ids ?? [];
  archiveLayers.forEach((layer, index) => {
    if (diffIds[index] !== undefined && diffIds[index] !== layer.diffId) {
      throw new ArchiveFormatError(`layer ${index} does not match the config: diff ID ${layer.diffId}, config says ${diffIds[index]}`);
    }
  });
  return { layout, configDigest: configDoc.digest, config, layers: archiveLayers, repoTags, attestations: findAttestations(json) };
}

/**
 * Lists the attestation manifests (provenance, SBOM) the OCI index holds beside the image. BuildKit
 * makes them differ on every build by design, so they are reported apart from the image itself.
 */
function findAttestations(json: Map<string, JsonDoc>): string[] {
  const found: string[] = [];
  const visit = (index: { manifests?: OciDescriptor[] } | undefined, depth: number) => {
    for (const descriptor of index?.manifests ?? []) {
      if (!descriptor.digest) continue;
      if (descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') found.push(descriptor.digest);
      else if (depth < 4) visit(json.get(blobPath(descriptor.digest))?.value as { manifests?: OciDescriptor[] } | undefined, depth + 1);
    }
  };
  visit(json.get('index.json')?.value as { manifests?: OciDescriptor[] } | undefined, 0);
  return [...new Set(found)].sort();
}

/** Finds the config and layer paths of the wanted image, from `manifest.json` or the OCI index. */
function locateImage(
  json: Map<string, JsonDoc>,
  options: ReadArchiveOptions,
): { configPath: string; layerPaths: string[]; repoTags: string[] } {
  const manifest = json.get('manifest.json')?.value;
  if (Array.isArray(manifest) && manifest.length > 0) {
    const entries = manifest as ManifestJsonEntry[];
    const chosen = options.image ? entries.find((e) => e.RepoTags?.includes(options.image!)) : entries[0];
    if (!chosen?.Config) throw new ArchiveFormatError(`manifest.json has no image ${options.image ?? ''}`.trim());
    return { configPath: chosen.Config, layerPaths: chosen.Layers ?? [], repoTags: chosen.RepoTags ?? [] };
  }
  const index = json.get('index.json')?.value as { manifests?: OciDescriptor[] } | undefined;
  if (!index) throw new ArchiveFormatError('not an image archive: neither manifest.json nor index.json found');
  const manifestDoc = followIndex(json, index, options, 0);
  const imageManifest = manifestDoc.value as { config?: OciDescriptor; layers?: OciDescriptor[] };
  if (!imageManifest.config?.digest) throw new ArchiveFormatError('the image manifest names no config');
  return {
    configPath: blobPath(imageManifest.config.digest),
    layerPaths: (imageManifest.layers ?? []).map((layer) => blobPath(layer.digest ?? '')),
    repoTags: [],
  };
}

/** Follows nested OCI indexes down to the first image manifest (attestations are skipped). */
function followIndex(
  json: Map<string, JsonDoc>,
  index: { manifests?: OciDescriptor[] },
  options: ReadArchiveOptions,
  depth: number,
): JsonDoc {
  if (depth > 4) throw new ArchiveFormatError('OCI index nesting is too deep');
  const candidates = (index.manifests ?? []).filter(
    (m) => m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest' && m.platform?.architecture !== 'unknown',
  );
  const chosen =
    (options.image ? candidates.find((m) => m.annotations?.['io.containerd.image.name'] === options.image || m.annotations?.['org.opencontainers.image.ref.name'] === options.image) : undefined) ??
    candidates[0];
  if (!chosen?.digest) throw new ArchiveFormatError('the OCI index lists no image manifest');
  const doc = json.get(blobPath(chosen.digest));
  if (!doc) throw new ArchiveFormatError(`manifest ${chosen.digest} is missing from the archive`);
  const value = doc.value as { manifests?: OciDescriptor[]; config?: unknown };
  if (Array.isArray(value.manifests)) return followIndex(json, value, options, depth + 1);
  return doc;
}

function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return `blobs/${algorithm}/${hex}`;
}
