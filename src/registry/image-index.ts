import { RegistryError } from './registry-error.js';

/**
 * The entries of an image index (OCI `application/vnd.oci.image.index.v1+json`, Docker
 * `application/vnd.docker.distribution.manifest.list.v2+json`): one image manifest per platform,
 * and, from BuildKit, an attestation manifest per image (provenance, SBOM), marked by the
 * annotation `vnd.docker.reference.type: attestation-manifest` and the platform `unknown/unknown`.
 */

/** An OS and architecture, as an index entry's `platform` gives them. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** A descriptor of a manifest, checked: digest, size and media type are known. */
export interface ManifestDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations: Record<string, string>;
}

/** An index's entries, set apart. */
export interface IndexEntries {
  /** The images, one per platform. */
  images: ManifestDescriptor[];
  /** Attestation manifests: describe an image, are no image; differ on every build by design. */
  attestations: ManifestDescriptor[];
}

/** The annotation BuildKit puts on attestation manifests, and its value. */
export const REFERENCE_TYPE = 'vnd.docker.reference.type';
export const ATTESTATION_MANIFEST = 'attestation-manifest';

/** The platform picked when none is asked and the index holds several: the common CI runner's. */
export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a descriptor (of an index or a manifest): a media type, a digest and a size are required. */
export function checkDescriptor(value: unknown, where: string): ManifestDescriptor {
  if (!isRecord(value)) throw new RegistryError(`${where} is not an object`);
  const { mediaType, digest, size, platform, annotations } = value;
  if (typeof mediaType !== 'string') throw new RegistryError(`${where} has no mediaType`);
  if (typeof digest !== 'string' || !DIGEST.test(digest)) throw new RegistryError(`${where} has no valid digest`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new RegistryError(`${where} has no valid size`);
  const descriptor: ManifestDescriptor = { mediaType, digest, size, annotations: {} };
  if (isRecord(annotations)) {
    for (const [key, text] of Object.entries(annotations)) if (typeof text === 'string') descriptor.annotations[key] = text;
  }
  if (isRecord(platform)) {
    if (typeof platform.os !== 'string' || typeof platform.architecture !== 'string') throw new RegistryError(`${where}.platform names no os and architecture`);
    descriptor.platform = { os: platform.os, architecture: platform.architecture };
    if (typeof platform.variant === 'string' && platform.variant !== '') descriptor.platform.variant = platform.variant;
  }
  return descriptor;
}

/** Whether an index entry is an attestation manifest rather than an image. */
export function isAttestation(entry: ManifestDescriptor): boolean {
  return entry.annotations[REFERENCE_TYPE] === ATTESTATION_MANIFEST;
}

/** Sorts an index's entries into images and attestation manifests. */
export function indexEntries(value: unknown, where: string): IndexEntries {
  if (!isRecord(value) || !Array.isArray(value.manifests)) throw new RegistryError(`${where} is an index without a manifests list`);
  const entries = value.manifests.map((item, index) => checkDescriptor(item, `${where} manifests[${index}]`));
  return { images: entries.filter((entry) => !isAttestation(entry)), attestations: entries.filter(isAttestation) };
}

/** Parses `os/arch[/variant]` (as `docker --platform` takes it). */
export function parsePlatform(text: string): Platform {
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => !/^[a-z0-9._-]+$/i.test(part))) {
    throw new RegistryError(`${JSON.stringify(text)} is not a platform (OS/ARCH or OS/ARCH/VARIANT, as linux/arm64/v8)`);
  }
  const platform: Platform = { os: parts[0]!.toLowerCase(), architecture: parts[1]!.toLowerCase() };
  if (parts[2]) platform.variant = parts[2].toLowerCase();
  return platform;
}

export function platformText(platform: Platform | undefined): string {
  if (!platform) return 'no platform';
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** The variant an architecture has when none is written (the OCI image index spec's arm64 is v8). */
function variantOf(platform: Platform): string | undefined {
  if (platform.variant) return platform.variant;
  return platform.architecture === 'arm64' ? 'v8' : undefined;
}

function matches(entry: ManifestDescriptor, wanted: Platform): boolean {
  const platform = entry.platform;
  if (!platform || platform.os !== wanted.os || platform.architecture !== wanted.architecture) return false;
  // A platform asked without a variant takes any variant of its architecture.
  return wanted.variant === undefined || variantOf(platform) === variantOf(wanted);
}

/**
 * Picks the image of the platform asked; with none asked, the only image, else linux/amd64. Entries
 * of platform `unknown/unknown` without the attestation annotation are never picked by default
 * (older BuildKit marked attestations that way only). No match is a RegistryError listing what
 * the index holds.
 */
export function selectImage(entries: IndexEntries, wanted: Platform | undefined, where: string): ManifestDescriptor {
  const images = entries.images.filter((entry) => entry.platform?.os !== 'unknown' || wanted?.os === 'unknown');
  let chosen: ManifestDescriptor | undefined;
  if (wanted) chosen = images.find((entry) => matches(entry, wanted));
  else chosen = images.length === 1 ? images[0] : images.find((entry) => matches(entry, DEFAULT_PLATFORM));
  if (chosen) return chosen;
  const held = images.map((entry) => platformText(entry.platform)).join(', ') || 'no image';
  const asked = wanted ? platformText(wanted) : `${platformText(DEFAULT_PLATFORM)} (the default; choose one with --platform)`;
  throw new RegistryError(`${where} has no image for ${asked}; it holds ${held}`);
}
