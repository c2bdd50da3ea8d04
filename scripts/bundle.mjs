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
import { basename, dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const dist = new URL('../dist/', import.meta.url).pathname;

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });

/**
 * Loads two modules of dockerode only when they are first called: docker-modem's SSH transport
 * (ssh2) and dockerode's BuildKit session (gRPC and its proto loader). Both export one function,
 * and both are loaded at start-up by their importers although only an ssh:// engine or a build
 * with a session calls them. Measured: loading dockerode took 22 MB of memory and 50 ms, most of
 * it these two; the image diff, whose peak memory issue 7 bounds, calls neither.
 */
const LAZY = [
  { importer: /[\\/]docker-modem[\\/]lib[\\/]modem\.js$/, request: './ssh' },
  { importer: /[\\/]dockerode[\\/]lib[\\/]docker\.js$/, request: './session' },
];
const lazyFunctions = {
  name: 'lazy-functions',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\/(ssh|session)$/ }, (args) => {
      const lazy = LAZY.some((l) => l.importer.test(args.importer) && l.request === args.path);
      // A path relative to the project: the bundle names modules by it, and must not depend on where the checkout is.
      return lazy ? { path: relative(root, join(args.resolveDir, `${args.path}.js`)), namespace: 'lazy-function' } : undefined;
    });
    esbuild.onLoad({ filter: /.*/, namespace: 'lazy-function' }, (args) => ({
      contents: `module.exports = function () { return require(${JSON.stringify('./' + basename(args.path))}).apply(this, arguments); };`,
      resolveDir: join(root, dirname(args.path)),
      loader: 'js',
    }));
  },
};

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
  plugins: [lazyFunctions],
};

await build({ ...common, entryPoints: ['src/index.ts'], outfile: join(dist, 'index.cjs') });
await build({ ...common, entryPoints: ['src/cli.ts'], outfile: join(dist, 'cli.cjs') });
await build({ ...common, entryPoints: ['src/post.ts'], outfile: join(dist, 'post.cjs') });
await build({ ...common, entryPoints: ['src/drift-worker.ts'], outfile: join(dist, 'drift-worker.cjs') });

const protoDir = join(dirname(require.resolve('dockerode/package.json')), 'lib', 'proto');
await mkdir(join(dist, 'proto'), { recursive: true });
for (const file of (await readdir(protoDir)).sort()) await cp(join(protoDir, file), join(dist, 'proto', file));
