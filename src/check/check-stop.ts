import { CheckAbortedError } from '../engine/build-errors.js';

/**
 * Stops a running check on a timeout or an interrupt, for both front ends (the action and the
 * CLI): `signal` aborts with a CheckAbortedError saying why, which the engine turns into stopping
 * its builds and saves and removing what they made.
 */
export class CheckStopper {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly unlisten: (() => void)[] = [];
  /** Aborts when the check is to stop; its reason is the CheckAbortedError. */
  readonly signal = this.controller.signal;

  /** Stops the check with `reason`. */
  readonly stop = (reason: CheckAbortedError): void => this.controller.abort(reason);

  /** Stops the check after `seconds`, if given (0 or undefined: no time limit). */
  stopAfter(seconds: number | undefined): void {
    if (seconds) this.timer = setTimeout(() => this.stop(new CheckAbortedError(`timed out after ${seconds} s`)), seconds * 1000);
  }

  /** Lets `listen` stop the check; it returns a function that stops listening, called by dispose(). */
  listen(listen: ((stop: (reason: CheckAbortedError) => void) => () => void) | undefined): void {
    const unlisten = listen?.(this.stop);
    if (unlisten) this.unlisten.push(unlisten);
  }

  /** The error to report for a failure during `phase`: why the check stopped if it was stopped, else `error` itself. */
  failure(error: unknown, phase: string): unknown {
    if (!this.signal.aborted) return error;
    return new CheckAbortedError(`${(this.signal.reason as Error).message} during ${phase}; the images it built were removed`);
  }

  /** Clears the timer and stops listening. */
  dispose(): void {
    clearTimeout(this.timer);
    for (const unlisten of this.unlisten.splice(0)) unlisten();
  }
}

/** Lets the process's SIGINT and SIGTERM stop a check; returns a function that stops listening. */
export function processSignals(stop: (reason: CheckAbortedError) => void): () => void {
  const onSignal = (name: NodeJS.Signals) => stop(new CheckAbortedError(`interrupted by ${name}`));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
