/** The state key under which the action's main step leaves its run id for the post step. */
export const RUN_STATE = 'repro-check-run';
