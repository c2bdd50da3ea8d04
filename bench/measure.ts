/**
 * Running commands and measuring them: wall time from spawn to exit, and peak resident set size
 * through GNU time (`/usr/bin/time -v`, which reads it from the kernel's rusage of the child).
 */
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

/** What one run of a command gave. */
export interface RunResult {
  exitCode: number;
  wallMs: number;
  stdout: string;
  stderr: string;
  /** Peak resident set size in KiB, when measured. */
  maxRssKiB?: number;
  /** User plus system CPU time of the command and the children it waited for, when measured. */
  cpuMs?: number;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Exit codes that are not failures (repro-check exits 1 when images differ). */
  okCodes?: number[];
  /** Return failures instead of throwing. */
  allowFailure?: boolean;
  /** Wrap in `/usr/bin/time -v` to measure the peak RSS. */
  rss?: boolean;
  cwd?: string;
}

const GNU_TIME = '/usr/bin/time';

/** Fails with a hint when GNU time is missing (Debian: `apt-get install -y time`). */
export async function requireGnuTime(): Promise<void> {
  await access(GNU_TIME).catch(() => {
    throw new Error(`${GNU_TIME} is missing: apt-get install -y time`);
  });
}

/** Runs a command to its end, keeping its output (the benchmark's commands print little). */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const [file, argv] = options.rss ? [GNU_TIME, ['-v', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, argv, { env: { ...process.env, ...options.env }, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const result: RunResult = {
        exitCode: code ?? -1,
        wallMs: performance.now() - started,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      };
      if (options.rss) {
        result.maxRssKiB = parseMaxRss(result.stderr);
        result.cpuMs = parseCpuMs(result.stderr);
      }
      const ok = result.exitCode === 0 || (options.okCodes ?? []).includes(result.exitCode);
      if (!ok && !options.allowFailure) {
        reject(new Error(`${command} ${args.join(' ')} exited with ${result.exitCode}: ${result.stderr.trim().split('\n').slice(-5).join(' | ')}`));
      } else resolve(result);
    });
  });
}

/** GNU time's `Maximum resident set size (kbytes): N`. */
function parseMaxRss(stderr: string): number | undefined {
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  return match ? Number(match[1]) : undefined;
}

/** GNU time's `User time (seconds): U` plus `System time (seconds): S`, in milliseconds. */
function parseCpuMs(stderr: string): number | undefined {
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  return user && system ? (Number(user[1]) + Number(system[1])) * 1000 : undefined;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Least-squares line through points: slope, intercept and R². */
export function linearFit(points: readonly { x: number; y: number }[]): { slope: number; intercept: number; r2: number } {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
    syy += (p.y - my) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}
