import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { SourceDateEpochSetting } from '../settings.js';

const run = promisify(execFile);

/** The SOURCE_DATE_EPOCH both builds get, and where it came from. */
export interface SourceDateEpoch {
  value: number;
  /** `input`: given by the user; `git`: the commit time of HEAD; `build-arg`: already a build argument. */
  source: 'input' | 'git' | 'build-arg';
}

/**
 * Decides the SOURCE_DATE_EPOCH of a check: a build argument the user set wins; then a number given
 * as input; with `auto`, the commit time of HEAD when the context is in a git checkout (the value
 * reproducible-builds.org recommends), else none.
 */
export async function resolveSourceDateEpoch(setting: SourceDateEpochSetting, contextDir: string, buildArgs: Record<string, string>): Promise<SourceDateEpoch | null> {
  const given = buildArgs.SOURCE_DATE_EPOCH;
  if (given !== undefined && /^\d+$/.test(given)) return { value: Number(given), source: 'build-arg' };
  if (setting.mode === 'none') return null;
  if (setting.mode === 'fixed') return { value: setting.value, source: 'input' };
  try {
    // safe.directory: in job containers (act) the checkout belongs to another user, and git would
    // refuse it as "dubious ownership" although only its commit time is read.
    const { stdout } = await run('git', ['-c', 'safe.directory=*', 'log', '-1', '--format=%ct'], { cwd: contextDir, timeout: 10_000 });
    const value = Number(stdout.trim());
    return Number.isSafeInteger(value) && value >= 0 ? { value, source: 'git' } : null;
  } catch {
    // Not a checkout, no commit yet, or no git: builds keep their own times.
    return null;
  }
}
