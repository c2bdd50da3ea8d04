import { randomBytes } from 'node:crypto';
import type { Stage } from '../dockerfile/dockerfile-parser.js';
import { createContextTar } from '../context/context-tar.js';
import { BuildFailedError } from '../engine/build-errors.js';
import type { BuilderKind, BuildRequest, BuildxBuilderInfo, Engine } from '../engine/engine.js';
import type { ContentSide } from '../image/content-keeper.js';
import type { BuildSettings } from '../settings.js';
import type { BuildConditions } from '../variations.js';
import { maskText } from '../report/mask-secrets.js';
import { describeBuildFailure } from './build-failure.js';
import { loadImage, type LoadedImage } from './image-source.js';

/** Raised when a build fails; the message is one line naming the build, the step and its line. */
export class PairBuildError extends Error {
  override name = 'PairBuildError';
  constructor(
    message: string,
    readonly outputTail: string[],
  ) {
    super(message);
  }
}

/** An image one build of the session produced. */
export interface BuiltImage {
  label: string;
  tag: string;
  imageId: string;
  /** Milliseconds the build took. */
  millis: number;
}

/** What every build of a session shares. */
export interface SessionOptions {
  settings: BuildSettings;
  builder: BuilderKind;
  /** The named buildx builder every build goes through (`--buildx-builder`), as inspected. */
  buildx?: BuildxBuilderInfo;
  /** Build arguments for every build (the user's, plus SOURCE_DATE_EPOCH when set). */
  buildArgs: Record<string, string>;
  /** Exporter outputs for every build (e.g. rewrite-timestamp), when the engine supports them. */
  outputs?: BuildRequest['outputs'];
  chain: readonly Stage[];
  /** The Dockerfile's name as messages show it. */
  dockerfileName: string;
  output?: (line: string) => void;
  /** Values masked in error messages and the output tail of a failed build (build-argument values). */
  secrets?: readonly string[];
}

/**
 * The builds of one check: each gets a tag unique to this run (two runs on one engine never see
 * each other's images), and every tag and leftover image is remembered so `cleanup` removes them on
 * success, failure or interruption.
 */
export class BuildSession {
  /** Unique to this run; every tag is `repro-check-<runId>:<label>`. */
  readonly runId = randomBytes(6).toString('hex');
  private readonly created: string[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly options: SessionOptions,
  ) {}

  /** Builds the image under `conditions`; `label` names the build in tags and messages (`A`, `B`, `control`). */
  async build(label: string, conditions: BuildConditions): Promise<BuiltImage> {
    const { settings } = this.options;
    const started = Date.now();
    const tag = `${sessionRepository(this.runId)}:${label.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-')}`;
    const variation = settings.checkout ? { ...conditions.context, checkout: settings.checkout } : conditions.context;
    const context = await createContextTar(settings.context, settings.dockerfile, variation);
    this.created.push(tag);
    const request: BuildRequest = {
      context: context.stream,
      dockerfile: context.dockerfile,
      target: settings.target,
      buildArgs: this.options.buildArgs,
      noCache: conditions.noCache,
      tag,
      builder: this.options.builder,
      onProgress: this.options.output,
    };
    if (conditions.cpuset !== undefined) request.cpuset = conditions.cpuset;
    if (this.options.outputs) request.outputs = this.options.outputs;
    if (settings.provenance === false) request.provenance = false;
    if (this.options.buildx) request.buildx = this.options.buildx;
    try {
      const result = await this.engine.build(request);
      return { label, tag, imageId: result.imageId, millis: Date.now() - started };
    } catch (error) {
      if (error instanceof BuildFailedError) {
        // Newest first: each removal then frees its parent, which the next one removes.
        this.created.push(...[...error.createdImages].reverse());
        const secrets = this.options.secrets ?? [];
        throw new PairBuildError(
          maskText(describeBuildFailure(label, error, this.options.dockerfileName, this.options.chain), secrets),
          error.outputTail.map((line) => maskText(line, secrets)),
        );
      }
      throw error;
    }
  }

  /**
   * Reads a built image through the engine's save endpoint; with `content` (one side of a
   * `PairedContent`), as one of two images read at once, keeping what explaining needs.
   */
  async read(image: BuiltImage, onBytes?: (total: number) => void, content?: ContentSide): Promise<LoadedImage> {
    const loaded = await loadImage({ kind: 'engine', ref: image.tag }, () => this.engine, 'build', onBytes, content);
    loaded.summary.id = image.imageId;
    return loaded;
  }

  /** Removes one build's tag early (culprit builds are not needed once compared). */
  async discard(image: BuiltImage): Promise<void> {
    if (this.options.settings.keepImages) return;
    await this.engine.removeTag(image.tag);
    this.created.splice(this.created.indexOf(image.tag), 1);
  }

  /**
   * Removes every tag and image, one after the other (a classic build's intermediate images must go
   * child first), reporting but not throwing, so one failure does not keep the rest.
   */
  async cleanup(): Promise<void> {
    if (this.options.settings.keepImages) return;
    for (const ref of this.created.splice(0)) {
      try {
        await this.engine.removeTag(ref);
      } catch (error) {
        process.stderr.write(`repro-check: could not remove ${ref}: ${(error as Error).message}\n`);
      }
    }
  }
}

/** The image repository every tag of a run lives in. */
export function sessionRepository(runId: string): string {
  return `repro-check-${runId}`;
}

/**
 * Removes what a run left when it could not clean up itself (the runner killed it): every tag of
 * its repository. Used by the action's post step.
 */
export async function removeRunLeftovers(engine: Engine, runId: string): Promise<string[]> {
  const tags = await engine.tagsOf(sessionRepository(runId));
  for (const tag of tags) await engine.removeTag(tag);
  return tags;
}
