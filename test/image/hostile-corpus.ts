import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { JSON_LIMIT, JSON_TOTAL_LIMIT } from '../../src/image/stream-limits.js';

/**
 * The hostile corpus and what the readers must do with each item: the committed files of
 * test/fixtures/hostile/ (see its README for how each was made) and the items too big to commit,
 * made here on the fly. Shared by hostile-input.test.ts and by hostile-runner.ts, which reads the
 * corpus again in a process that may not write to disk. No vitest in here.
 */

/** Which reader an item is for. */
export type Reader = 'layer' | 'archive';

/** The error an item must be refused with: its class name, message, and for archives the `cause`'s class. */
export interface Refusal {
  name: 'LayerFormatError' | 'SizeLimitError' | 'ArchiveFormatError';
  message: RegExp;
  cause?: 'LayerFormatError' | 'SizeLimitError';
}

export interface CorpusItem {
  /** `layers/<file>` or `archives/<file>` of the committed corpus, or `lazy/<name>`. */
  name: string;
  reader: Reader;
  /** Null: parsed cleanly (the test checks the tree); else the error it must be refused with. */
  refusal: Refusal | null;
  /** For lazy items: at most this many bytes may be pulled from the source before the reader stops. */
  maxBytesRead?: number;
}

const MIB = 1024 * 1024;
const layerError = (message: RegExp): Refusal => ({ name: 'LayerFormatError', message });
const sizeError = (message: RegExp): Refusal => ({ name: 'SizeLimitError', message });
const archiveError = (message: RegExp, cause?: Refusal['cause']): Refusal => (cause ? { name: 'ArchiveFormatError', message, cause } : { name: 'ArchiveFormatError', message });
const TRUNCATED = /corrupt layer tar: the tar ends in the middle of an entry/;

export const CORPUS: CorpusItem[] = [
  { name: 'layers/absolute-path.tar', reader: 'layer', refusal: null },
  { name: 'layers/dotdot.tar', reader: 'layer', refusal: null },
  { name: 'layers/duplicates.tar', reader: 'layer', refusal: null },
  { name: 'layers/hardlink-missing.tar', reader: 'layer', refusal: null },
  { name: 'layers/symlink-loop.tar', reader: 'layer', refusal: null },
  { name: 'layers/injection-names.tar', reader: 'layer', refusal: null },
  { name: 'layers/long-name-5k.tar', reader: 'layer', refusal: null },
  { name: 'layers/devices.tar', reader: 'layer', refusal: null },
  { name: 'layers/empty.tar', reader: 'layer', refusal: null },
  { name: 'layers/huge-pax.tar.gz', reader: 'layer', refusal: sizeError(/^a PAX or GNU long-name header of the layer tar is larger than the 4194304-byte limit$/) },
  { name: 'layers/big-pax.tar.gz', reader: 'layer', refusal: sizeError(/^the PAX header of tar entry two-mib-pax\.txt is larger than the 1048576-byte limit$/) },
  { name: 'layers/long-name-70k.tar.gz', reader: 'layer', refusal: sizeError(/^the name of tar entry "long\/n{195}…" is larger than the 65536-byte limit$/) },
  { name: 'layers/mtime-out-of-range.tar', reader: 'layer', refusal: layerError(/^tar entry far-future\.txt has a modification time that is no date$/) },
  { name: 'layers/pax-size-overflow.tar', reader: 'layer', refusal: layerError(TRUNCATED) },
  { name: 'layers/size-too-large.tar', reader: 'layer', refusal: layerError(TRUNCATED) },
  { name: 'layers/truncated-data.tar', reader: 'layer', refusal: layerError(TRUNCATED) },
  { name: 'layers/truncated-header.tar', reader: 'layer', refusal: layerError(TRUNCATED) },
  { name: 'layers/bad-checksum.tar', reader: 'layer', refusal: layerError(/^corrupt layer tar: a tar header is corrupt \(its checksum does not match\)$/) },
  { name: 'layers/truncated.tar.gz', reader: 'layer', refusal: layerError(/^corrupt gzip layer: unexpected end of file$/) },
  { name: 'archives/hostile-layers-oci.tar', reader: 'archive', refusal: null },
  { name: 'archives/index-fanout.tar', reader: 'archive', refusal: null },
  { name: 'archives/missing-layer.tar', reader: 'archive', refusal: archiveError(/^layer missing\/layer\.tar is missing from the archive$/) },
  { name: 'archives/config-not-json.tar', reader: 'archive', refusal: archiveError(/^config\.json is not valid JSON$/) },
  { name: 'archives/manifest-wrong-types.tar', reader: 'archive', refusal: archiveError(/^manifest\.json: \[0\]\.Config is not a string \(found 42\)$/) },
  { name: 'archives/config-wrong-types.tar', reader: 'archive', refusal: archiveError(/^config\.json: config is not an object \(found \["not","an","object"\]\)$/) },
  { name: 'archives/deep-json.tar', reader: 'archive', refusal: archiveError(/^config\.json nests arrays and objects deeper than 64 levels$/) },
  { name: 'archives/member-symlink-loop.tar', reader: 'archive', refusal: archiveError(/^archive member a\/layer\.tar is a link that leads back to itself$/) },
  { name: 'archives/index-loop.tar', reader: 'archive', refusal: archiveError(/^the OCI index blobs\/sha256\/e{64} lists itself \(a loop of indexes\)$/) },
  {
    name: 'archives/truncated-gzip-layer.tar',
    reader: 'archive',
    refusal: archiveError(/^layer blobs\/sha256\/[0-9a-f]{64}: corrupt gzip layer: unexpected end of file$/, 'LayerFormatError'),
  },
  {
    name: 'archives/huge-pax-layer.tar',
    reader: 'archive',
    refusal: archiveError(/^layer blobs\/sha256\/[0-9a-f]{64}: a PAX or GNU long-name header of the layer tar is larger than the 4194304-byte limit$/, 'SizeLimitError'),
  },
  {
    name: 'lazy/manifest-100mib.tar',
    reader: 'archive',
    refusal: archiveError(/^image archive refused: manifest\.json is larger than the 16777216-byte limit$/, 'SizeLimitError'),
    maxBytesRead: JSON_LIMIT + 2 * MIB,
  },
  {
    name: 'lazy/json-total.tar',
    reader: 'archive',
    refusal: archiveError(/^image archive refused: the JSON documents of the image archive together is larger than the 67108864-byte limit$/, 'SizeLimitError'),
    maxBytesRead: JSON_TOTAL_LIMIT + 16 * MIB,
  },
  {
    name: 'lazy/pax-16mib.tar',
    reader: 'layer',
    refusal: sizeError(/^a PAX or GNU long-name header of the layer tar is larger than the 4194304-byte limit$/),
    maxBytesRead: 6 * MIB,
  },
];

/** Counts the bytes a reader pulled from a source. */
export interface ByteCounter {
  bytes: number;
}

/** Opens an item of the corpus: a committed file under `base` (test/fixtures/hostile/), or a lazy one. */
export function openItem(item: CorpusItem, base: string, counter: ByteCounter = { bytes: 0 }): Readable {
  const source: AsyncIterable<Buffer> = item.name.startsWith('lazy/') ? lazyItem(item.name) : createReadStream(join(base, item.name));
  return Readable.from(counted(source, counter), { objectMode: false });
}

/** Passes a source on in chunks of at most 64 KiB (as a file or socket would), counting what is pulled. */
async function* counted(source: AsyncIterable<Buffer>, counter: ByteCounter): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    for (let offset = 0; offset < chunk.length; offset += 64 * 1024) {
      const part = chunk.subarray(offset, offset + 64 * 1024);
      counter.bytes += part.length;
      yield part;
    }
  }
}

/** One entry of a tar written on demand: `size` bytes of `fill`, with `head` and `tail` at the ends. */
interface LazyEntry {
  name: string;
  size: number;
  fill: string;
  head: string;
  tail: string;
  pax?: Record<string, string>;
}

function lazyItem(name: string): AsyncIterable<Buffer> {
  switch (name) {
    case 'lazy/manifest-100mib.tar':
      // 100 MiB of one valid manifest.json; made as it is read, so no test holds it whole.
      return lazyTar([{ name: 'manifest.json', size: 100 * MIB, fill: 'a', head: '[{"Config":"config.json","RepoTags":["', tail: '"]}]' }]);
    case 'lazy/json-total.tar':
      // Five JSON blobs of 15 MiB: each under the per-document cap, together over the archive's.
      return lazyTar(Array.from({ length: 5 }, (_, i) => ({ name: `blobs/sha256/${String(i).repeat(64)}`, size: 15 * MIB, fill: 'b', head: '["', tail: '"]' })));
    case 'lazy/pax-16mib.tar':
      // tar-stream's pack writes any PAX record it is given; no tool writes a 16 MiB one on its own.
      return lazyTar([{ name: 'big-pax.txt', size: 8, fill: 'p', head: '', tail: '\n', pax: { comment: 'x'.repeat(16 * MIB) } }]);
    default:
      throw new Error(`no lazy corpus item ${name}`);
  }
}

/** A tar (tar-stream's pack) whose entries are written chunk by chunk as the reader pulls them. */
function lazyTar(entries: LazyEntry[]): AsyncIterable<Buffer> {
  const pack = tar.pack();
  const write = (index: number) => {
    const entry = entries[index];
    if (!entry) {
      pack.finalize();
      return;
    }
    const header = { name: entry.name, size: entry.size, mtime: new Date(0), ...(entry.pax ? { pax: entry.pax } : {}) };
    const sink = pack.entry(header, (error) => {
      if (!error) write(index + 1);
    });
    let offset = 0;
    const pump = () => {
      while (offset < entry.size) {
        const length = Math.min(64 * 1024, entry.size - offset);
        const chunk = Buffer.alloc(length, entry.fill);
        const head = Buffer.from(entry.head);
        const tail = Buffer.from(entry.tail);
        if (offset < head.length) head.copy(chunk, 0, offset);
        const tailStart = entry.size - tail.length;
        if (offset + length > tailStart) tail.copy(chunk, Math.max(0, tailStart - offset), Math.max(0, offset - tailStart));
        offset += length;
        if (!sink.write(chunk)) {
          sink.once('drain', pump);
          return;
        }
      }
      sink.end(undefined);
    };
    pump();
  };
  write(0);
  return pack as unknown as AsyncIterable<Buffer>;
}
