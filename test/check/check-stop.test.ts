import { afterEach, describe, expect, it, vi } from 'vitest';
import { CheckStopper } from '../../src/check/check-stop.js';
import { errorLine } from '../../src/check/error-line.js';
import { CheckAbortedError } from '../../src/engine/build-errors.js';
import { InputError } from '../../src/settings.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('CheckStopper', () => {
  it('leaves a failure as it is while nothing stopped the check', () => {
    const stopper = new CheckStopper();
    const error = new Error('socket hang up');
    expect(stopper.failure(error, 'build a')).toBe(error);
    expect(stopper.signal.aborted).toBe(false);
  });

  it('says the time limit and the phase when the timer stopped the check', () => {
    vi.useFakeTimers();
    const stopper = new CheckStopper();
    stopper.stopAfter(3);
    vi.advanceTimersByTime(2999);
    expect(stopper.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(stopper.signal.aborted).toBe(true);
    const failure = stopper.failure(new Error('aborted'), 'save b');
    expect(failure).toBeInstanceOf(CheckAbortedError);
    expect((failure as Error).message).toBe('timed out after 3 s during save b; the images it built were removed');
  });

  it.each([0, undefined])('sets no time limit for %s seconds', (seconds) => {
    vi.useFakeTimers();
    const stopper = new CheckStopper();
    stopper.stopAfter(seconds);
    vi.advanceTimersByTime(10 ** 9);
    expect(stopper.signal.aborted).toBe(false);
  });

  it('stops on what a listener reports and stops listening (and timing) when disposed', () => {
    vi.useFakeTimers();
    let report: ((reason: CheckAbortedError) => void) | undefined;
    const stopper = new CheckStopper();
    stopper.stopAfter(1);
    stopper.listen((stop) => {
      report = stop;
      return () => (report = undefined);
    });
    report?.(new CheckAbortedError('interrupted by SIGINT'));
    expect((stopper.failure(new Error('x'), 'build b') as Error).message).toBe('interrupted by SIGINT during build b; the images it built were removed');
    stopper.dispose();
    expect(report).toBeUndefined();
    const later = new CheckStopper();
    later.stopAfter(1);
    later.dispose();
    vi.advanceTimersByTime(5000);
    expect(later.signal.aborted).toBe(false);
  });
});

describe('errorLine', () => {
  it.each([
    [new InputError('--level must be one of layers, content'), '--level must be one of layers, content'],
    [new CheckAbortedError('interrupted by SIGTERM'), 'interrupted by SIGTERM'],
    [new TypeError('x is undefined'), 'x is undefined (run with --debug for details)'],
    ['plain text', 'plain text'],
  ])('%s reads %j', (error, line) => {
    expect(errorLine(error)).toBe(line);
  });
});
