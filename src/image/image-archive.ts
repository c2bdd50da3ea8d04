import type { FileTree } from '../tree/file-entry.js';
import type { LayerCompression } from './layer-reader.js';

/** The parts of an OCI/Docker image config that repro-check reads; the rest is kept as it is. */
export interface ImageConfig {
  created?: string;
  architecture?: string;
  os?: string;
  config?: Record<string, unknown>;
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: HistoryEntry[];
  [key: string]: unknown;
}

/** One entry of an image config's history. */
export interface HistoryEntry {
  created?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
  author?: string;
}

/** One layer of an image, read from its archive. */
export interface ArchiveLayer {
  /** `sha256:` of the uncompressed tar. */
  diffId: string;
  /** `sha256:` of the blob as stored in the archive. */
  blobDigest: string;
  compression: LayerCompression;
  /** Bytes of the uncompressed tar. */
  size: number;
  /** The layer's own entries (whiteout markers included). */
  tree: FileTree;
  /** Name of the blob in the archive, to find the layer again in a second read of the same image. */
  member: string;
}

/** An image as read from a `docker save` stream (either layout). */
export interface ImageArchive {
  /**
   * `legacy`: `manifest.json` with `<id>/layer.tar` (Docker 24 and older); `oci`: `index.json` and
   * `blobs/` (Docker 25 and newer); `inspect`: no archive at all, the engine's description of an
   * image without layers (which graph-driver engines refuse to export); `registry`: read from a
   * registry's API (`src/registry/`), manifest and blobs one by one.
   */
  layout: 'legacy' | 'oci' | 'inspect' | 'registry';
  /** `sha256:` of the config blob: the image ID of the graph-driver store. */
  configDigest: string;
  config: ImageConfig;
  /** Layers bottom first, in the order of the config's `rootfs.diff_ids`. */
  layers: ArchiveLayer[];
  repoTags: string[];
  /** Digests of the attestation manifests (provenance, SBOM) stored beside the image, sorted. */
  attestations: string[];
}
