import { readFile, stat } from 'node:fs/promises';
import { parseDockerfile, selectStageChain, type Stage } from '../dockerfile/dockerfile-parser.js';
import { InputError } from '../settings.js';

/**
 * Checks a build's context and reads its Dockerfile, with errors that name the input at fault
 * (`context: …`, `file: …`), before any build starts. `build` and `verify` share it.
 */
export async function readDockerfileInputs(settings: { context: string; dockerfile: string }): Promise<string> {
  const context = await stat(settings.context).catch(() => null);
  if (!context?.isDirectory()) throw new InputError(`context: ${settings.context} is not a directory`);
  try {
    return await readFile(settings.dockerfile, 'utf8');
  } catch {
    throw new InputError(`file: no Dockerfile at ${settings.dockerfile}`);
  }
}

/** The stages that end up in the image of `target` (the last stage without it), as input errors. */
export function stageChainOf(text: string, target: string | undefined): Stage[] {
  const dockerfile = parseDockerfile(text);
  if (dockerfile.stages.length === 0) throw new InputError('file: the Dockerfile has no FROM instruction');
  try {
    return selectStageChain(dockerfile, target);
  } catch (error) {
    throw new InputError(`target: ${(error as Error).message}`);
  }
}
