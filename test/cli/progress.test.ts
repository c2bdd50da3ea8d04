import { describe, expect, it } from 'vitest';
import { plainProgress, terminalProgress } from '../../src/cli/progress.js';

describe('progress', () => {
  it('prints phases only where stderr is no terminal', () => {
    const out: string[] = [];
    const progress = plainProgress((t) => out.push(t));
    progress.phase('build A');
    progress.output('Step 1/3 : FROM scratch');
    progress.bytes('A', 1_000_000);
    progress.done();
    expect(out.join('')).toBe('==> build A\n');
  });

  it('rewrites one status line on a terminal, with bytes and rate, and clears it', () => {
    const out: string[] = [];
    let clock = 0;
    const progress = terminalProgress((t) => out.push(t), 60, () => clock);
    progress.phase('compare');
    progress.bytes('A', 0);
    clock = 2_000;
    progress.bytes('A', 50_000_000);
    progress.bytes('B', 10_000_000);
    progress.done();
    expect(out[0]).toBe('==> compare\n');
    expect(out).toContain('\r\x1b[K    reading A 50.0 MB (25.0 MB/s)');
    expect(out.at(-1)).toBe('\r\x1b[K');
  });

  it('keeps build output within the terminal width and free of control characters', () => {
    const out: string[] = [];
    const progress = terminalProgress((t) => out.push(t), 30);
    progress.output('a very long line of build output that goes on\x1b[31m and on');
    const status = out.at(-1)!.replace('\r\x1b[K', '');
    expect(status.length).toBeLessThan(30);
    expect(status.includes('\x1b')).toBe(false);
  });
});
