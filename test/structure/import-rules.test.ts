import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The import rules `npm run lint` checks (.dependency-cruiser.cjs), run as lint runs them on small
// hand-written trees: each breach below must fail it, and the allowed imports must not.
const root = join(import.meta.dirname, '..', '..');
const CONFIG = join(root, '.dependency-cruiser.cjs');
const DEPCRUISE = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const TSCONFIG = JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, verbatimModuleSyntax: true } });

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (path under the project: text) into a fresh project and runs the rules over its src/. */
async function lint(files: Record<string, string>): Promise<{ status: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'import-rules-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries({ 'tsconfig.json': TSCONFIG, ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'err'], { cwd: dir });
    return { status: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('the import rules', () => {
  it('fail on a cycle closed by type-only imports, an import up a layer, one front end importing the other, and an exception used beyond its file', async () => {
    const { status, output } = await lint({
      'src/tree/one.ts': "import type { Two } from './two.js';\nexport interface One { two?: Two }\n",
      'src/tree/two.ts': "import type { One } from './one.js';\nexport interface Two { one?: One }\n",
      'src/image/reader.ts': "import type { Shown } from '../report/shown.js';\nexport type Read = Shown;\n",
      'src/report/shown.ts': 'export interface Shown { text: string }\n',
      'src/report/escape.ts': 'export const showControls = (text: string): string => text;\n',
      'src/action/main.ts': "import { exit } from '../cli/cli-main.js';\nexport const code = exit;\n",
      'src/cli/cli-main.ts': 'export const exit = 2;\n',
      'src/explain/inspect/text-inspect.ts': "import { showControls } from '../../report/escape.js';\nimport type { Shown } from '../../report/shown.js';\nexport const inspect = (s: Shown): string => showControls(s.text);\n",
    });
    expect(status).not.toBe(0);
    expect(output).toMatch(/no-circular: src\/tree\/(one|two)\.ts/);
    expect(output).toMatch(/layer-image: src\/image\/reader\.ts → src\/report\/shown\.ts/);
    expect(output).toMatch(/front-ends-apart: src\/action\/main\.ts → src\/cli\/cli-main\.ts/);
    expect(output).toMatch(/exception-explain-inspect-text-inspect-ts: src\/explain\/inspect\/text-inspect\.ts → src\/report\/shown\.ts/);
    // The exception itself is allowed.
    expect(output).not.toMatch(/text-inspect\.ts → src\/report\/escape\.ts/);
    expect(output.match(/^\s*error /gm)).toHaveLength(4);
  });

  it('pass imports that point down the layers, types and re-exports included', async () => {
    const { status, output } = await lint({
      'src/tree/one.ts': 'export interface One { path: string }\n',
      'src/image/reader.ts': "import type { One } from '../tree/one.js';\nexport type Read = One;\n",
      'src/report/shown.ts': "export type { Read } from '../image/reader.js';\n",
      'src/check/run.ts': "import type { Read } from '../report/shown.js';\nexport const run = (r: Read): string => r.path;\n",
      'src/cli/cli-main.ts': "import { run } from '../check/run.js';\nexport const main = run;\n",
      'src/action/main.ts': "import { run } from '../check/run.js';\nexport const main = run;\n",
    });
    expect(output).toMatch(/no dependency violations/);
    expect(status).toBe(0);
  });
});
