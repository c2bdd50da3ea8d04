/**
 * Issue 15's target: `verify`'s comparison of a published image and its rebuild, both read from a
 * registry, against the floor of pulling both images' blobs at once with skopeo from the same
 * registry. A pair's images (A as the published image, B as the rebuild) are copied by skopeo
 * from the engine into Debian's docker-registry on 127.0.0.1 (scripts/registry.sh; gzip layers, as
 * every push makes them), so the engine gets no tag of them. repro-check's side is `diff` of the
 * two registry references by digest, which runs what verify's compare phase runs (read both
 * sides from the registry, compare, explain); the build and the push are not timed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './measure.js';

const REGISTRY_SCRIPT = new URL('../scripts/registry.sh', import.meta.url).pathname;

/**
 * Both pulls at once, each into a fresh `dir:` directory (blobs written and digests checked, as
 * skopeo does, not unpacked), one line printed per finished copy; the directories are removed
 * after both finish, inside the timing (a few large files: milliseconds).
 */
export const SKOPEO_FLOOR =
  'd=$(mktemp -d) && { skopeo copy --quiet --src-tls-verify=false "$0" "dir:$d/a" && echo a & ' +
  'skopeo copy --quiet --src-tls-verify=false "$1" "dir:$d/b" && echo b & wait; }; rm -rf "$d"';

/** The two registry images of a pair, how to read them, and how to stop the registry. */
export interface RegistrySides {
  /** `docker://127.0.0.1:PORT/bench@sha256:…`, A (published) and B (rebuild). */
  a: string;
  b: string;
  /** Bytes of both images' blobs in the registry (configs and compressed layers). */
  bytes: number;
  /** Both images' layer blobs as pulled once (skopeo `dir:`), for the CPU time of `gzip -dc | sha256sum` over them. */
  blobs: string[];
  dispose: () => Promise<void>;
}

/** Starts a registry, copies the engine images `a` and `b` into it, and names them by digest. */
export async function registrySides(a: string, b: string, log: (line: string) => void): Promise<RegistrySides> {
  const state = await mkdtemp(join(tmpdir(), 'repro-check-bench-registry-'));
  const dir = join(state, 'registry');
  await run('bash', [REGISTRY_SCRIPT, 'start', dir]);
  const dispose = async () => {
    await run('bash', [REGISTRY_SCRIPT, 'stop', dir], { allowFailure: true });
    await rm(state, { recursive: true, force: true });
  };
  try {
    const host = `127.0.0.1:${(await readFile(join(dir, 'open.port'), 'utf8')).trim()}`;
    const sides: string[] = [];
    let bytes = 0;
    const blobs: string[] = [];
    for (const [tag, image] of [['published', a], ['rebuild', b]] as const) {
      log(`  copying ${image} to ${host}/bench:${tag} (docker save, then skopeo: gzip layers)`);
      // skopeo's docker-daemon transport asks for API 1.22, which engine 28 refuses: a save file instead.
      const archive = join(state, `${tag}.tar`);
      await run('docker', ['save', '-o', archive, image]);
      await run('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `docker-archive:${archive}`, `docker://${host}/bench:${tag}`]);
      await rm(archive);
      const raw = await run('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${host}/bench:${tag}`]);
      const manifest = JSON.parse(raw.stdout) as { config: { size: number }; layers: { size: number; digest: string }[] };
      bytes += manifest.config.size + manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
      const pulled = join(state, `pulled-${tag}`);
      await run('skopeo', ['copy', '--quiet', '--src-tls-verify=false', `docker://${host}/bench:${tag}`, `dir:${pulled}`]);
      // skopeo's dir: names each blob by its digest's hex.
      blobs.push(...manifest.layers.map((layer) => join(pulled, layer.digest.replace(/^sha256:/, ''))));
      const digest = (await run('skopeo', ['inspect', '--tls-verify=false', '--format', '{{.Digest}}', `docker://${host}/bench:${tag}`])).stdout.trim();
      sides.push(`docker://${host}/bench@${digest}`);
    }
    return { a: sides[0]!, b: sides[1]!, bytes, blobs, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
