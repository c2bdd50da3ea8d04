import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { readHead, rejoin } from '../../src/image/peek-stream.js';

describe('readHead', () => {
  it('reads at least n bytes in whole chunks and leaves the rest in the paused stream', async () => {
    const source = Readable.from([Buffer.from('abc'), Buffer.from('def'), Buffer.from('ghi')]);
    const start = await readHead(source, 4);
    expect(start.head.toString()).toBe('abcdef');
    const rest: Buffer[] = [];
    for await (const chunk of source) rest.push(chunk as Buffer);
    expect(Buffer.concat(rest).toString()).toBe('ghi');
  });

  it('records an end that comes after it resolved, so the caller cannot miss it', async () => {
    const source = Readable.from([Buffer.from('0123456789')]);
    const start = await readHead(source, 4);
    await new Promise((resolve) => setImmediate(resolve));
    expect(start.ended).toBe(true);
  });

  it('returns what there is when the stream ends first', async () => {
    expect(await readHead(Readable.from([Buffer.from('ab')]), 512)).toMatchObject({ head: Buffer.from('ab'), ended: true });
  });

  it('fails on a stream destroyed before it was read, as a tar member of a failed archive is', async () => {
    const source = Readable.from([Buffer.from('x')]);
    source.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    await expect(readHead(source, 1)).rejects.toThrow(/closed before it was read/);
    const errored = Readable.from([Buffer.from('x')]);
    errored.on('error', () => undefined);
    errored.destroy(new Error('cut'));
    await new Promise((resolve) => setImmediate(resolve));
    await expect(readHead(errored, 1)).rejects.toThrow('cut');
  });

  it('works on tar-stream entries (streamx streams) and gives the whole member back through rejoin', async () => {
    const pack = tar.pack();
    pack.entry({ name: 'a.json' }, '{"big": "' + 'x'.repeat(100_000) + '"}');
    pack.finalize();
    const extract = tar.extract();
    pack.pipe(extract as unknown as NodeJS.WritableStream);
    for await (const entry of extract) {
      const start = await readHead(entry as unknown as Readable, 512);
      const all: Buffer[] = [];
      for await (const chunk of rejoin(start, entry as unknown as Readable)) all.push(chunk as Buffer);
      expect(JSON.parse(Buffer.concat(all).toString()).big).toHaveLength(100_000);
    }
  });
});
