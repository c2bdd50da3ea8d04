import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import { BuildFailedError, CheckAbortedError, EngineConnectionError, EngineUnreachableError } from './build-errors.js';
import { followBuildStream } from './build-stream.js';
import { buildWithBuildx } from './buildx-builder.js';
import { EmptyImageError, type BuildRequest, type BuildResult, type Engine, type EngineInfo, type ImageDetails } from './engine.js';

/** Where dockerode will connect, in words for error messages. */
function describeEndpoint(): string {
  return process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';
}

/** One item of `GET /images/{name}/history`. */
interface EngineHistoryItem {
  Created: number;
  CreatedBy: string;
  Comment?: string;
  Size: number;
}

/** The error engine 28 reports after exporting an image with rewrite-timestamp on the containerd store. */
const REWRITE_CONFLICT = /rewrite-timestamp.*conflicts with .?unpack/;

/** Error codes that mean nothing answers at the endpoint. */
const UNREACHABLE_CODES = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENOTFOUND']);
/** Error codes that mean the engine answered, then went away in the middle of a request. */
const DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** The real engine, through dockerode, which honours DOCKER_HOST (unix, tcp, ssh) and DOCKER_CERT_PATH. */
export class DockerEngine implements Engine {
  private readonly docker: Docker;
  private readonly signal: AbortSignal | undefined;
  private cachedInfo: Promise<EngineInfo> | undefined;

  /**
   * `signal` stops every build and save in flight when it aborts (a timeout or an interrupt);
   * removals still go through, so a stopped check can clean up after itself.
   */
  constructor(docker: Docker = new Docker(), options: { signal?: AbortSignal } = {}) {
    this.docker = docker;
    this.signal = options.signal;
  }

  info(): Promise<EngineInfo> {
    this.cachedInfo ??= this.loadInfo();
    return this.cachedInfo;
  }

  private async loadInfo(): Promise<EngineInfo> {
    const endpoint = describeEndpoint();
    let version: Docker.DockerVersion;
    let info: { Driver?: string; DriverStatus?: [string, string][]; OSType?: string };
    try {
      [version, info] = await Promise.all([this.docker.version(), this.docker.info() as Promise<typeof info>]);
    } catch (error) {
      throw this.translate(error, 'connect');
    }
    const driverType = info.DriverStatus?.find(([key]) => key === 'driver-type')?.[1] ?? '';
    const [major = 0, minor = 0] = (version.ApiVersion ?? '0.0').split('.').map(Number);
    return {
      version: version.Version,
      apiVersion: version.ApiVersion,
      endpoint,
      storageDriver: info.Driver ?? 'unknown',
      imageStore: driverType.includes('snapshotter') ? 'containerd' : 'graphdriver',
      // BuildKit is served through the API from 1.39 (engine 18.09) on Linux engines.
      buildkit: (major > 1 || (major === 1 && minor >= 39)) && (info.OSType ?? 'linux') === 'linux',
    };
  }

  async build(request: BuildRequest): Promise<BuildResult> {
    try {
      this.throwIfAborted();
      if (request.builder !== 'buildx') return await this.buildThroughApi(request);
      const built = await buildWithBuildx(request, 'docker', this.signal);
      return request.buildx ? { ...built, imageId: await this.loadedImage(request.tag, request.buildx.name, request.buildx.driver) } : built;
    } catch (error) {
      this.throwIfAborted();
      // Engine 28 with the containerd store exports and tags the image with rewrite-timestamp, then
      // fails the build with 'exporter option "rewrite-timestamp" conflicts with "unpack"'. The
      // tagged image is complete (two such builds give the same ID), so it is taken, with a warning.
      if (error instanceof BuildFailedError && request.outputs && REWRITE_CONFLICT.test(error.message)) {
        const imageId = await this.docker
          .getImage(request.tag)
          .inspect()
          .then((details) => details.Id)
          .catch(() => undefined);
        if (imageId) return { imageId, log: [...error.outputTail, `WARNING: ${error.message} (the image was exported and tagged)`] };
      }
      throw error;
    }
  }

  /**
   * The engine's ID of an image a named buildx builder made. Its iidfile may name the manifest
   * rather than the config, and a `docker`-driver builder of another context puts the image into
   * that context's engine, where it cannot be read: said here rather than as a failed save.
   */
  private async loadedImage(tag: string, builder: string, driver: string): Promise<string> {
    try {
      return (await this.docker.getImage(tag).inspect()).Id;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw this.translate(error, `inspect ${tag}`);
      throw new BuildFailedError(
        `buildx builder ${builder} (driver ${driver}) finished, but ${tag} is not in the engine at ${describeEndpoint()}: ${driver === 'docker' ? "a docker-driver builder keeps its images in its own context's engine; use a builder of this engine's context" : 'buildx did not load it (--load)'}`,
        undefined,
        [],
      );
    }
  }

  private async buildThroughApi(request: BuildRequest): Promise<BuildResult> {    const options: Docker.ImageBuildOptions & Record<string, unknown> = {
      t: request.tag,
      dockerfile: request.dockerfile,
      buildargs: request.buildArgs,
      nocache: request.noCache,
      rm: true,
      // A failed classic build would otherwise leave its container behind.
      forcerm: true,
    };
    if (request.target) options.target = request.target;
    // The API takes a cpuset string ("0", "0-1"); dockerode's types say number.
    if (request.cpuset !== undefined) (options as Record<string, unknown>).cpusetcpus = request.cpuset;
    if (request.outputs) options.outputs = JSON.stringify(request.outputs.map((o) => ({ Type: o.type, Attrs: o.attrs })));
    if (request.builder === 'buildkit') options.version = '2';
    if (this.signal) options.abortSignal = this.signal;
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.docker.buildImage(request.context as unknown as NodeJS.ReadableStream, options);
    } catch (error) {
      throw this.translate(error, 'the build');
    }
    try {
      return await followBuildStream(stream as Readable, request.onProgress);
    } catch (error) {
      if (error instanceof BuildFailedError) throw error;
      throw new EngineConnectionError(`the engine at ${describeEndpoint()} stopped answering during the build: ${(error as Error).message}`);
    }
  }

  async save(ref: string): Promise<Readable> {
    try {
      this.throwIfAborted();
      const stream = (await this.docker.getImage(ref).get()) as unknown as Readable;
      // The save endpoint takes no abort signal in dockerode: closing the stream ends the request.
      const abort = () => stream.destroy(this.signal?.reason as Error);
      this.signal?.addEventListener('abort', abort, { once: true });
      stream.once('close', () => this.signal?.removeEventListener('abort', abort));
      // A connection cut mid-stream surfaces as "aborted" or ECONNRESET: say what it means.
      const translated = new PassThrough();
      stream.on('error', (error: Error) =>
        translated.destroy(this.signal?.aborted ? error : new EngineConnectionError(`the engine at ${describeEndpoint()} stopped sending ${ref}: ${error.message}`)),
      );
      return stream.pipe(translated);
    } catch (error) {
      this.throwIfAborted();
      const message = (error as { json?: { message?: string }; message?: string }).json?.message ?? (error as Error).message ?? '';
      if (/empty export/i.test(message)) throw new EmptyImageError(`${ref} has no layers to export`);
      throw this.translate(error, `save ${ref}`);
    }
  }

  async inspect(ref: string): Promise<ImageDetails> {
    try {
      const image = this.docker.getImage(ref);
      const [details, history] = await Promise.all([image.inspect(), image.history() as Promise<EngineHistoryItem[]>]);
      return {
        id: details.Id,
        repoTags: details.RepoTags ?? [],
        layers: details.RootFS?.Layers ?? [],
        created: details.Created,
        architecture: details.Architecture,
        os: details.Os,
        config: details.Config as unknown as Record<string, unknown>,
        // The history endpoint lists newest first and marks layer-less steps with Size 0.
        history: [...history].reverse().map((item) => ({
          created: new Date(item.Created * 1000).toISOString(),
          created_by: item.CreatedBy,
          ...(item.Comment ? { comment: item.Comment } : {}),
          ...(item.Size === 0 ? { empty_layer: true } : {}),
        })),
      };
    } catch (error) {
      throw this.translate(error, `inspect ${ref}`);
    }
  }

  async removeTag(ref: string): Promise<void> {
    try {
      await this.docker.getImage(ref).remove({ force: false, noprune: false });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return;
      throw this.translate(error, `remove ${ref}`);
    }
  }

  async tagsOf(repository: string): Promise<string[]> {
    try {
      const images = await this.docker.listImages({ filters: JSON.stringify({ reference: [repository] }) } as Docker.ListImagesOptions);
      return images.flatMap((image) => image.RepoTags ?? []).filter((tag) => tag.startsWith(`${repository}:`));
    } catch (error) {
      throw this.translate(error, `list ${repository}`);
    }
  }

  async push(source: string, repository: string, tag: string, auth?: { username: string; password: string; serveraddress: string }): Promise<void> {
    this.throwIfAborted();
    let stream: NodeJS.ReadableStream;
    try {
      await this.docker.getImage(source).tag({ repo: repository, tag });
      // Engines want an X-Registry-Auth header even for a registry that asks for none.
      stream = await this.docker.getImage(repository).push({ tag, authconfig: auth ?? {}, abortSignal: this.signal } as Docker.ImagePushOptions);
    } catch (error) {
      throw this.translate(error, `push ${repository}:${tag}`);
    }
    // The push reports its failure inside the stream, as an `error` message, with status 200.
    const failure = await new Promise<string | null>((resolve, reject) => {
      this.docker.modem.followProgress(stream, (error: Error | null, events: { error?: string; errorDetail?: { message?: string } }[]) => {
        if (error) reject(this.translate(error, `push ${repository}:${tag}`));
        else resolve(events.find((event) => event.error)?.error ?? null);
      });
    });
    if (failure) throw new Error(`push ${repository}:${tag}: ${failure}`);
  }

  /** Rethrows the reason the check was stopped, when it was. */
  private throwIfAborted(): void {
    if (this.signal?.aborted) throw this.signal.reason instanceof Error ? this.signal.reason : new CheckAbortedError(String(this.signal.reason));
  }

  /** Turns dockerode's errors into ones that name the cause and what to do. */
  private translate(error: unknown, action: string): Error {
    const err = error as { code?: string; statusCode?: number; json?: { message?: string }; message?: string };
    if (err.code && UNREACHABLE_CODES.has(err.code)) {
      return new EngineUnreachableError(
        `no Docker engine answers at ${describeEndpoint()} (${err.code}); start one (scripts/docker-engine.sh does it on Debian) or set DOCKER_HOST`,
      );
    }
    if ((err.code && DROPPED_CODES.has(err.code)) || err.message === 'socket hang up' || err.message === 'aborted') {
      return new EngineConnectionError(`the engine at ${describeEndpoint()} stopped answering during ${action}: ${err.message ?? err.code}`);
    }
    const detail = err.json?.message ?? err.message ?? String(error);
    if (err.statusCode === 404) return new Error(`${action}: not found in the engine: ${detail}`);
    return new Error(`${action}: ${detail}`);
  }
}
