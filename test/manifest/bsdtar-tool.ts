import { execFileSync } from 'node:child_process';

/**
 * Runs bsdtar (Debian's libarchive-tools) and returns its stdout. Tests that need it fail, not
 * skip, when it is missing: .ci/run installs it, and a green run must mean it was exercised.
 */
export function bsdtar(args: readonly string[], cwd?: string): string {
  try {
    return execFileSync('bsdtar', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error('bsdtar is not installed: apt-get install libarchive-tools (.ci/run does this)', { cause: error });
    throw new Error(`bsdtar ${args.join(' ')} failed: ${e.stderr ?? e.message}`, { cause: error });
  }
}
