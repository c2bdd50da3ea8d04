import { runCli } from '../../src/cli/cli-main.js';
import type { Report } from '../../src/report/report.js';
import { recordingIo } from '../cli/cli-io.js';

/** repro-check's report of `diff A B` on two archives, run in-process (no engine is needed). */
export async function diffArchives(a: string, b: string): Promise<Report> {
  const io = recordingIo(process.cwd());
  const code = await runCli(['diff', a, b, '--level', 'content', '--changes', 'all', '--json'], io);
  if (code !== 0 && code !== 1) throw new Error(`repro-check diff exited ${code}: ${io.err.join('')}`);
  return JSON.parse(io.out.join('')) as Report;
}
