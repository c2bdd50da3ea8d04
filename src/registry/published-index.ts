import { JSON_LIMIT } from '../image/stream-limits.js';
import { checkDescriptor, indexEntries, type ManifestDescriptor } from './image-index.js';
import { registryClientFor, type RegistryAccess } from './registry-access.js';
import { RegistryError } from './registry-error.js';
import { INDEX_TYPES } from './registry-client.js';

/**
 * The top of a published image, read before its layers: what the reference names (an index or one
 * manifest), the index's platform images and attestation manifests, and BuildKit's provenance of
 * an image, the statement `verify` recovers the build's settings from.
 */

/** The annotation BuildKit puts on an attestation manifest: the digest of the image it describes. */
export const REFERENCE_DIGEST = 'vnd.docker.reference.digest';
/** The annotation on an attestation manifest's layer naming its in-toto predicate type. */
export const PREDICATE_TYPE = 'in-toto.io/predicate-type';
/** SLSA provenance predicate types (v0.2 and v1) that BuildKit writes. */
const PROVENANCE = /^https:\/\/slsa\.dev\/provenance\/v/;

/** What a reference names. */
export interface PublishedTop {
  /** The digest of what the reference names. */
  digest: string;
  mediaType: string;
  /** Whether it is an index (of platform images and attestations) rather than one image manifest. */
  isIndex: boolean;
  /** The index's images (empty for a single manifest). */
  images: ManifestDescriptor[];
  /** The index's attestation manifests. */
  attestations: ManifestDescriptor[];
  /** The provenance statement of the image with this manifest digest, or null when the index holds none. */
  provenance: (imageDigest: string) => Promise<unknown>;
  /** The config of an image manifest (by digest; the reference's own when it names a manifest), parsed JSON. */
  config: (manifestDigest: string) => Promise<{ created?: unknown; os?: unknown; architecture?: unknown; variant?: unknown }>;
}

/** Where the registry is and how to read it (as `readRegistryImage` takes them). */
export type PublishedOptions = RegistryAccess;


/** Reads what `docker://HOST/NAME@DIGEST` names; RegistryError when it cannot be read. */
export async function readPublishedTop(text: string, options: PublishedOptions = {}): Promise<PublishedTop> {
  const { reference, client } = registryClientFor(text, options);
  const top = await client.manifest(reference.digest ?? reference.tag!);
  const value = top.value as { manifests?: unknown; config?: unknown } | null;
  const isIndex = INDEX_TYPES.has(top.mediaType) || (Array.isArray(value?.manifests) && value?.config === undefined);
  const entries = isIndex ? indexEntries(top.value, `${client.where} index ${top.digest}`) : { images: [], attestations: [] };
  return {
    digest: top.digest,
    mediaType: top.mediaType,
    isIndex,
    ...entries,
    config: async (manifestDigest) => {
      const manifest = manifestDigest === top.digest ? top : await client.manifest(manifestDigest);
      const descriptor = checkDescriptor((manifest.value as { config?: unknown }).config, `${client.where} manifest ${manifestDigest} config`);
      const bytes = await client.blobBytes(descriptor, 'config', JSON_LIMIT);
      try {
        return JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      } catch {
        throw new RegistryError(`${client.where} config ${descriptor.digest} is not valid JSON`);
      }
    },
    provenance: async (imageDigest) => {
      const attestation = entries.attestations.find((entry) => entry.annotations[REFERENCE_DIGEST] === imageDigest);
      if (!attestation) return null;
      const manifest = await client.manifest(attestation.digest, attestation);
      const layers = (manifest.value as { layers?: unknown }).layers;
      if (!Array.isArray(layers)) throw new RegistryError(`${client.where} attestation manifest ${attestation.digest} has no layers list`);
      const descriptors = layers.map((item, index) => checkDescriptor(item, `${client.where} attestation manifest ${attestation.digest} layers[${index}]`));
      const statement = descriptors.find((layer) => PROVENANCE.test(layer.annotations[PREDICATE_TYPE] ?? ''));
      if (!statement) return null;
      const bytes = await client.blobBytes(statement, 'provenance statement', JSON_LIMIT);
      try {
        return JSON.parse(bytes.toString('utf8')) as unknown;
      } catch {
        throw new RegistryError(`${client.where} provenance statement ${statement.digest} is not valid JSON`);
      }
    },
  };
}
