import { execFile } from 'node:child_process';
import { InputError } from '../settings.js';
import { EngineUnreachableError } from './build-errors.js';
import type { BuildxBuilderInfo } from './engine.js';


/** Reads the builder's driver and first node's endpoint from `docker buildx inspect`'s text. Pure. */
export function parseBuildxInspect(text: string, name: string): BuildxBuilderInfo {
  const field = (key: string) => new RegExp(`^${key}:[ \\t]*(.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
  const driver = field('Driver');
  if (!driver) throw new Error(`docker buildx inspect ${name} printed no Driver line`);
  return { name, driver, endpoint: field('Endpoint') };
}

/**
 * Looks the builder up with `docker buildx inspect NAME`, so a missing builder stops the check
 * before any build, with buildx's own words and how to see the builders there are.
 */
export function inspectBuildxBuilder(name: string, docker = 'docker', signal?: AbortSignal): Promise<BuildxBuilderInfo> {
  return new Promise((resolve, reject) => {
    execFile(docker, ['buildx', 'inspect', name], { signal, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new EngineUnreachableError(`${docker} is not installed, and the buildx builder ${name} needs the docker CLI with the buildx plugin`));
      } else if (error) {
        const said = `${stderr}`.trim().split('\n').pop()?.replace(/^ERROR:\s*/, '') || error.message;
        reject(new InputError(`buildx builder "${name}" cannot be used: docker buildx inspect ${name}: ${said}; docker buildx ls lists the builders, docker buildx create --name ${name} makes one`));
      } else {
        try {
          resolve(parseBuildxInspect(`${stdout}`, name));
        } catch (parseError) {
          reject(parseError as Error);
        }
      }
    });
  });
}

/**
 * The `docker` arguments that start a build through the builder. A `docker`-driver builder is the
 * BuildKit inside the engine of its docker context, and buildx refuses `--builder` for one of
 * another context ("use `docker --context=NAME buildx`"), so that context is selected instead.
 * Other drivers are named with `--builder`.
 */
export function buildxCommand(builder: BuildxBuilderInfo | undefined): string[] {
  if (!builder) return ['buildx', 'build'];
  if (builder.driver === 'docker') return ['--context', builder.endpoint || builder.name, 'buildx', 'build'];
  return ['buildx', 'build', '--builder', builder.name];
}
