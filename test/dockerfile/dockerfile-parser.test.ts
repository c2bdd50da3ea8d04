import { describe, expect, it, test } from 'vitest';
import { findHeredocs, parseDockerfile, selectStageChain, splitFlags } from '../../src/dockerfile/dockerfile-parser.js';

/** The instructions of every stage, FROMs included, as `[keyword, args, line, endLine]`. */
function outline(text: string): [string, string, number, number][] {
  return parseDockerfile(text).stages.flatMap((stage) =>
    [stage.from, ...stage.instructions].map((i): [string, string, number, number] => [i.keyword, i.args, i.line, i.endLine]),
  );
}

describe('parseDockerfile', () => {
  test.each([
    {
      name: 'simple instructions',
      text: 'FROM alpine:3.20\nRUN date > /x\nCMD ["sh"]\n',
      expected: [
        ['FROM', 'alpine:3.20', 1, 1],
        ['RUN', 'date > /x', 2, 2],
        ['CMD', '["sh"]', 3, 3],
      ],
    },
    {
      name: 'case-insensitive keywords',
      text: 'from alpine\nrun echo hi\nCopy a /b',
      expected: [
        ['FROM', 'alpine', 1, 1],
        ['RUN', 'echo hi', 2, 2],
        ['COPY', 'a /b', 3, 3],
      ],
    },
    {
      name: 'comments and blank lines',
      text: '# a comment\n\nFROM alpine\n   # indented comment\n\n\tRUN echo hi   \n',
      expected: [
        ['FROM', 'alpine', 3, 3],
        ['RUN', 'echo hi', 6, 6],
      ],
    },
    {
      name: 'line continuations joined with one space',
      text: 'FROM alpine\nRUN apk add --no-cache \\\n      curl \\\n      git\nUSER app',
      expected: [
        ['FROM', 'alpine', 1, 1],
        ['RUN', 'apk add --no-cache curl git', 2, 4],
        ['USER', 'app', 5, 5],
      ],
    },
    {
      name: 'whitespace after the escape character',
      text: 'FROM alpine\nRUN echo a \\  \t\n  b\n',
      expected: [
        ['FROM', 'alpine', 1, 1],
        ['RUN', 'echo a b', 2, 3],
      ],
    },
    {
      name: 'comments and empty lines inside a continuation',
      text: 'FROM alpine\nRUN apk add \\\n# curl is for the healthcheck\n    curl \\\n\n    # and git for go get\n    git\nRUN true',
      expected: [
        ['FROM', 'alpine', 1, 1],
        ['RUN', 'apk add curl git', 2, 7],
        ['RUN', 'true', 8, 8],
      ],
    },
    {
      name: 'keyword alone on its line',
      text: 'FROM alpine\nRUN \\\n  echo hi',
      expected: [
        ['FROM', 'alpine', 1, 1],
        ['RUN', 'echo hi', 2, 3],
      ],
    },
    {
      name: 'exec form left as written',
      text: 'FROM alpine\nENTRYPOINT ["/bin/busybox", "sh"]\nRUN ["/bin/busybox","--install","-s","/bin"]',
      expected: [
        ['FROM', 'alpine', 1, 1],
        ['ENTRYPOINT', '["/bin/busybox", "sh"]', 2, 2],
        ['RUN', '["/bin/busybox","--install","-s","/bin"]', 3, 3],
      ],
    },
    {
      name: 'CRLF line endings and a byte-order mark',
      text: '\uFEFFFROM alpine\r\nRUN echo a \\\r\n    && echo b\r\n\r\nCMD ["sh"]\r\n',
      expected: [
        ['FROM', 'alpine', 1, 1],
        ['RUN', 'echo a && echo b', 2, 3],
        ['CMD', '["sh"]', 5, 5],
      ],
    },
    {
      name: 'continuation running into the end of the file',
      text: 'FROM alpine\nRUN echo a \\',
      expected: [
        ['FROM', 'alpine', 1, 1],
        ['RUN', 'echo a', 2, 2],
      ],
    },
  ])('$name', ({ text, expected }) => {
    expect(outline(text)).toEqual(expected);
  });

  test.each([
    { name: 'no directive', text: 'FROM x\nRUN a \\\n b', escape: '\\', run: 'a b' },
    { name: 'backtick escape', text: '# escape=`\nFROM x\nRUN dir C:\\ `\n  && echo done', escape: '`', run: 'dir C:\\ && echo done' },
    { name: 'case-insensitive, spaced', text: '#  ESCAPE = `\nFROM x\nRUN a `\n b', escape: '`', run: 'a b' },
    { name: 'after syntax and check', text: '# syntax=docker/dockerfile:1\n# check=skip=all\n# escape=`\nFROM x\nRUN a `\n b', escape: '`', run: 'a b' },
    { name: 'after a blank line is a comment', text: '\n# escape=`\nFROM x\nRUN a \\\n b', escape: '\\', run: 'a b' },
    { name: 'after a comment is a comment', text: '# hello\n# escape=`\nFROM x\nRUN a \\\n b', escape: '\\', run: 'a b' },
    { name: 'after an instruction is a comment', text: 'FROM x\n# escape=`\nRUN a \\\n b', escape: '\\', run: 'a b' },
    { name: 'invalid value ignored', text: '# escape=x\nFROM x\nRUN a \\\n b', escape: '\\', run: 'a b' },
  ])('escape directive: $name', ({ text, escape, run }) => {
    const dockerfile = parseDockerfile(text);
    expect(dockerfile.escape).toBe(escape);
    expect(dockerfile.stages[0]?.instructions[0]?.args).toBe(run);
  });

  test('a backslash at the end of a line is literal under the backtick escape', () => {
    const text = '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver\nCOPY app C:\\app\\\nRUN dir C:\\app';
    expect(outline(text).slice(1)).toEqual([
      ['COPY', 'app C:\\app\\', 3, 3],
      ['RUN', 'dir C:\\app', 4, 4],
    ]);
  });

  test.each([
    { args: 'COPY --from=builder --chmod=644 /out /out', flags: { from: 'builder', chmod: '644' } },
    { args: 'COPY --link --chown="1000:1000" a /b', flags: { link: '', chown: '1000:1000' } },
    { args: 'RUN --mount=type=cache,target=/root/.cache go build', flags: { mount: 'type=cache,target=/root/.cache' } },
    { args: 'RUN --mount=type=secret,id=a --mount=type=secret,id=b cat x', flags: { mount: 'type=secret,id=b' } },
    { args: 'RUN echo --not-a-flag', flags: {} },
    { args: 'HEALTHCHECK --interval=5s CMD true', flags: { interval: '5s' } },
  ])('flags of $args', ({ args, flags }) => {
    const instruction = parseDockerfile(`FROM x\n${args}`).stages[0]?.instructions[0];
    expect(instruction?.flags).toEqual(flags);
    expect(`${instruction?.keyword} ${instruction?.args}`).toBe(args);
  });

  test('splitFlags returns the arguments after the flags', () => {
    expect(splitFlags('--from=builder --link /out /out')).toEqual({ flags: { from: 'builder', link: '' }, rest: '/out /out' });
  });

  describe('heredocs', () => {
    test.each([
      {
        name: 'RUN <<EOF',
        text: 'FROM x\nRUN <<EOF\necho one\n\n# not a comment\necho two\nEOF\nUSER app',
        args: '<<EOF',
        heredocs: ['echo one\n\n# not a comment\necho two\n'],
        lines: [2, 7],
      },
      {
        name: '<<- strips leading tabs',
        text: 'FROM x\nRUN <<-EOT\n\tset -e\n\t\ttouch /c\n\tEOT\nUSER app',
        args: '<<-EOT',
        heredocs: ['set -e\ntouch /c\n'],
        lines: [2, 5],
      },
      {
        name: 'COPY <<EOF /file',
        text: 'FROM x\nCOPY <<EOF /etc/motd\nhello\nEOF\nUSER app',
        args: '<<EOF /etc/motd',
        heredocs: ['hello\n'],
        lines: [2, 4],
      },
      {
        name: 'quoted delimiter',
        text: 'FROM x\nRUN <<"EOF" bash\necho $HOME\nEOF\nUSER app',
        args: '<<"EOF" bash',
        heredocs: ['echo $HOME\n'],
        lines: [2, 4],
      },
      {
        name: 'several heredocs on one instruction',
        text: "FROM x\nCOPY <<A <<'B' /dir/\nfirst\nA\nsecond\nB\nUSER app",
        args: "<<A <<'B' /dir/",
        heredocs: ['first\n', 'second\n'],
        lines: [2, 6],
      },
      {
        name: 'heredoc after a continuation and flags',
        text: 'FROM x\nRUN --mount=type=cache,target=/c \\\n  python3 <<EOF\nprint(1)\nEOF\nUSER app',
        args: '--mount=type=cache,target=/c python3 <<EOF',
        heredocs: ['print(1)\n'],
        lines: [2, 5],
      },
      {
        name: 'unterminated heredoc takes the rest of the file',
        text: 'FROM x\nRUN <<EOF\necho one\nUSER app',
        args: '<<EOF',
        heredocs: ['echo one\nUSER app\n'],
        lines: [2, 4],
      },
    ])('$name', ({ name, text, args, heredocs, lines }) => {
      const instructions = parseDockerfile(text).stages[0]?.instructions ?? [];
      expect(instructions[0]).toMatchObject({ args, heredocs, line: lines[0], endLine: lines[1] });
      // The instruction after the heredoc starts right after its delimiter (none when unterminated).
      const next = instructions[1];
      const after = lines[1] ?? 0;
      expect(next && [next.keyword, next.line]).toEqual(name.startsWith('unterminated') ? undefined : ['USER', after + 1]);
    });

    test.each([
      { args: 'echo "<<EOF"', names: [] },
      { args: 'cat <<<here', names: [] },
      { args: 'echo a<<b', names: [] },
      { args: '["sh", "-c", "cat <<EOF"]', names: [] },
      { args: 'cat 3<<EOF', names: ['EOF'] },
      { args: "<<-'EOT' sh", names: ['EOT'] },
    ])('markers in $args', ({ args, names }) => {
      expect(findHeredocs(args).map((marker) => marker.name)).toEqual(names);
    });

    test('only RUN, COPY and ADD take heredocs', () => {
      const instructions = parseDockerfile('FROM x\nLABEL a=<<EOF\nUSER app').stages[0]?.instructions ?? [];
      expect(instructions.map((i) => i.keyword)).toEqual(['LABEL', 'USER']);
      expect(instructions[0]?.heredocs).toBeUndefined();
    });
  });

  it('groups stages with their names, bases and global args', () => {
    const dockerfile = parseDockerfile(
      [
        'ARG GO_VERSION=1.22',
        'LABEL dropped=before-from',
        'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS Builder',
        'RUN go build -o /out/app .',
        'FROM alpine:3.20',
        'COPY --from=builder /out/app /app',
      ].join('\n'),
    );
    expect(dockerfile.globalArgs.map((i) => i.args)).toEqual(['GO_VERSION=1.22']);
    expect(dockerfile.stages.map((s) => ({ index: s.index, name: s.name, base: s.base }))).toEqual([
      { index: 0, name: 'builder', base: 'golang:${GO_VERSION}' },
      { index: 1, name: undefined, base: 'alpine:3.20' },
    ]);
    expect(dockerfile.stages[0]?.from.flags).toEqual({ platform: '$BUILDPLATFORM' });
    expect(dockerfile.stages[1]?.instructions.map((i) => i.line)).toEqual([6]);
  });

  test.each(['', '# only a comment\n', '\n\n', 'RUN echo before any FROM', 'FROM', 'FROM x AS'])('tolerates %j', (text) => {
    expect(() => parseDockerfile(text)).not.toThrow();
  });
});

describe('selectStageChain', () => {
  const dockerfile = parseDockerfile(
    [
      'FROM golang:1.22 AS builder',
      'RUN go build -o /out/app .',
      'FROM alpine:3.20 AS base',
      'RUN apk add --no-cache ca-certificates',
      'FROM base AS Final',
      'COPY --from=builder /out/app /usr/local/bin/app',
      'FROM final AS debug',
      'RUN apk add --no-cache strace',
      'FROM later AS early',
      'FROM scratch AS later',
    ].join('\n'),
  );

  test.each([
    { target: 'builder', chain: ['builder'] },
    { target: 'base', chain: ['base'] },
    { target: 'final', chain: ['base', 'final'] },
    { target: 'FINAL', chain: ['base', 'final'] },
    { target: 'debug', chain: ['base', 'final', 'debug'] },
    // A FROM can only name an earlier stage; `later` is an image here.
    { target: 'early', chain: ['early'] },
    { target: undefined, chain: ['later'] },
  ])('target $target', ({ target, chain }) => {
    expect(selectStageChain(dockerfile, target).map((stage) => stage.name)).toEqual(chain);
  });

  it('uses the last stage, named or not, by default', () => {
    const chain = selectStageChain(parseDockerfile('FROM alpine AS base\nRUN true\nFROM base\nRUN false'));
    expect(chain.map((stage) => stage.index)).toEqual([0, 1]);
  });

  it('names the target and the available stages when the target is unknown', () => {
    expect(() => selectStageChain(dockerfile, 'nope')).toThrow(
      /"nope".*builder, base, final, debug, early, later/,
    );
  });

  it('returns no stages for a Dockerfile without FROM', () => {
    expect(selectStageChain(parseDockerfile('ARG A=1'))).toEqual([]);
  });
});
