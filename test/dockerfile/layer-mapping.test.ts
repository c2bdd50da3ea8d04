import { describe, expect, it, test } from 'vitest';
import { parseDockerfile, selectStageChain } from '../../src/dockerfile/dockerfile-parser.js';
import { mapLayersToInstructions } from '../../src/dockerfile/layer-mapping.js';
import type { HistoryEntry } from '../../src/image/image-archive.js';

/** A history entry that made a layer. */
function layer(createdBy: string): HistoryEntry {
  return { created: '2024-05-01T00:00:00Z', created_by: createdBy, comment: 'buildkit.dockerfile.v0' };
}

/** A history entry without a layer (metadata instructions). */
function meta(createdBy: string): HistoryEntry {
  return { created: '2024-05-01T00:00:00Z', created_by: createdBy, empty_layer: true };
}

/** The Dockerfile line each layer maps to. */
function lines(dockerfile: string, history: HistoryEntry[], target?: string): (number | null)[] {
  const chain = selectStageChain(parseDockerfile(dockerfile), target);
  return mapLayersToInstructions(history, chain).map((origin) => origin.line);
}

// Two layers and a CMD, as `docker history` shows them for an image built from alpine.
const BUILDKIT_BASE = [
  layer('ADD alpine-minirootfs-3.20.0-x86_64.tar.gz / # buildkit'),
  meta('CMD ["/bin/sh"]'),
  layer('RUN /bin/sh -c apk add --no-cache ca-certificates # buildkit'),
];
const CLASSIC_BASE = [
  layer('/bin/sh -c #(nop) ADD file:5851aef23205a072ef361dd412a73a39a1ada75e19a207a9ab5ee2df1a5b5a0b in / '),
  meta('/bin/sh -c #(nop)  CMD ["/bin/sh"]'),
  layer('/bin/sh -c apk add --no-cache ca-certificates'),
];

const SINGLE_STAGE = [
  'FROM example/base:1', // 1
  'COPY busybox /bin/busybox', // 2
  'RUN date > /x', // 3
  'WORKDIR /app', // 4
  'LABEL org.opencontainers.image.title="hello world"', // 5
  'ENV A=b', // 6
  'CMD ["x"]', // 7
].join('\n');

describe('mapLayersToInstructions', () => {
  it('maps a single-stage BuildKit history and leaves the base layers null', () => {
    const history = [
      ...BUILDKIT_BASE,
      layer('COPY busybox /bin/busybox # buildkit'),
      layer('RUN /bin/sh -c date > /x # buildkit'),
      layer('WORKDIR /app'),
      meta('LABEL org.opencontainers.image.title=hello world'),
      meta('ENV A=b'),
      meta('CMD ["x"]'),
    ];
    const chain = selectStageChain(parseDockerfile(SINGLE_STAGE));
    expect(mapLayersToInstructions(history, chain)).toEqual([
      { layer: 0, historyIndex: 0, createdBy: history[0]?.created_by, instruction: null, line: null },
      { layer: 1, historyIndex: 2, createdBy: history[2]?.created_by, instruction: null, line: null },
      { layer: 2, historyIndex: 3, createdBy: 'COPY busybox /bin/busybox # buildkit', instruction: 'COPY busybox /bin/busybox', line: 2 },
      { layer: 3, historyIndex: 4, createdBy: 'RUN /bin/sh -c date > /x # buildkit', instruction: 'RUN date > /x', line: 3 },
      { layer: 4, historyIndex: 5, createdBy: 'WORKDIR /app', instruction: 'WORKDIR /app', line: 4 },
    ]);
  });

  it('maps a classic-builder history', () => {
    const history = [
      ...CLASSIC_BASE,
      layer('/bin/sh -c #(nop) COPY file:3b7d0e1f8c2a4b5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5 in /bin/busybox '),
      layer('/bin/sh -c date > /x'),
      layer('/bin/sh -c #(nop) WORKDIR /app'),
      meta('/bin/sh -c #(nop)  LABEL org.opencontainers.image.title=hello world'),
      meta('/bin/sh -c #(nop)  ENV A=b'),
      meta('/bin/sh -c #(nop)  CMD ["x"]'),
    ];
    expect(lines(SINGLE_STAGE, history)).toEqual([null, null, 2, 3, 4]);
  });

  it('keeps created_by as given and an empty string when absent', () => {
    const history: HistoryEntry[] = [{ created: '2024-05-01T00:00:00Z' }, layer('RUN /bin/sh -c date > /x # buildkit')];
    const origins = mapLayersToInstructions(history, selectStageChain(parseDockerfile('FROM x\nRUN date > /x')));
    expect(origins.map((o) => [o.createdBy, o.line])).toEqual([
      ['', null],
      ['RUN /bin/sh -c date > /x # buildkit', 2],
    ]);
  });

  test.each([
    {
      name: 'BuildKit',
      history: [meta('ARG A=1'), meta('ARG B=2'), layer('RUN |2 A=1 B=2 /bin/sh -c echo $A > /a # buildkit')],
    },
    {
      name: 'classic',
      history: [meta('/bin/sh -c #(nop)  ARG A=1'), meta('/bin/sh -c #(nop)  ARG B=2'), layer('|2 A=1 B=2 /bin/sh -c echo $A > /a')],
    },
    {
      name: 'a value overridden with --build-arg, spaces included',
      history: [meta('ARG A=hello world'), meta('ARG B=2'), layer('RUN |2 A=hello world B=2 /bin/sh -c echo $A > /a # buildkit')],
    },
  ])('strips the build-args prefix ($name)', ({ history }) => {
    const dockerfile = 'FROM example/base:1\nARG A=1\nARG B=2\nRUN echo $A > /a';
    expect(lines(dockerfile, [...BUILDKIT_BASE, ...history])).toEqual([null, null, 4]);
  });

  test.each([
    ['BuildKit', 'RUN /bin/busybox --install -s /bin # buildkit'],
    ['BuildKit, as JSON', 'RUN ["/bin/busybox","--install","-s","/bin"] # buildkit'],
    ['BuildKit with build args', 'RUN |1 V=1 /bin/busybox --install -s /bin # buildkit'],
    ['classic', '/bin/busybox --install -s /bin'],
  ])('maps exec-form RUN (%s)', (_name, createdBy) => {
    const dockerfile = 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]';
    expect(lines(dockerfile, [layer('COPY busybox /bin/busybox # buildkit'), layer(createdBy)])).toEqual([2, 3]);
  });

  it('maps heredoc RUN and COPY', () => {
    const dockerfile = [
      'FROM example/base:1', // 1
      'RUN <<EOF', // 2
      'echo one > /a',
      'echo two > /b',
      'EOF',
      'RUN <<-EOT', // 6
      '\tset -e',
      '\ttouch /c',
      '\tEOT',
      'RUN cat <<EOF > /etc/greeting', // 10
      'hello',
      'EOF',
      'COPY <<"EOF" /etc/motd', // 13
      'welcome',
      'EOF',
    ].join('\n');
    const history = [
      ...BUILDKIT_BASE,
      layer('RUN /bin/sh -c echo one > /a\necho two > /b\n # buildkit'),
      layer('RUN /bin/sh -c set -e\ntouch /c\n # buildkit'),
      layer('RUN /bin/sh -c cat <<EOF > /etc/greeting\nhello\nEOF # buildkit'),
      layer('COPY <<EOF /etc/motd # buildkit'),
    ];
    expect(lines(dockerfile, history)).toEqual([null, null, 2, 6, 10, 13]);
  });

  const MULTI_STAGE = [
    'FROM golang:1.22 AS builder', // 1
    'WORKDIR /src', // 2
    'COPY . .', // 3
    'RUN go build -o /out/app .', // 4
    '',
    'FROM alpine:3.20 AS base', // 6
    'RUN apk add --no-cache ca-certificates', // 7
    '',
    'FROM base AS final', // 9
    'COPY --from=builder /out/app /usr/local/bin/app', // 10
    'ENTRYPOINT ["app"]', // 11
  ].join('\n');

  test.each([
    ['BuildKit (which omits --from)', 'COPY /out/app /usr/local/bin/app # buildkit'],
    ['BuildKit, with --from', 'COPY --from=builder /out/app /usr/local/bin/app # buildkit'],
    ['classic', '/bin/sh -c #(nop) COPY file:9c1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80 in /usr/local/bin/app '],
  ])('maps a FROM-base chain with COPY --from (%s)', (_name, copy) => {
    const history = [
      layer('ADD alpine-minirootfs-3.20.0-x86_64.tar.gz / # buildkit'),
      meta('CMD ["/bin/sh"]'),
      layer('RUN /bin/sh -c apk add --no-cache ca-certificates # buildkit'),
      layer(copy),
      meta('ENTRYPOINT ["app"]'),
    ];
    // The base stage's RUN is in the image; the builder stage's instructions are not.
    expect(lines(MULTI_STAGE, history)).toEqual([null, 7, 10]);
  });

  it('maps the history of a --target stage', () => {
    const history = [
      layer('/bin/sh -c #(nop) ADD file:a1b2c3 in / '),
      meta('/bin/sh -c #(nop)  CMD ["bash"]'),
      layer('/bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends git'),
      meta('/bin/sh -c #(nop)  ENV GOLANG_VERSION=1.22.3'),
      layer('/bin/sh -c set -eux; curl -fsSL https://go.dev/dl/go1.22.3.linux-amd64.tar.gz | tar -C /usr/local -xz'),
      layer('WORKDIR /go'),
      layer('WORKDIR /src'),
      layer('COPY . . # buildkit'),
      layer('RUN /bin/sh -c go build -o /out/app . # buildkit'),
    ];
    expect(lines(MULTI_STAGE, history, 'builder')).toEqual([null, null, null, null, 2, 3, 4]);
  });

  it('maps WORKDIR layers, relative ones resolved by BuildKit', () => {
    const dockerfile = 'FROM example/base:1\nWORKDIR /app\nWORKDIR sub/\nRUN touch x';
    const history = [...BUILDKIT_BASE, layer('WORKDIR /app'), layer('WORKDIR /app/sub'), layer('RUN /bin/sh -c touch x # buildkit')];
    expect(lines(dockerfile, history)).toEqual([null, null, 2, 3, 4]);
  });

  it('maps repeated identical instructions to their own lines', () => {
    const dockerfile = 'FROM example/base:1\nRUN date > /x\nRUN date > /x\nRUN date > /x';
    const history = [
      ...BUILDKIT_BASE,
      layer('RUN /bin/sh -c date > /x # buildkit'),
      layer('RUN /bin/sh -c date > /x # buildkit'),
      layer('RUN /bin/sh -c date > /x # buildkit'),
    ];
    expect(lines(dockerfile, history)).toEqual([null, null, 2, 3, 4]);
  });

  it('prefers the end of the history when a base layer looks like an instruction', () => {
    const dockerfile = 'FROM example/base:1\nRUN apk add --no-cache ca-certificates';
    const history = [...BUILDKIT_BASE, layer('RUN /bin/sh -c apk add --no-cache ca-certificates # buildkit')];
    expect(lines(dockerfile, history)).toEqual([null, null, 2]);
  });

  test.each([
    {
      name: 'indented continuation lines',
      dockerfile: 'FROM example/base:1\nRUN apk add --no-cache \\\n      curl \\\n      git\nUSER app',
      createdBy: 'RUN /bin/sh -c apk add --no-cache       curl       git # buildkit',
    },
    {
      name: 'a continuation that splits a word',
      dockerfile: 'FROM example/base:1\nRUN echo hel\\\nlo > /greeting\nUSER app',
      createdBy: 'RUN /bin/sh -c echo hello > /greeting # buildkit',
    },
    {
      name: 'comments inside the continuation',
      dockerfile: 'FROM example/base:1\nRUN apk add \\\n# curl for the healthcheck\n    curl \\\n\n    git\nUSER app',
      createdBy: 'RUN /bin/sh -c apk add     curl     git # buildkit',
    },
    {
      name: 'CRLF line endings',
      dockerfile: 'FROM example/base:1\r\nRUN apk add \\\r\n    curl\r\nUSER app\r\n',
      createdBy: 'RUN /bin/sh -c apk add     curl # buildkit',
    },
  ])('maps a continued instruction to its first line ($name)', ({ dockerfile, createdBy }) => {
    expect(lines(dockerfile, [...BUILDKIT_BASE, layer(createdBy), meta('USER app')])).toEqual([null, null, 2]);
  });

  it('maps under the backtick escape directive and a Windows shell', () => {
    const dockerfile = [
      '# escape=`',
      'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022',
      'COPY app C:\\app\\',
      'RUN dir C:\\app `',
      '    && echo done',
    ].join('\n');
    const history = [
      layer('Apply image 10.0.20348.2461'),
      layer('COPY app C:\\app\\ # buildkit'),
      layer('RUN cmd /S /C dir C:\\app     && echo done # buildkit'),
    ];
    expect(lines(dockerfile, history)).toEqual([null, 3, 4]);
  });

  test.each([
    ['SHELL pipefail', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'SHELL [/bin/bash -o pipefail -c]', 'RUN /bin/bash -o pipefail -c curl -fsSL https://example.com | tar -x # buildkit'],
    ['classic SHELL', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', '/bin/bash -o pipefail -c #(nop)  SHELL [/bin/bash -o pipefail -c]', '|1 V=2 /bin/bash -o pipefail -c curl -fsSL https://example.com | tar -x'],
  ])('maps RUN under a custom shell (%s)', (_name, shell, shellHistory, run) => {
    const dockerfile = `FROM example/base:1\n${shell}\nRUN curl -fsSL https://example.com | tar -x`;
    expect(lines(dockerfile, [...BUILDKIT_BASE, meta(shellHistory), layer(run)])).toEqual([null, null, 3]);
  });

  it('matches COPY and ENV with variables the builder expanded', () => {
    const dockerfile = 'FROM example/base:1\nARG APP=hello\nENV HOME_DIR=/srv/$APP\nCOPY ${APP}.tar.gz $HOME_DIR/\nRUN tar -xzf $HOME_DIR/$APP.tar.gz';
    const history = [
      ...BUILDKIT_BASE,
      meta('ARG APP=hello'),
      meta('ENV HOME_DIR=/srv/hello'),
      layer('COPY hello.tar.gz /srv/hello/ # buildkit'),
      layer('RUN |1 APP=hello /bin/sh -c tar -xzf $HOME_DIR/$APP.tar.gz # buildkit'),
    ];
    expect(lines(dockerfile, history)).toEqual([null, null, 4, 5]);
  });

  test.each([
    { name: 'docker import', base: [layer('Imported from -')] },
    { name: 'an empty created_by', base: [layer('')] },
  ])('maps a $name base to null', ({ base }) => {
    const history = [...base, layer('RUN /bin/sh -c date > /x # buildkit')];
    expect(lines('FROM imported\nRUN date > /x', history)).toEqual([null, 2]);
  });

  it('maps a history that does not match the Dockerfile to null, without throwing', () => {
    const dockerfile = 'FROM alpine\nCOPY app /app\nRUN chmod +x /app\nCMD ["/app"]';
    const history = [
      layer('/bin/sh -c #(nop) ADD file:0a1b2c in / '),
      meta('/bin/sh -c #(nop)  CMD ["bash"]'),
      layer('RUN /bin/sh -c apt-get update && apt-get install -y nginx # buildkit'),
      layer('COPY nginx.conf /etc/nginx/nginx.conf # buildkit'),
      meta('CMD ["nginx" "-g" "daemon off;"]'),
    ];
    expect(lines(dockerfile, history)).toEqual([null, null, null]);
  });

  it('maps nothing for an empty chain or an empty history', () => {
    expect(mapLayersToInstructions([layer('RUN /bin/sh -c true # buildkit')], [])).toEqual([
      { layer: 0, historyIndex: 0, createdBy: 'RUN /bin/sh -c true # buildkit', instruction: null, line: null },
    ]);
    expect(mapLayersToInstructions([], selectStageChain(parseDockerfile('FROM x\nRUN true')))).toEqual([]);
  });

  it('anchors keyword-only matches between certain ones', () => {
    // Neither RUN text matches (a build tool rewrote them), but the exact COPY before them shows
    // the history is this Dockerfile's, so the layers still line up by keyword.
    const dockerfile = 'FROM example/base:1\nCOPY src /src\nRUN make\nRUN make install';
    const history = [
      ...BUILDKIT_BASE,
      layer('COPY src /src # buildkit'),
      layer('RUN /bin/sh -c cd /src && make # buildkit'),
      layer('RUN /bin/sh -c cd /src && make install # buildkit'),
    ];
    expect(lines(dockerfile, history)).toEqual([null, null, 2, 3, 4]);
  });

  it('aligns a few thousand entries in time', () => {
    const count = 2000;
    const steps = Array.from({ length: count }, (_, i) => `RUN echo ${i % 7} > /f${i}`);
    const dockerfile = ['FROM example/base:1', ...steps].join('\n');
    const history = [...BUILDKIT_BASE, ...steps.map((step) => layer(`RUN /bin/sh -c ${step.slice(4)} # buildkit`))];
    const started = Date.now();
    const mapped = lines(dockerfile, history);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(mapped.slice(0, 2)).toEqual([null, null]);
    expect(mapped.slice(2)).toEqual(steps.map((_, i) => i + 2));
  });
});
