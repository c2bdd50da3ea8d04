import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { ArchiveFormatError, archiveMembers, asArchiveError, isBlobMember, linkTargetOf } from './archive-members.js';
import { imageConfig, imageManifest, indexManifests, isIndex, jsonDepth, manifestJsonEntries } from './archive-json.js';
import { quote } from './error-text.js';
import type { ContentSide } from './content-keeper.js';
import type { ArchiveLayer, ImageArchive } from './image-archive.js';
import { readLayer, type LayerRead, type ReadLayerOptions } from './layer-reader.js';
import { readHead, rejoin, sniffBlob } from './peek-stream.js';
import { JSON_DEPTH_LIMIT, JSON_LIMIT, JSON_TOTAL_LIMIT, readCapped, SizeLimitError } from './stream-limits.js';

/** Options for `readImageArchive`. */
export interface ReadArchiveOptions {
  /** Which image of a multi-image archive to read (a repo tag); default the first. */
  image?: string;
  /** Keeps the content of files that may differ from the other image of a pair, read at the same time. */
  content?: ContentSide;
  /**
   * The stream is the engine's own `docker save`: an OCI blob's name (`blobs/sha256/<hex>`) is taken
   * as its digest rather than computed again. The engine computed it when it stored the layer, and
   * the config's diff IDs are still checked against it. Archive files, which anyone can shape, are
   * hashed in full.
   */
  trustBlobNames?: boolean;
}

interface JsonDoc {
  value: unknown;
  digest: string;
}

/** What one pass over the archive's members keeps. */
interface Members {
  json: Map<string, JsonDoc>;
  layers: Map<string, LayerRead>;
  /** Links between members: name → target. */
  aliases: Map<string, string>;
  /** Blobs that are neither JSON nor a tar, kept by name only, to say so when one is asked for. */
  others: Set<string>;
  /** Bytes of all JSON documents kept so far. */
  jsonBytes: number;
}

/**
 * Reads a `docker save` stream in one pass, without writing it anywhere: small JSON documents are
 * kept, every layer blob is parsed as it streams by, and the image is assembled at the end (the
 * archive's own index comes last in Docker's output, so blobs cannot be identified before). Every
 * failure is an ArchiveFormatError (its `cause` the LayerFormatError or SizeLimitError behind it,
 * if any) whose message names the member at fault; on failure, `source` is destroyed.
 */
export async function readImageArchive(source: Readable, options: ReadArchiveOptions = {}): Promise<ImageArchive> {
  const members: Members = { json: new Map(), layers: new Map(), aliases: new Map(), others: new Set(), jsonBytes: 0 };
  try {
    await readMembers(source, members, options);
  } catch (error) {
    // What is left of the stream (an engine's `docker save`) would otherwise stay open and paused.
    source.destroy();
    throw asArchiveError(error);
  }
  return assemble(members, options);
}

/** Sorts the archive's members into JSON documents, parsed layers and links. */
async function readMembers(source: Readable, members: Members, options: ReadArchiveOptions): Promise<void> {
  for await (const member of archiveMembers(source)) {
    const { name, header, stream } = member;
    if (header.type === 'symlink' || header.type === 'link') {
      members.aliases.set(name, linkTargetOf(member));
      stream.resume();
    } else if (header.type !== 'file' && header.type !== 'contiguous-file') {
      stream.resume();
    } else if (name.endsWith('.json') || name === 'oci-layout' || name === 'repositories') {
      members.json.set(name, await readJson(stream, name, members));
    } else if (isBlobMember(name)) {
      const start = await readHead(stream, 512);
      const kind = sniffBlob(start.head);
      if (kind === 'json') members.json.set(name, await readJson(rejoin(start, stream), name, members));
      else if (kind === 'unknown' && start.head.length > 0) {
        members.others.add(name);
        stream.resume();
      } else {
        const blobDigest = options.trustBlobNames ? digestOfName(name) : undefined;
        members.layers.set(name, await readLayerMember(stream, name, { start, content: options.content?.forLayer(name) ?? undefined, blobDigest }));
      }
    } else {
      stream.resume();
    }
  }
}

/** The digest an OCI blob's name gives (`blobs/sha256/<hex>`), or undefined for other names. */
function digestOfName(name: string): string | undefined {
  const match = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(name);
  return match ? `sha256:${match[1]}` : undefined;
}

async function readLayerMember(stream: Readable, name: string, options: ReadLayerOptions): Promise<LayerRead> {
  try {
    return await readLayer(stream, options);
  } catch (error) {
    throw new ArchiveFormatError(`layer ${quote(name)}: ${(error as Error).message}`, { cause: error });
  }
}

async function readJson(stream: Readable, name: string, members: Members): Promise<JsonDoc> {
  const raw = await readCapped(stream, JSON_LIMIT, quote(name));
  members.jsonBytes += raw.length;
  // Every document is kept to the end: cap them together, or a compressed archive of many could fill memory.
  if (members.jsonBytes > JSON_TOTAL_LIMIT) throw new SizeLimitError('the JSON documents of the image archive together', JSON_TOTAL_LIMIT);
  const text = raw.toString('utf8');
  // Parsing is not recursive, but the code that compares configs is.
  if (jsonDepth(text) > JSON_DEPTH_LIMIT) throw new ArchiveFormatError(`${quote(name)} nests arrays and objects deeper than ${JSON_DEPTH_LIMIT} levels`);
  try {
    return { value: JSON.parse(text), digest: 'sha256:' + createHash('sha256').update(raw).digest('hex') };
  } catch {
    throw new ArchiveFormatError(`${quote(name)} is not valid JSON`);
  }
}

function assemble(members: Members, options: ReadArchiveOptions): ImageArchive {
  const { json, layers, aliases } = members;
  const layout = json.has('index.json') || json.has('oci-layout') ? 'oci' : 'legacy';
  const { configPath, layerPaths, repoTags } = locateImage(json, options);
  const configMember = resolveLink(aliases, configPath);
  const configDoc = json.get(configMember);
  if (!configDoc) throw new ArchiveFormatError(`the image config ${quote(configPath)} ${whyMissing(members, configMember, 'JSON')}`);
  const config = imageConfig(configDoc.value, quote(configPath));
  const archiveLayers: ArchiveLayer[] = layerPaths.map((path) => {
    const member = resolveLink(aliases, path);
    const layer = layers.get(member);
    if (!layer) throw new ArchiveFormatError(`layer ${quote(path)} ${json.has(member) ? 'is JSON, not a tar' : whyMissing(members, member, 'a tar')}`);
    return { diffId: layer.diffId, blobDigest: layer.blobDigest, compression: layer.compression, size: layer.size, tree: layer.tree, member };
  });
  const diffIds = config.rootfs?.diff_ids ?? [];
  archiveLayers.forEach((layer, index) => {
    if (diffIds[index] !== undefined && diffIds[index] !== layer.diffId) {
      throw new ArchiveFormatError(`layer ${index} does not match the config: diff ID ${layer.diffId}, config says ${quote(diffIds[index])}`);
    }
  });
  return { layout, configDigest: configDoc.digest, config, layers: archiveLayers, repoTags, attestations: findAttestations(json) };
}

/** Why a member that the manifest names was not found among the kept documents or layers. */
function whyMissing(members: Members, member: string, expected: string): string {
  if (members.others.has(member)) return `is not ${expected}`;
  return 'is missing from the archive';
}

/** Follows links between members (legacy archives link identical layers) to the member that holds the data. */
function resolveLink(aliases: Map<string, string>, path: string): string {
  let current = posix.normalize(path);
  const seen = new Set<string>();
  while (aliases.has(current)) {
    if (seen.has(current)) throw new ArchiveFormatError(`archive member ${quote(path)} is a link that leads back to itself`);
    seen.add(current);
    current = aliases.get(current)!;
  }
  return current;
}

/**
 * Lists the attestation manifests (provenance, SBOM) the OCI index holds beside the image. BuildKit
 * makes them differ on every build by design, so they are reported apart from the image itself.
 * Each index is visited once: a blob's name is not checked against its content, so indexes can
 * list each other, or themselves, many times over.
 */
function findAttestations(json: Map<string, JsonDoc>): string[] {
  const found = new Set<string>();
  const visited = new Set<string>();
  const visit = (document: string, depth: number) => {
    if (visited.has(document)) return;
    visited.add(document);
    for (const descriptor of indexManifests(json.get(document)?.value, quote(document))) {
      if (!descriptor.digest) continue;
      if (descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') found.add(descriptor.digest);
      else if (depth < 4) visit(blobPath(descriptor.digest), depth + 1);
    }
  };
  visit('index.json', 0);
  return [...found].sort();
}

/** Finds the config and layer paths of the wanted image, from `manifest.json` or the OCI index. */
function locateImage(
  json: Map<string, JsonDoc>,
  options: ReadArchiveOptions,
): { configPath: string; layerPaths: string[]; repoTags: string[] } {
  const entries = manifestJsonEntries(json.get('manifest.json')?.value);
  if (entries) {
    const chosen = options.image ? entries.find((e) => e.RepoTags.includes(options.image!)) : entries[0];
    if (!chosen) throw new ArchiveFormatError(`manifest.json has no image ${quote(options.image)}`);
    return { configPath: chosen.Config, layerPaths: chosen.Layers, repoTags: chosen.RepoTags };
  }
  if (!json.has('index.json')) throw new ArchiveFormatError('not an image archive: neither manifest.json nor index.json found');
  const manifestDocument = followIndex(json, 'index.json', options, 0);
  const manifest = imageManifest(json.get(manifestDocument)!.value, quote(manifestDocument));
  return {
    configPath: blobPath(manifest.config.digest),
    layerPaths: manifest.layers.map((layer) => blobPath(layer.digest)),
    repoTags: [],
  };
}

/** Follows nested OCI indexes down to the first image manifest (attestations are skipped); returns its member name. */
function followIndex(json: Map<string, JsonDoc>, document: string, options: ReadArchiveOptions, depth: number, seen = new Set<string>()): string {
  if (seen.has(document)) throw new ArchiveFormatError(`the OCI index ${quote(document)} lists itself (a loop of indexes)`);
  seen.add(document);
  if (depth > 4) throw new ArchiveFormatError(`OCI index nesting is too deep (more than 4 levels below index.json, at ${quote(document)})`);
  const candidates = indexManifests(json.get(document)?.value, quote(document)).filter(
    (m) => m.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest' && m.platform?.architecture !== 'unknown',
  );
  const chosen =
    (options.image ? candidates.find((m) => m.annotations?.['io.containerd.image.name'] === options.image || m.annotations?.['org.opencontainers.image.ref.name'] === options.image) : undefined) ??
    candidates[0];
  if (!chosen?.digest) throw new ArchiveFormatError(`the OCI index ${quote(document)} lists no image manifest`);
  const next = blobPath(chosen.digest);
  const doc = json.get(next);
  if (!doc) throw new ArchiveFormatError(`manifest ${quote(chosen.digest)} is missing from the archive`);
  if (isIndex(doc.value)) return followIndex(json, next, options, depth + 1, seen);
  return next;
}

/** The member of a blob (a digest checked against the OCI grammar, so it holds one `:`). */
function blobPath(digest: string): string {
  const colon = digest.indexOf(':');
  return `blobs/${digest.slice(0, colon)}/${digest.slice(colon + 1)}`;
}
