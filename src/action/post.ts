import * as core from '@actions/core';
import { removeRunLeftovers } from '../check/build-session.js';
import { DockerEngine } from '../engine/docker-engine.js';
import { RUN_STATE } from './run-state.js';

/**
 * The action's post step: when the runner killed the main step before it could clean up (a job
 * timeout, a cancellation), removes every image the run tagged. Never fails the job.
 */
export async function post(): Promise<void> {
  const runId = core.getState(RUN_STATE);
  if (!runId) return;
  try {
    const removed = await removeRunLeftovers(new DockerEngine(), runId);
    if (removed.length > 0) core.info(`repro-check: removed ${removed.length} image(s) an interrupted run left: ${removed.join(', ')}`);
  } catch (error) {
    core.warning(`repro-check: could not clean up run ${runId}: ${(error as Error).message}`);
  }
}
