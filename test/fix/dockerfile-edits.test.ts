import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../src/dockerfile/dockerfile-parser.js';
import { applyEdits, cleanupCommand } from '../../src/fix/dockerfile-edits.js';
import { dockerfilePatch } from '../../src/fix/fix-patch.js';
import type { DockerfileEdit } from '../../src/fix/remedy.js';

const T = '"@${SOURCE_DATE_EPOCH:-0}"';

describe('applyEdits', () => {
  test.each<{ name: string; text: string; edits: DockerfileEdit[]; want: string }>([
    {
      name: 'one-line RUN gets the cleanup on the same line',
      text: 'FROM x\nRUN apt-get update && apt-get install -y jq\n',
      edits: [{ type: 'remove', line: 2, paths: ['/var/lib/apt/lists/*', '/var/log/dpkg.log'] }],
      want: 'FROM x\nRUN apt-get update && apt-get install -y jq && rm -rf /var/lib/apt/lists/* /var/log/dpkg.log\n',
    },
    {
      name: 'leading && continuation style and space indentation kept',
      text: 'FROM x\nRUN apt-get update \\\n    && apt-get install -y jq\nCMD ["jq"]\n',
      edits: [{ type: 'remove', line: 2, paths: ['/var/cache/apt/*.bin'] }],
      want: 'FROM x\nRUN apt-get update \\\n    && apt-get install -y jq \\\n    && rm -rf /var/cache/apt/*.bin\nCMD ["jq"]\n',
    },
    {
      name: 'trailing && style with tab indentation kept',
      text: 'FROM x\nRUN make && \\\n\tmake install\n',
      edits: [{ type: 'clamp-times', line: 2, paths: ['/usr/local/bin/tool'] }],
      want: `FROM x\nRUN make && \\\n\tmake install && \\\n\ttouch -c -h -d ${T} /usr/local/bin/tool\n`,
    },
    {
      name: 'comment line inside the continuation does not decide the style',
      text: 'FROM x\nRUN a \\\n# note && b\n  b\n',
      edits: [{ type: 'remove', line: 2, paths: ['/var/log/dpkg.log'] }],
      want: 'FROM x\nRUN a \\\n# note && b\n  b && \\\n  rm -rf /var/log/dpkg.log\n',
    },
    {
      name: 'backtick escape continues with a backtick',
      text: '# escape=`\nFROM x\nRUN a `\n  && b\n',
      edits: [{ type: 'remove', line: 3, paths: ['/var/log/dpkg.log'] }],
      want: '# escape=`\nFROM x\nRUN a `\n  && b `\n  && rm -rf /var/log/dpkg.log\n',
    },
    {
      name: 'ARG goes once, above the first RUN of the stage that needs it',
      text: 'FROM x AS build\nRUN a > /a\nRUN b > /b\nFROM y\nRUN c\n',
      edits: [
        { type: 'stage-arg', line: 2, for: 'times' },
        { type: 'clamp-times', line: 2, paths: ['/a'] },
        { type: 'stage-arg', line: 3, for: 'times' },
        { type: 'clamp-times', line: 3, paths: ['/b'] },
      ],
      want: `FROM x AS build\nARG SOURCE_DATE_EPOCH\nRUN a > /a && touch -c -h -d ${T} /a\nRUN b > /b && touch -c -h -d ${T} /b\nFROM y\nRUN c\n`,
    },
    {
      name: 'ARG goes above the first line that needs it and its comments, so earlier RUNs see nothing new',
      text: 'FROM x\nRUN apt-get install -y python3\n  # compile ahead of time\n  # (faster start)\n  RUN python3 -m compileall /app\nRUN date > /d\n',
      edits: [
        { type: 'stage-arg', line: 6, for: 'content' },
        { type: 'replace', line: 6, pattern: /(^|[;&|(]\s*)date(?=\s)/g, replacement: '$1date -d @1', label: 'date' },
        { type: 'stage-arg', line: 5, for: 'times' },
        { type: 'clamp-times', line: 5, paths: ['/app'] },
      ],
      want: `FROM x\nRUN apt-get install -y python3\n  ARG SOURCE_DATE_EPOCH\n  # compile ahead of time\n  # (faster start)\n  RUN python3 -m compileall /app && touch -c -h -d ${T} /app\nRUN date -d @1 > /d\n`,
    },
    {
      name: 'removal before clamp, removed paths not clamped',
      text: 'FROM x\nRUN apt-get update\n',
      edits: [
        { type: 'remove', line: 2, paths: ['/var/lib/apt/lists/*'] },
        { type: 'clamp-times', line: 2, paths: ['/var/lib/apt/lists', '/var/lib/apt/lists/partial'] },
      ],
      want: `FROM x\nRUN apt-get update && rm -rf /var/lib/apt/lists/* && touch -c -h -d ${T} /var/lib/apt/lists\n`,
    },
    {
      name: 'COPY gets --chmod after the keyword, other flags kept',
      text: 'FROM x\n  COPY --chown=1:1 app.sh /app.sh\n',
      edits: [{ type: 'chmod', line: 2, mode: '0644' }],
      want: 'FROM x\n  COPY --chmod=0644 --chown=1:1 app.sh /app.sh\n',
    },
    {
      name: 'gzip -n on every physical line, an existing -n left alone',
      text: 'FROM x\nRUN gzip -9 a \\\n && gzip -n b && gzip-wrapper c\n',
      edits: [{ type: 'replace', line: 2, pattern: /\bgzip\b(?!\s+-n\b)(?![\w.-])/g, replacement: 'gzip -n', label: 'gzip -n' }],
      want: 'FROM x\nRUN gzip -n -9 a \\\n && gzip -n b && gzip-wrapper c\n',
    },
    {
      name: 'a continued RUN gets one line per command: removal, then clamp',
      text: 'FROM x\nRUN a \\\n  && b\n',
      edits: [
        { type: 'remove', line: 2, paths: ['/var/log/dpkg.log'] },
        { type: 'clamp-times', line: 2, paths: ['/opt'] },
      ],
      want: `FROM x\nRUN a \\\n  && b \\\n  && rm -rf /var/log/dpkg.log \\\n  && touch -c -h -d ${T} /opt\n`,
    },
    {
      name: 'CRLF line endings kept',
      text: 'FROM x\r\nRUN a\r\n',
      edits: [{ type: 'remove', line: 2, paths: ['/var/log/dpkg.log'] }],
      want: 'FROM x\r\nRUN a && rm -rf /var/log/dpkg.log\r\n',
    },
  ])('$name', ({ text, edits, want }) => {
    expect(applyEdits(text, parseDockerfile(text), edits)).toBe(want);
  });

  test('the edited Dockerfile parses to the same instructions plus the cleanup', () => {
    const text = 'FROM x\nRUN apt-get update \\\n    && apt-get install -y jq\n';
    const edited = applyEdits(text, parseDockerfile(text), [{ type: 'remove', line: 2, paths: ['/var/log/dpkg.log'] }]);
    const run = parseDockerfile(edited).stages[0]!.instructions[0]!;
    expect(run.args).toBe('apt-get update && apt-get install -y jq && rm -rf /var/log/dpkg.log');
  });
});

describe('cleanupCommand', () => {
  test('many paths are clamped below their directories with find', () => {
    const paths = Array.from({ length: 30 }, (_, i) => `/usr/lib/python3/dist/m${i}.py`);
    expect(cleanupCommand([], paths)).toBe(`find /usr/lib/python3 -xdev -newermt ${T} ! -path /etc/hostname ! -path /etc/hosts ! -path /etc/resolv.conf -exec touch -c -h -d ${T} {} +`);
  });

  test('runtime mounts and whiteouts are never clamped (a RUN gets EROFS on them)', () => {
    expect(cleanupCommand([], ['/dev', '/proc', '/sys', '/sys/fs', '/etc/hosts', '/bin/.wh.ls', '/bin', '/devices'])).toBe(`touch -c -h -d ${T} /bin /devices`);
    expect(cleanupCommand([], ['/proc'])).toBe('');
  });

  test('a path with a space is quoted for sh', () => {
    expect(cleanupCommand([], ["/opt/my app/it's"])).toBe(`touch -c -h -d ${T} '/opt/my app/it'\\''s'`);
  });

  test('the command runs in sh: removes the lists, clamps the directory', () => {
    const root = mkdtempSync(join(tmpdir(), 'fix-cmd-'));
    try {
      const command = cleanupCommand([`${root}/lists/*`], [`${root}/lists`]);
      execFileSync('sh', ['-c', `mkdir -p ${root}/lists && touch ${root}/lists/a ${root}/lists/b && ${command}`], { env: { PATH: process.env.PATH, SOURCE_DATE_EPOCH: '1700000000' } });
      const listing = execFileSync('sh', ['-c', `ls -A ${root}/lists; stat -c %Y ${root}/lists`], { encoding: 'utf8' });
      expect(listing).toBe('1700000000\n');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('dockerfilePatch', () => {
  test('git apply --check accepts the patch in the context directory, and applying it gives the edited text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fix-patch-'));
    try {
      const before = 'FROM x\nRUN apt-get update \\\n\t&& apt-get install -y jq\nCMD ["jq"]\n';
      const after = applyEdits(before, parseDockerfile(before), [{ type: 'remove', line: 2, paths: ['/var/lib/apt/lists/*'] }, { type: 'stage-arg', line: 2, for: 'times' }]);
      mkdirp(join(dir, 'sub'));
      writeFileSync(join(dir, 'sub', 'Dockerfile'), before);
      writeFileSync(join(dir, 'fix.patch'), dockerfilePatch('sub/Dockerfile', before, after));
      const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
      git('init', '-q');
      git('apply', '--check', 'fix.patch');
      git('apply', 'fix.patch');
      expect(execFileSync('cat', [join(dir, 'sub', 'Dockerfile')], { encoding: 'utf8' })).toBe(after);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no patch when nothing changed', () => {
    expect(dockerfilePatch('Dockerfile', 'FROM x\n', 'FROM x\n')).toBe('');
  });
});

function mkdirp(dir: string): void {
  execFileSync('mkdir', ['-p', dir]);
}
