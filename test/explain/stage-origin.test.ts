import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/dockerfile-parser.js';
import { stageOrigin } from '../../src/explain/stage-origin.js';

// Line numbers are written next to each instruction: the expectations are read off this text.
const DOCKERFILE = [
  'FROM debian:bookworm AS base', //                                1
  'RUN apt-get update && apt-get install -y gcc', //               2
  '', //                                                            3
  'FROM base AS builder', //                                        4
  'WORKDIR /build', //                                              5
  'COPY assets/ assets/', //                                        6
  'COPY main.c Makefile ./', //                                     7
  'RUN mkdir -p out/docs \\', //                                    8
  ' && tar -czf out/assets.tar.gz assets \\', //                    9
  ' && sha256sum out/assets.tar.gz > out/assets.sha256', //         10
  'RUN make && cp main out/main', //                                11
  'RUN echo "built" > out/docs/notes.txt && date > out/docs/when', // 12
  'RUN touch out/assets.sha256', //                                 13
  '', //                                                            14
  'FROM busybox', //                                                15
  'COPY --from=builder /build/out/ /srv/', //                       16
].join('\n');
const stages = parseDockerfile(DOCKERFILE).stages;
const COPY = 'COPY --from=builder /build/out/ /srv/';

describe('stageOrigin', () => {
  it.each([
    // The tarball is named by the RUN that starts at line 8 only.
    ['/srv/assets.tar.gz', 8, 'assets.tar.gz'],
    // Named at line 8 and touched again at line 13: the last instruction that names it wins.
    ['/srv/assets.sha256', 13, 'assets.sha256'],
    // `main` is named by `cp main out/main` (line 11), not by `main.c` of line 7.
    ['/srv/main', 11, 'main'],
    // A file in a subdirectory of the copied source: `out/docs` names its directory (line 12 is the last).
    ['/srv/docs/when', 12, 'when'],
  ])('finds the line of stage "builder" that names %s', (path, line, named) => {
    expect(stageOrigin(COPY, path, stages)).toMatchObject({ stage: 'builder', line, named });
  });

  it('names the directory below the copied source when the file name is not written', () => {
    const origin = stageOrigin(COPY, '/srv/docs/index.html', stages);
    expect(origin).toMatchObject({ stage: 'builder', line: 12 });
    expect(['/build/out/docs', 'out/docs']).toContain(origin!.named);
  });

  it('says the stage but no line when no instruction names the file', () => {
    expect(stageOrigin(COPY, '/srv/unnamed.bin', stages)).toEqual({ stage: 'builder', line: null });
  });

  it('does not take a longer file name for the file (main.c is not main)', () => {
    const only = parseDockerfile('FROM debian AS b\nCOPY main.c ./\nRUN cc -o app main.c\nFROM busybox\nCOPY --from=b /main /main\n').stages;
    expect(stageOrigin('COPY --from=b /main /main', '/main', only)).toEqual({ stage: 'b', line: null });
  });

  it('names a file copied to another name by its source name', () => {
    const only = parseDockerfile('FROM golang AS b\nRUN go build -o /out/tool ./cmd/tool\nRUN echo app > /out/app.txt\nFROM busybox\nCOPY --from=b /out/tool /usr/bin/app\n').stages;
    expect(stageOrigin('COPY --from=b /out/tool /usr/bin/app', '/usr/bin/app', only)).toMatchObject({ stage: 'b', line: 2, named: 'tool' });
  });

  it('follows the stage a source stage is based on', () => {
    const chain = parseDockerfile('FROM debian AS base\nRUN openssl rand -hex 16 > /etc/token\nFROM base AS app\nRUN true\nFROM busybox\nCOPY --from=app /etc/ /etc/\n').stages;
    expect(stageOrigin('COPY --from=app /etc/ /etc/', '/etc/token', chain)).toMatchObject({ stage: 'app', line: 2 });
  });

  it('reads a stage named by its index', () => {
    expect(stageOrigin('COPY --from=1 /build/out/ /srv/', '/srv/assets.tar.gz', stages)).toMatchObject({ stage: '1', line: 8 });
  });

  it.each([
    ['an image, not a stage', 'COPY --from=alpine:3 /srv/ /srv/', '/srv/assets.tar.gz'],
    ['no --from', 'COPY out/ /srv/', '/srv/assets.tar.gz'],
    ['a RUN layer', 'RUN cp -r /x /srv', '/srv/assets.tar.gz'],
    ['a path outside the destination', COPY, '/etc/hosts'],
    ['the destination directory itself', COPY, '/srv'],
  ])('gives nothing for %s', (_, copy, path) => {
    expect(stageOrigin(copy, path, stages)).toBeUndefined();
  });
});
