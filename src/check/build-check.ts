import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { compareImages } from '../compare/image-compare.js';
import { createContextTar } from '../context/context-tar.js';
import { parseDockerfile, selectStageChain, type Stage } from '../dockerfile/dockerfile-parser.js';
import { mapLayersToInstructions } from '../dockerfile/layer-mapping.js';
import { BuildFailedError } from '../engine/build-errors.js';
import type { BuilderKind, Engine, EngineInfo } from '../engine/engine.js';
import { buildReport, type LayerSource, type Report } from '../report/report.js';
import { InputError, type BuildSettings } from '../settings.js';
import { planBuilds, type BuildConditions } from '../variations.js';
import { describeBuildFailure } from './build-failure.js';
import { loadImage } from './image-source.js';

/** Hooks through which a check reports progress; all optional. */
export interface CheckHooks {
  /** A phase starts (`build A`, `compare`); the action opens a log group per phase. */
  phase?: (name: string) => void;
  /** A line of build output. */
  output?: (line: string) => void;
}

/** Raised when a build of the pair fails; the message is one line naming the step and line. */
export class PairBuildError extends Error {
  override name = 'PairBuildError';
  constructor(
    message: string,
    readonly outputTail: string[],
  ) {
    super(message);
  }
}

/**
 * Builds the image twice (B under the chosen variations), reads both through the engine's save
 * endpoint, compares them and returns the report. Every tag it creates is removed before it returns
 * or throws, unless `keepImages` is set.
 */
export async function runBuildCheck(settings: BuildSettings, engine: Engine, version: string, hooks: CheckHooks = {}): Promise<Report> {
  const dockerfileText = await readInputs(settings);
  const chain = stageChain(dockerfileText, settings.target);
  const info = await engine.info();
  const builder = chooseBuilder(settings, info);
  const plan = planBuilds(settings.variations, settings.noCache);
  const runId = randomBytes(6).toString('hex');
  const tags = { a: `repro-check-${runId}:a`, b: `repro-check-${runId}:b` };
  const created: string[] = [];
  const timings: Record<string, number> = {};
  const dockerfileName = relative(process.cwd(), settings.dockerfile) || settings.dockerfile;

  const build = async (which: 'A' | 'B', conditions: BuildConditions, tag: string) => {
    hooks.phase?.(`build ${which}`);
    const started = Date.now();
    const context = await createContextTar(settings.context, settings.dockerfile, conditions.context);
    created.push(tag);
    try {
      const result = await engine.build({
        context: context.stream,
        dockerfile: context.dockerfile,
        target: settings.target,
        buildArgs: settings.buildArgs,
        noCache: conditions.noCache,
        tag,
        builder,
        onProgress: hooks.output,
      });
      timings[`build${which}`] = Date.now() - started;
      return result;
    } catch (error) {
      if (error instanceof BuildFailedError) {
        // Newest first: each removal then frees its parent, which the next one removes.
        created.push(...[...error.createdImages].reverse());
        throw new PairBuildError(describeBuildFailure(which, error, dockerfileName, chain), error.outputTail);
      }
      throw error;
    }
  };

  try {
    const resultA = await build('A', plan.a, tags.a);
    const endA = Date.now();
    const wait = endA + plan.gapMs - Date.now();
    if (wait > 0) await sleep(wait);
    const resultB = await build('B', plan.b, tags.b);

    hooks.phase?.('compare');
    const started = Date.now();
    const engineOnly = () => engine;
    const [a, b] = await Promise.all([
      loadImage({ kind: 'engine', ref: tags.a }, engineOnly, 'build'),
      loadImage({ kind: 'engine', ref: tags.b }, engineOnly, 'build'),
    ]);
    a.summary.id = resultA.imageId;
    b.summary.id = resultB.imageId;
    const comparison = compareImages(a.archive, b.archive);
    const origins = mapLayersToInstructions(a.archive.config.history ?? [], chain);
    const layerSources: LayerSource[] = origins.map((o) => ({ instruction: o.instruction, line: o.line, createdBy: o.createdBy || null }));
    timings.analysis = Date.now() - started;
    return buildReport({
      command: 'build',
      version,
      level: settings.level,
      comparison,
      images: [a.summary, b.summary],
      variations: [...settings.variations],
      dockerfile: dockerfileName,
      engine: { version: info.version, apiVersion: info.apiVersion, builder, imageStore: info.imageStore },
      layerSources,
      timings,
    });
  } finally {
    if (!settings.keepImages) await removeAll(engine, created);
  }
}

async function readInputs(settings: BuildSettings): Promise<string> {
  const context = await stat(settings.context).catch(() => null);
  if (!context?.isDirectory()) throw new InputError(`context: ${settings.context} is not a directory`);
  try {
    return await readFile(settings.dockerfile, 'utf8');
  } catch {
    throw new InputError(`file: no Dockerfile at ${settings.dockerfile}`);
  }
}

function stageChain(text: string, target: string | undefined): Stage[] {
  const dockerfile = parseDockerfile(text);
  if (dockerfile.stages.length === 0) throw new InputError('file: the Dockerfile has no FROM instruction');
  try {
    return selectStageChain(dockerfile, target);
  } catch (error) {
    throw new InputError(`target: ${(error as Error).message}`);
  }
}

function chooseBuilder(settings: BuildSettings, info: EngineInfo): BuilderKind {
  if (settings.builder === 'classic') return 'classic';
  if (settings.builder === 'buildkit' && !info.buildkit) {
    throw new InputError(`builder: the engine at ${info.endpoint} (API ${info.apiVersion}) has no BuildKit; use builder=classic or auto`);
  }
  return info.buildkit ? 'buildkit' : 'classic';
}

/**
 * Removes every tag and image, one after the other (a classic build's intermediate images must go
 * child first), reporting but not throwing, so one failure does not keep the rest.
 */
async function removeAll(engine: Engine, refs: string[]): Promise<void> {
  for (const ref of refs) {
    try {
      await engine.removeTag(ref);
    } catch (error) {
      process.stderr.write(`repro-check: could not remove ${ref}: ${(error as Error).message}\n`);
    }
  }
}
