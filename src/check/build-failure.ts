import type { Stage } from '../dockerfile/dockerfile-parser.js';
import type { BuildFailedError } from '../engine/build-errors.js';

/** Finds the Dockerfile line of the step a builder named (`[2/3] RUN false`, `RUN false`). */
export function lineOfStep(step: string | undefined, chain: readonly Stage[]): number | null {
  if (!step) return null;
  const text = step.replace(/^\[[^\]]*\]\s*/, '').replace(/\s+/g, ' ').trim();
  for (const stage of [...chain].reverse()) {
    for (const instruction of [stage.from, ...stage.instructions]) {
      if (`${instruction.keyword} ${instruction.args}`.replace(/\s+/g, ' ').trim() === text) return instruction.line;
    }
  }
  return null;
}

/** One line that says which build failed, where and why. */
export function describeBuildFailure(which: string, error: BuildFailedError, dockerfile: string, chain: readonly Stage[]): string {
  const line = lineOfStep(error.step, chain);
  const where = error.step ? ` at ${line !== null ? `${dockerfile}:${line} ` : ''}(${error.step.replace(/^\[[^\]]*\]\s*/, '')})` : '';
  return `build ${which} failed${where}: ${error.message.split('\n')[0]}`;
}
