// Bundles the action (dist/index.cjs, its post step dist/post.cjs), the CLI (dist/cli.cjs) and the
// drift worker thread both start for big manifests (dist/drift-worker.cjs) into self-contained files that run
// with plain `node`, with no node_modules beside them.
//
// CommonJS output, because dockerode's dependencies (ssh2, grpc, proto-loader) use __dirname and
// require() at run time, which an ESM bundle breaks; esbuild converts the ESM-only @actions/core 3
// into CommonJS without trouble. ssh2's optional native addons are left out: it falls back to
// JavaScript crypto without them. dockerode loads .proto files from beside its module at run time
// (for BuildKit sessions), so they are copied to dist/proto.
import { build } from 'esbuild';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dist = new URL('../dist/', import.meta.url).pathname;

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Keep the output stable across machines so CI can compare it with the committed dist/.
  legalComments: 'none',
  sourcemap: false,
  minify: false,
  external: ['cpu-features', '*.node'],
  logLevel: 'warning',
};

await build({ ...common, entryPoints: ['src/index.ts'], outfile: join(dist, 'index.cjs') });
await build({ ...common, entryPoints: ['src/cli.ts'], outfile: join(dist, 'cli.cjs') });
await build({ ...common, entryPoints: ['src/post.ts'], outfile: join(dist, 'post.cjs') });
await build({ ...common, entryPoints: ['src/drift-worker.ts'], outfile: join(dist, 'drift-worker.cjs') });

const protoDir = join(dirname(require.resolve('dockerode/package.json')), 'lib', 'proto');
await mkdir(join(dist, 'proto'), { recursive: true });
for (const file of (await readdir(protoDir)).sort()) await cp(join(protoDir, file), join(dist, 'proto', file));
