import { chmod, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { describe, expect, test } from 'vitest';
import { parseCliArgs } from '../../src/cli/args.js';
import { createContextTar, NO_CONTEXT_VARIATION } from '../../src/context/context-tar.js';
import { InputError } from '../../src/settings.js';

describe('build --fix options', () => {
  const parse = (...args: string[]) => parseCliArgs(['build', ...args], '/work', {});
  test.each<{ args: string[]; fix: unknown }>([
    { args: [], fix: undefined },
    { args: ['--fix', 'off'], fix: undefined },
    { args: ['--fix', 'suggest'], fix: { mode: 'suggest', write: false, rounds: 3 } },
    { args: ['--fix', 'verify', '--fix-patch', 'out/fix.patch', '--fix-write', '--fix-rounds', '2'], fix: { mode: 'verify', write: true, rounds: 2, patchPath: '/work/out/fix.patch' } },
  ])('$args', ({ args, fix }) => {
    const parsed = parse(...args);
    expect(parsed.command === 'build' && parsed.settings.fix).toEqual(fix ?? undefined);
  });

  test.each([
    [['--fix', 'maybe'], /--fix must be one of off, suggest, verify/],
    [['--fix-write'], /need --fix suggest or --fix verify/],
    [['--fix', 'verify', '--fix-rounds', '0'], /--fix-rounds must be a whole number from 1 to 10/],
  ])('%j is refused', (args, message) => {
    expect(() => parse(...args)).toThrow(InputError);
    expect(() => parse(...args)).toThrow(message);
  });
});

async function readModesAndTimes(stream: Readable): Promise<Record<string, [string, number]>> {
  const extract = tar.extract();
  stream.pipe(extract as unknown as NodeJS.WritableStream);
  const out: Record<string, [string, number]> = {};
  for await (const entry of extract) {
    for await (const _chunk of entry) void _chunk;
    out[entry.header.name] = [(entry.header.mode ?? 0).toString(8), (entry.header.mtime?.getTime() ?? 0) / 1000];
  }
  return out;
}

describe('checkout steps on the context, after the variations', () => {
  test('clamped mtimes and normalised modes win over context-mtime and context-mode', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fix-ctx-'));
    try {
      await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\n');
      await writeFile(join(dir, 'run.sh'), 'x');
      await chmod(join(dir, 'run.sh'), 0o775);
      await writeFile(join(dir, 'ro'), 'y');
      await chmod(join(dir, 'ro'), 0o444);
      for (const name of ['Dockerfile', 'run.sh', 'ro']) await utimes(join(dir, name), 1_600_000_000, 1_600_000_000);
      const varied = { ...NO_CONTEXT_VARIATION, mtimeShiftSeconds: 90_061, groupWritable: true, checkout: { mtime: 1_700_000_000, normaliseModes: true } };
      const { stream } = await createContextTar(dir, join(dir, 'Dockerfile'), varied);
      // Modes and times as a umask-022 checkout touched to the commit time has them, whatever B's variation.
      expect(await readModesAndTimes(stream)).toEqual({ Dockerfile: ['644', 1_700_000_000], ro: ['444', 1_700_000_000], 'run.sh': ['755', 1_700_000_000] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
