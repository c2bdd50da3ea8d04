import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BuildFailedError } from '../../src/engine/build-errors.js';
import { followBuildStream } from '../../src/engine/build-stream.js';

/** Streams recorded from engine 28.5 by scripts/record-build-streams.mts. */
const recorded = (name: string) => createReadStream(new URL(`../fixtures/build-streams/${name}.jsonl`, import.meta.url));

describe('followBuildStream on recorded engine streams', () => {
  it('finds the image ID and the RUN output of a BuildKit build', async () => {
    const lines: string[] = [];
    const result = await followBuildStream(recorded('buildkit-ok'), (line) => lines.push(line));
    expect(result.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.log.join('\n')).toContain('hello from the build');
    expect(lines.some((l) => l.includes('RUN echo hello from the build'))).toBe(true);
  });

  it('finds the image ID and output of a classic build', async () => {
    const result = await followBuildStream(recorded('classic-ok'));
    expect(result.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.log).toContain('hello from the build');
    expect(result.log).toContain('Step 4/4 : RUN echo hello from the build && date > /x');
  });

  it('turns the error event of a failed BuildKit build into a BuildFailedError naming the step', async () => {
    const error = (await followBuildStream(recorded('buildkit-fail')).catch((e: unknown) => e)) as BuildFailedError;
    expect(error).toBeInstanceOf(BuildFailedError);
    expect(error.message).toBe('process "/bin/sh -c echo about to fail && exit 3" did not complete successfully: exit code: 3');
    expect(error.step).toMatch(/RUN echo about to fail && exit 3$/);
    expect(error.outputTail.join('\n')).toContain('about to fail');
  });

  it('names the failing step of a classic build and the intermediate images it left', async () => {
    const error = (await followBuildStream(recorded('classic-fail')).catch((e: unknown) => e)) as BuildFailedError;
    expect(error).toBeInstanceOf(BuildFailedError);
    expect(error.step).toBe('RUN echo about to fail && exit 3');
    expect(error.message).toMatch(/returned a non-zero code: 3/);
    // COPY and the busybox RUN committed images; FROM scratch and the failed step did not.
    expect(error.createdImages).toHaveLength(2);
    expect(error.createdImages.every((id) => /^[0-9a-f]{12}$/.test(id))).toBe(true);
  });

  it('fails when the stream ends without an image ID', async () => {
    await expect(followBuildStream(Readable.from(['{"stream":"Step 1/1 : FROM scratch\\n"}\n']))).rejects.toThrow('without reporting an image ID');
  });

  it('keeps non-JSON lines as output', async () => {
    const result = await followBuildStream(Readable.from(['proxy says hi\n{"aux":{"ID":"sha256:abc"}}\n']));
    expect(result).toEqual({ imageId: 'sha256:abc', log: ['proxy says hi'] });
  });
});
