import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it, test } from 'vitest';
import { ArchiveFormatError } from '../../src/image/archive-members.js';
import { extractFiles } from '../../src/image/file-extractor.js';
import type { ImageArchive } from '../../src/image/image-archive.js';
import { LayerFormatError, readLayer, type LayerRead } from '../../src/image/layer-reader.js';
import { readImageArchive } from '../../src/image/save-reader.js';
import { SizeLimitError } from '../../src/image/stream-limits.js';
import { layerPath } from '../../src/image/tar-header.js';
import type { FileTree } from '../../src/tree/file-entry.js';
import { CORPUS, openItem, type CorpusItem } from './hostile-corpus.js';

const base = fileURLToPath(new URL('../fixtures/hostile/', import.meta.url));
const ERRORS = { LayerFormatError, SizeLimitError, ArchiveFormatError };
const sha = (text: string | Buffer) => 'sha256:' + createHash('sha256').update(text).digest('hex');
const layer = (file: string) => readLayer(createReadStream(join(base, 'layers', file)));
const archive = (file: string) => readImageArchive(createReadStream(join(base, 'archives', file)));

/** Time and memory one item may take. Everything here is done in milliseconds; a hang or a buffered blob is not. */
const TIME_LIMIT_MS = 5_000;
const MEMORY_LIMIT = 400 * 1024 * 1024;

/** Reads an item, watching time, peak memory and the bytes pulled from the source. */
async function readItem(item: CorpusItem) {
  const counter = { bytes: 0 };
  const source = openItem(item, base, counter);
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  const started = performance.now();
  const outcome: { value?: LayerRead | ImageArchive; error?: unknown } = await (item.reader === 'layer' ? readLayer(source) : readImageArchive(source)).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const ms = performance.now() - started;
  clearInterval(sample);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ...outcome, ms, memory: peak - rssBefore, bytesRead: counter.bytes, sourceDestroyed: source.destroyed };
}

function trees(value: LayerRead | ImageArchive): FileTree[] {
  return 'layers' in value ? value.layers.map((l) => l.tree) : [value.tree];
}

describe('every item of the hostile corpus is parsed cleanly or refused with a documented error', () => {
  test.each(CORPUS.map((item) => [item.name, item] as const))('%s', async (_name, item) => {
    const read = await readItem(item);
    expect(read.ms).toBeLessThan(TIME_LIMIT_MS);
    expect(read.memory).toBeLessThan(MEMORY_LIMIT);
    if (item.maxBytesRead !== undefined) expect(read.bytesRead).toBeLessThanOrEqual(item.maxBytesRead);
    if (item.refusal === null) {
      expect(read.error).toBeUndefined();
      for (const tree of trees(read.value!)) {
        for (const [path, entry] of tree) {
          // Inside the tree: absolute, normalised, no `..`, and keyed by the entry's own path.
          expect(path).toBe(layerPath(path));
          expect(path.split('/')).not.toContain('..');
          expect(entry.path).toBe(path);
          if (entry.type === 'hardlink') expect(entry.linkTarget).toBe(layerPath(entry.linkTarget!));
        }
      }
      return;
    }
    const error = read.error as Error;
    expect(error).toBeInstanceOf(ERRORS[item.refusal.name]);
    expect(error.message).toMatch(item.refusal.message);
    // One line, whatever names the archive holds.
    expect(error.message).not.toMatch(/[\r\n\u2028\u2029]/);
    if (item.refusal.cause) expect(error.cause).toBeInstanceOf(ERRORS[item.refusal.cause]);
    // A refused stream is not left open and paused.
    expect(read.sourceDestroyed).toBe(true);
  });
});

describe('what the parsed layers hold', () => {
  it('keeps absolute names under the root', async () => {
    const { tree } = await layer('absolute-path.tar');
    expect([...tree.keys()].sort()).toEqual(['/etc/hosts', '/etc/passwd']);
    expect(tree.get('/etc/passwd')?.digest).toBe(sha('root:x:0:0:root:/root:/bin/sh\n'));
  });

  it('resolves `..` inside the root, as containerd unpacks it: the entries stay visible', async () => {
    const { tree } = await layer('dotdot.tar');
    expect([...tree.keys()].sort()).toEqual(['/a/c', '/escape', '/etc/shadow', '/ok']);
    expect(tree.get('/escape')?.digest).toBe(sha('escape\n'));
    expect(tree.get('/etc/shadow')?.digest).toBe(sha('shadow\n'));
  });

  it('keeps the last of duplicate names, as extracting the tar would', async () => {
    const { tree } = await layer('duplicates.tar');
    expect(tree.size).toBe(2);
    expect(tree.get('/dup')).toMatchObject({ type: 'file', size: 15, digest: sha('second, longer\n') });
    expect(tree.get('/became-link')).toMatchObject({ type: 'symlink', linkTarget: 'dup' });
  });

  it('keeps a hard link to a missing target, without content', async () => {
    const { tree } = await layer('hardlink-missing.tar');
    expect([...tree.keys()]).toEqual(['/b-link']);
    expect(tree.get('/b-link')).toMatchObject({ type: 'hardlink', linkTarget: '/a-target', size: 0 });
    expect(tree.get('/b-link')?.digest).toBeUndefined();
  });

  it('keeps symlinks as written and never follows them', async () => {
    const { tree } = await layer('symlink-loop.tar');
    const links = Object.fromEntries([...tree.values()].filter((e) => e.type === 'symlink').map((e) => [e.path, e.linkTarget]));
    expect(links).toEqual({ '/a': 'b', '/b': 'a', '/self': 'self', '/dir/up': '..', '/dir/out': '../../../../etc/passwd' });
  });

  it('keeps names with line breaks, workflow commands, Markdown and HTML intact', async () => {
    const { tree } = await layer('injection-names.tar');
    expect([...tree.keys()].sort()).toEqual(
      [
        '/',
        '/<script>alert(1)<',
        '/<script>alert(1)</script>',
        '/back`tick`',
        '/evil\n::warning::injected',
        '/pct%0A::error::injected',
        '/pipe|name',
        '/quote"single\'',
        '/star*_under_',
        '/x<',
        '/x</details><img src=x onerror=alert(1)>',
        '/ünïcødé',
      ].sort(),
    );
  });

  it('keeps a 5,007-byte name', async () => {
    const { tree } = await layer('long-name-5k.tar');
    expect([...tree.keys()]).toEqual(['/long/' + 'd'.repeat(200) + '/' + 'n'.repeat(4800)]);
  });

  it('reads device nodes and fifos as metadata', async () => {
    const { tree } = await layer('devices.tar');
    expect(tree.get('/null')).toMatchObject({ type: 'char', devMajor: 1, devMinor: 3 });
    expect(tree.get('/loop0')).toMatchObject({ type: 'block', devMajor: 7, devMinor: 0 });
    expect(tree.get('/pipe')).toMatchObject({ type: 'fifo' });
  });

  it('reads an empty blob as an empty layer', async () => {
    expect(await layer('empty.tar')).toMatchObject({ tree: new Map(), diffId: sha(''), size: 0 });
  });
});

describe('archives around hostile layers', () => {
  it('reads an image of the parsable hostile layers, each as readLayer reads it alone', async () => {
    const image = await archive('hostile-layers-oci.tar');
    const files = ['injection-names.tar', 'dotdot.tar', 'absolute-path.tar', 'duplicates.tar', 'hardlink-missing.tar', 'symlink-loop.tar', 'devices.tar'];
    expect(image.layers).toHaveLength(files.length);
    expect(image.layers[1]!.compression).toBe('gzip');
    for (const [index, file] of files.entries()) expect(image.layers[index]!.tree).toEqual((await layer(file)).tree);
  });

  it('extracts files by the paths the first read gave them, `..` and line breaks included', async () => {
    const image = await archive('hostile-layers-oci.tar');
    const [names, dotdot] = [image.layers[0]!, image.layers[1]!];
    const requests = new Map([
      [names.member, new Set(['/evil\n::warning::injected'])],
      [dotdot.member, new Set(['/escape', '/etc/shadow'])],
    ]);
    const files = await extractFiles(createReadStream(join(base, 'archives', 'hostile-layers-oci.tar')), requests);
    expect(files.get(names.member)?.get('/evil\n::warning::injected')?.content).toEqual(Buffer.from('x\n'));
    expect(files.get(dotdot.member)?.get('/escape')?.content).toEqual(Buffer.from('escape\n'));
    expect(files.get(dotdot.member)?.get('/etc/shadow')?.content).toEqual(Buffer.from('shadow\n'));
  });

  it('walks an index that lists itself 100 times once, not 100⁴ times', async () => {
    const image = await archive('index-fanout.tar');
    expect(image.layers).toHaveLength(1);
    expect(image.attestations).toEqual([]);
  });

  it('refuses a corrupt layer in extractFiles too, with an ArchiveFormatError', async () => {
    const member = 'blobs/sha256/' + sha(readFileSync(join(base, 'layers', 'truncated.tar.gz'))).slice('sha256:'.length);
    const stream = createReadStream(join(base, 'archives', 'truncated-gzip-layer.tar'));
    const extracting = extractFiles(stream, new Map([[member, new Set(['/a-small'])]]));
    await expect(extracting).rejects.toThrow(ArchiveFormatError);
    await expect(extracting).rejects.toThrow(/unexpected end of file/);
    expect(stream.destroyed).toBe(true);
  });
});

describe('the readers never write to disk', () => {
  it('reads the whole corpus in a process that may read files but not write them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hostile-runner-'));
    try {
      const runner = join(dir, 'hostile-runner.cjs');
      await build({
        entryPoints: [fileURLToPath(new URL('hostile-runner.ts', import.meta.url))],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        outfile: runner,
        logLevel: 'silent',
      });
      // Node 20 calls the permission model experimental; later versions name the flag `--permission`.
      const flag = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
      const { stdout } = await promisify(execFile)(process.execPath, [flag, '--allow-fs-read=*', runner, base], {
        timeout: 60_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { sandbox?: string; name?: string; outcome?: string; error?: string; code?: string });
      expect(lines[0]).toEqual({ sandbox: 'ERR_ACCESS_DENIED' });
      const results = lines.slice(1);
      expect(results.map((r) => r.name)).toEqual(CORPUS.map((item) => item.name));
      for (const [index, item] of CORPUS.entries()) {
        const result = results[index]!;
        expect(result.code, item.name).toBeUndefined();
        expect(result.outcome, item.name).toBe(item.refusal ? 'refused' : 'parsed');
        if (item.refusal) expect(result.error, item.name).toBe(item.refusal.name);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
