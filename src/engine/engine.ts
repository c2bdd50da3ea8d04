import type { Readable } from 'node:stream';

/**
 * Which builder runs a build: BuildKit or the classic builder through the engine's API, or BuildKit
 * through the `docker buildx` CLI.
 */
export type BuilderKind = 'buildkit' | 'classic' | 'buildx';

/** A buildx builder, as `docker buildx inspect NAME` describes it (`src/engine/buildx-inspect.ts`). */
export interface BuildxBuilderInfo {
  name: string;
  /** `docker`, `docker-container`, `kubernetes` or `remote`. */
  driver: string;
  /** The first node's endpoint: for the `docker` driver, the docker context whose engine it builds on. */
  endpoint: string;
}

/** What repro-check needs to know about the engine it talks to. */
export interface EngineInfo {
  /** Engine version, e.g. `28.5.2`. */
  version: string;
  /** Highest API version the engine speaks, e.g. `1.51`. */
  apiVersion: string;
  /** Where the engine was reached (socket path or host URL), for error messages. */
  endpoint: string;
  /** Storage driver (`overlay2`, or a containerd snapshotter). */
  storageDriver: string;
  /** `containerd` when the engine keeps images in the containerd image store, `graphdriver` otherwise. */
  imageStore: 'containerd' | 'graphdriver';
  /** Whether builds can use BuildKit through the API. */
  buildkit: boolean;
}

/** One build, as the engine should run it. */
export interface BuildRequest {
  /** The build context as a tar stream; consumed once. */
  context: Readable;
  /** Path of the Dockerfile inside the context. */
  dockerfile: string;
  target?: string;
  buildArgs: Record<string, string>;
  noCache: boolean;
  /** Tag given to the result, so it can be saved and removed by name. */
  tag: string;
  builder: BuilderKind;
  /** With builder `buildx`: the named buildx builder to build through (default: buildx's current one). */
  buildx?: BuildxBuilderInfo;
  /** CPUs the build may use (`cpusetcpus`: the classic builder honours it, BuildKit does not). */
  cpuset?: string;
  /**
   * `false`: no provenance attestation (`--provenance=false`). Through the API BuildKit attaches
   * none anyway; buildx attaches one by default where the store keeps attestations (containerd).
   */
  provenance?: false;
  /** BuildKit exporter outputs, e.g. `[{ type: 'moby', attrs: { 'rewrite-timestamp': 'true' } }]`. */
  outputs?: { type: string; attrs: Record<string, string> }[];
  /** Receives human-readable progress lines as the build runs. */
  onProgress?: (line: string) => void;
}

/** What a finished build left. */
export interface BuildResult {
  /** The image ID the engine reported (`sha256:…`). */
  imageId: string;
  /** The build's output lines (RUN output, steps), most recent last, capped. */
  log: string[];
}

/** The subset of an image inspect that repro-check reads. */
export interface ImageDetails {
  id: string;
  repoTags: string[];
  /** Diff IDs of the image's layers, bottom first. */
  layers: string[];
  created?: string;
  architecture?: string;
  os?: string;
  /** The container config (`Env`, `Cmd`, `Labels`, …) as the engine reports it. */
  config?: Record<string, unknown>;
  /** The image's history, oldest first, in the image config's own form. */
  history: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
}

/** Raised by `save` for an image without layers, which graph-driver engines cannot export. */
export class EmptyImageError extends Error {
  override name = 'EmptyImageError';
}

/**
 * A Docker engine, as small as repro-check needs it. The comparison code never sees this: it gets
 * image archives as streams. Implementations: `DockerEngine` (dockerode, the real API).
 */
export interface Engine {
  info(): Promise<EngineInfo>;
  build(request: BuildRequest): Promise<BuildResult>;
  /** Streams `docker save` of one image. */
  save(ref: string): Promise<Readable>;
  inspect(ref: string): Promise<ImageDetails>;
  /** Removes a tag (and the image, once no tag or container uses it). Missing images are not an error. */
  removeTag(ref: string): Promise<void>;
  /** Tags of the images in a repository (`repro-check-<run>`), to clean up after an interrupted run. */
  tagsOf(repository: string): Promise<string[]>;
  /**
   * Tags `source` as `repository:tag` and pushes that tag to its registry (`verify` pushes its
   * rebuild to read it back with its manifest); `auth` is the registry's user and password, if any.
   */
  push(source: string, repository: string, tag: string, auth?: { username: string; password: string; serveraddress: string }): Promise<void>;
}
