// Records the raw JSON-lines streams of real builds (BuildKit and classic, passing and failing) from
// the running engine into test/fixtures/build-streams/, for the build-stream parser's unit tests.
// Run: npx tsx scripts/record-build-streams.mts
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { createContextTar, NO_CONTEXT_VARIATION } from '../src/context/context-tar.js';

const docker = new Docker();
const out = new URL('../test/fixtures/build-streams/', import.meta.url).pathname;
const dockerfiles = {
  ok: 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nRUN echo hello from the build && date > /x\n',
  fail: 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nRUN echo about to fail && exit 3\n',
};

for (const builder of ['buildkit', 'classic'] as const) {
  for (const [name, text] of Object.entries(dockerfiles)) {
    const dir = await mkdtemp(join(tmpdir(), 'rec-'));
    await writeFile(join(dir, 'Dockerfile'), text);
    await copyFile('/bin/busybox', join(dir, 'busybox'));
    const context = await createContextTar(dir, join(dir, 'Dockerfile'), NO_CONTEXT_VARIATION);
    const tag = `repro-check-record:${builder}-${name}`;
    const stream = await docker.buildImage(context.stream as unknown as NodeJS.ReadableStream, {
      t: tag,
      nocache: true,
      rm: true,
      forcerm: true,
      ...(builder === 'buildkit' ? { version: '2' } : {}),
    } as Docker.ImageBuildOptions);
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
    await writeFile(join(out, `${builder}-${name}.jsonl`), Buffer.concat(chunks));
    await docker.getImage(tag).remove().catch(() => undefined);
    await rm(dir, { recursive: true });
  }
}
// A failed classic build leaves the images of its successful steps behind; remove the dangling ones.
await docker.pruneImages({ filters: { dangling: { true: true }, label: {} } }).catch(() => undefined);
