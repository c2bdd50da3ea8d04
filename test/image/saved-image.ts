import { createHash } from 'node:crypto';
import tar from 'tar-stream';

const sha = (b: Buffer | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');

/** A `docker save` archive in the legacy layout with one layer holding `files`. */
export async function savedImage(files: Record<string, string>, mtime = new Date(1_700_000_000_000)): Promise<Buffer> {
  const pack = async (fill: (p: tar.Pack) => void) => {
    const p = tar.pack();
    fill(p);
    p.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of p) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };
  const layer = await pack((p) => {
    for (const [name, content] of Object.entries(files)) p.entry({ name, mode: 0o644, mtime }, content);
  });
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha(layer)] }, history: [{ created_by: 'test' }] });
  const manifest = JSON.stringify([{ Config: 'config.json', RepoTags: ['t:latest'], Layers: ['l0/layer.tar'] }]);
  return pack((p) => {
    p.entry({ name: 'config.json' }, config);
    p.entry({ name: 'l0/layer.tar' }, layer);
    p.entry({ name: 'manifest.json' }, manifest);
  });
}

/** One entry of a layer written by tar-stream's pack: its header (PAX records included) and content. */
export interface PackedEntry {
  header: Partial<tar.Header> & { name: string };
  content?: string | Buffer;
}

/** A layer tar written by tar-stream's pack, an independent writer. */
export async function packedLayer(entries: readonly PackedEntry[]): Promise<Buffer> {
  const p = tar.pack();
  for (const { header, content } of entries) p.entry(header, content ?? '');
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of p) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A `docker save` archive in the legacy layout whose layers hold exactly `layers` (bottom first). */
export async function savedLayers(layers: readonly (readonly PackedEntry[])[]): Promise<Buffer> {
  const tars = await Promise.all(layers.map((entries) => packedLayer(entries)));
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: tars.map((t) => sha(t)) }, history: tars.map(() => ({ created_by: 'test' })) });
  const manifest = JSON.stringify([{ Config: 'config.json', RepoTags: ['t:latest'], Layers: tars.map((_, i) => `l${i}/layer.tar`) }]);
  return packedLayer([{ header: { name: 'config.json' }, content: config }, ...tars.map((t, i) => ({ header: { name: `l${i}/layer.tar` }, content: t })), { header: { name: 'manifest.json' }, content: manifest }]);
}
