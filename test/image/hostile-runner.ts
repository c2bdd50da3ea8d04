import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { readLayer } from '../../src/image/layer-reader.js';
import { readImageArchive } from '../../src/image/save-reader.js';
import { CORPUS, openItem } from './hostile-corpus.js';

/**
 * Reads the whole hostile corpus and prints one JSON line per item. hostile-input.test.ts bundles
 * this file and runs it under Node's permission model with read access only, so any attempt of the
 * readers to write a file fails with ERR_ACCESS_DENIED and shows in the output.
 * Usage: node --experimental-permission --allow-fs-read=* hostile-runner.cjs <test/fixtures/hostile/>
 */
async function main(base: string): Promise<void> {
  // First prove that writing is refused here, or the run would prove nothing.
  try {
    writeFileSync(join(tmpdir(), 'repro-check-hostile-probe'), 'x');
    console.log(JSON.stringify({ sandbox: 'writable' }));
  } catch (error) {
    console.log(JSON.stringify({ sandbox: (error as NodeJS.ErrnoException).code }));
  }
  for (const item of CORPUS) {
    const source: Readable = openItem(item, base);
    try {
      await (item.reader === 'layer' ? readLayer(source) : readImageArchive(source));
      console.log(JSON.stringify({ name: item.name, outcome: 'parsed' }));
    } catch (error) {
      const e = error as Error & { code?: string };
      console.log(JSON.stringify({ name: item.name, outcome: 'refused', error: e.name, code: e.code, message: e.message, cause: (e.cause as Error | undefined)?.name }));
    }
  }
}

void main(process.argv[2] ?? '.');
