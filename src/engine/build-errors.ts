/** Raised when the engine cannot be reached at all. */
export class EngineUnreachableError extends Error {
  override name = 'EngineUnreachableError';
}

/** Raised when a build fails; carries what a user needs to find the cause. */
export class BuildFailedError extends Error {
  override name = 'BuildFailedError';
  constructor(
    message: string,
    /** The instruction that failed as the builder named it (e.g. `[2/3] RUN false`), when known. */
    readonly step: string | undefined,
    /** The last lines of the build's output. */
    readonly outputTail: string[],
    /** Images the builder committed before it failed (classic builder), for removal. */
    readonly createdImages: string[] = [],
  ) {
    super(message);
  }
}

/** Raised when the engine stops answering in the middle of a request (a cut connection, a crash). */
export class EngineConnectionError extends Error {
  override name = 'EngineConnectionError';
}

/** Raised when the check is stopped: its time ran out, or it was interrupted (SIGINT, SIGTERM). */
export class CheckAbortedError extends Error {
  override name = 'CheckAbortedError';
}
