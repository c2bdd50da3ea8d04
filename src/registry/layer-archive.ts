import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import tar from 'tar-stream';
import type { RegistryClient } from './registry-client.js';

/** A layer of a registry image: its blob's descriptor and the archive member it is known by. */
export interface RegistryLayer {
  /** `blobs/<algorithm>/<hex>`, as in an OCI `docker save` archive. */
  member: string;
  digest: string;
  size: number;
}

/**
 * The layers of a registry image as a tar stream whose members are named as in an OCI `docker
 * save` archive (`blobs/sha256/<hex>`), for the second, selective read that `extractFiles` makes
 * of an archive: only the layers in `wanted` are fetched again, one after the other, each checked
 * against its digest as it streams (a mismatch fails the stream). Nothing is written to disk.
 */
export function layerArchive(client: RegistryClient, layers: readonly RegistryLayer[], wanted?: ReadonlySet<string>): Readable {
  const pack = tar.pack();
  // A Node.js stream for the readers of archives, which rely on its end and close events.
  const output = new PassThrough();
  pack.on('error', (error: Error) => output.destroy(error));
  pack.pipe(output);
  let current: Readable | null = null;
  output.on('close', () => current?.destroy());
  void (async () => {
    const sent = new Set<string>();
    for (const [index, layer] of layers.entries()) {
      if ((wanted && !wanted.has(layer.member)) || sent.has(layer.member)) continue;
      sent.add(layer.member);
      const blob = await client.openBlob(layer, `layer ${index}`);
      current = blob;
      let settle: (error?: Error | null) => void = () => undefined;
      const written = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
      const entry = pack.entry({ name: layer.member, size: layer.size, type: 'file', mode: 0o644 }, (error) => settle(error));
      for await (const chunk of blob) {
        if (!entry.write(chunk as Buffer)) await once(entry, 'drain');
      }
      entry.end(undefined);
      await written;
      if (output.destroyed) return;
    }
    pack.finalize();
  })().catch((error: Error) => output.destroy(error));
  return output;
}
