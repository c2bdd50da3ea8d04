import { createHash } from 'node:crypto';
import type { Report, ReportCauseGroup, ReportChange } from '../../src/report/report.js';
import { group, sampleReport } from './report-fixture.js';

/** One file group of the Node image: its cause, title, hint, layer, and its paths written by hand. */
export interface NodeGroup {
  cause: string;
  title: string;
  hint: string;
  layer: number;
  aspects: ReportChange['aspects'];
  paths: string[];
}

/** The npm cache of `RUN npm ci`: 2,400 index entries, content and time differing, listed first. */
export const NPM_CACHE_COUNT = 2_400;
// As npm names them: the SHA-256 of the entry's key, split 2/2/60.
const npmCache = Array.from({ length: NPM_CACHE_COUNT }, (_, i) => {
  const hex = createHash('sha256').update(`make-fetch-happen:request-cache:https://registry.npmjs.org/pkg-${i}`).digest('hex');
  return `/root/.npm/_cacache/index-v5/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex.slice(4)}`;
}).sort();

/**
 * The file groups of a hand-made Node image report, in the order of importance the report gives
 * them: one huge group first, then four small ones of other causes (and layers).
 */
export const NODE_GROUPS: NodeGroup[] = [
  { cause: 'language-cache', title: 'Package manager cache', hint: '`RUN npm ci` left npm\'s cache in `/root/.npm/_cacache`: its index entries record the time of each download. Run `npm ci --cache /tmp/npm-cache` and remove the cache in the same `RUN`, or mount it with `RUN --mount=type=cache,target=/root/.npm`.', layer: 2, aspects: ['content', 'mtime'], paths: npmCache },
  { cause: 'embedded-date', title: 'Dates written into files', hint: '`/app/dist/build-info.json` holds the build time ("2026-12-06T06:50:05Z" → "2026-12-06T06:51:12Z"): write `SOURCE_DATE_EPOCH` (a build arg) instead of the current date.', layer: 3, aspects: ['content', 'mtime'], paths: ['/app/dist/build-info.json'] },
  { cause: 'gzip-header', title: 'gzip header time', hint: 'gzip writes the input\'s name and mtime into its header. Compress with `gzip -n` (or `--no-name`) so neither is written.', layer: 3, aspects: ['content'], paths: ['/app/dist/main.js.gz', '/app/dist/vendor.js.gz'] },
  { cause: 'apt-state', title: 'apt lists and caches', hint: '`apt-get update` leaves package lists and caches that depend on the time of the build. Remove `/var/lib/apt/lists/*` and `/var/cache/apt/*.bin` in the `RUN` that installs.', layer: 1, aspects: ['content'], paths: ['/var/cache/apt/pkgcache.bin', '/var/cache/apt/srcpkgcache.bin', '/var/lib/apt/extended_states'] },
  { cause: 'build-mtime', title: 'Build-time file mtimes', hint: 'Files the `RUN` writes carry the time of the build. End the `RUN` with `find /app -newermt @$SOURCE_DATE_EPOCH -exec touch -h -d @$SOURCE_DATE_EPOCH {} +`, or build with `rewrite-timestamp=true`.', layer: 3, aspects: ['mtime'], paths: ['/app', '/app/dist', '/app/node_modules', '/app/node_modules/.package-lock.json'] },
];

/** A Node image built twice: layer 0 the base, 1 `apt-get`, 2 `npm ci`, 3 the app's build; plus a config group. */
export function nodeImageReport(): Report {
  const changes: ReportChange[] = NODE_GROUPS.flatMap((g) => g.paths.map((path) => ({ path, layer: g.layer, kind: 'modified' as const, aspects: g.aspects, cause: g.cause, hint: g.hint })));
  changes.sort((x, y) => x.layer - y.layer || (x.path < y.path ? -1 : 1));
  const causes: ReportCauseGroup[] = NODE_GROUPS.map((g) =>
    group({ layer: g.layer, cause: g.cause, title: g.title, hint: g.hint, count: g.paths.length, paths: g.paths.slice(0, 20), timestampsOnly: g.cause === 'build-mtime', instruction: INSTRUCTIONS[g.layer]!, line: g.layer + 1 }),
  );
  causes.push(group({ layer: null, cause: 'config-created', title: 'Build time in the image config', hint: 'The config\'s `created` records the build time. Pass `--build-arg SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)` (BuildKit 0.11 or later) so both fields take the commit time.', paths: ['created'], count: 1, timestampsOnly: true, instruction: null, line: null }));
  const layerChanges = (index: number) => changes.filter((c) => c.layer === index).length;
  return sampleReport({
    changes,
    causes,
    contentChanges: changes.filter((c) => c.aspects.includes('content')).map((c) => ({ path: c.path, kind: c.kind, aspects: ['content'] })),
    layers: INSTRUCTIONS.map((instruction, index) => ({
      index,
      a: `sha256:a${index}`,
      b: index === 0 ? 'sha256:a0' : `sha256:b${index}`,
      identical: index === 0,
      instruction: index === 0 ? null : instruction,
      line: index === 0 ? null : index + 1,
      createdBy: index === 0 ? 'ADD file:node-base.tar.xz in /' : null,
      changes: layerChanges(index),
    })),
    images: [
      { id: 'sha256:' + 'a'.repeat(64), configDigest: 'sha256:' + 'a'.repeat(64), source: 'build', ref: 'repro-check/node:a', layout: 'oci', layerCount: 4 },
      { id: 'sha256:' + 'b'.repeat(64), configDigest: 'sha256:' + 'b'.repeat(64), source: 'build', ref: 'repro-check/node:b', layout: 'oci', layerCount: 4 },
    ],
    counts: { layers: 4, differingLayers: 3, changes: changes.length, added: 0, removed: 0, modified: changes.length },
  });
}

const INSTRUCTIONS = ['FROM node:22', 'RUN apt-get update && apt-get install -y git', 'RUN npm ci', 'RUN npm run build && gzip -k dist/*.js'];
