// Import rules of src/, checked by `npm run lint` (and so by CI): no cycles, and imports point down the
// layers that docs/architecture.md describes. dependency-cruiser rather than eslint's import/no-cycle:
// that rule skips `import type`, and every cycle src/ had was closed by a type-only import.
// Type-only imports count here (tsPreCompilationDeps), as do re-exports.

/**
 * The layers, top first. A file may import its own folder and the layers below its own, never one
 * above. The two front ends share a rank but must not import each other (rule `front-ends-apart`).
 */
const LAYERS = [
  ['action', 'cli'],
  ['check'],
  ['fix'],
  ['report'],
  ['explain', 'drift', 'verify'],
  ['compare', 'dockerfile', 'manifest', 'registry'],
  ['image'],
  ['tree', 'engine', 'context', 'settings.ts', 'variations.ts', 'input-error.ts', 'version.ts'],
];

/** A path pattern for src/ entries: a folder (`name/`) or one of src/'s own files (`name.ts`). */
const entries = (names) => `^src/(${names.map((n) => (n.endsWith('.ts') ? n.replace('.', '\\.') + '$' : n + '/')).join('|')})`;

/**
 * Imports that go up a layer, each with its reason; kept few, each worth moving when its file is next changed.
 * `from` and `to` are exact paths.
 */
const EXCEPTIONS = [
  // Showing control characters is one function that every report output uses; the text inspector uses it too.
  { from: 'src/explain/inspect/text-inspect.ts', to: 'src/report/escape.ts' },
  // Writes the verify result that the report holds as an attestation: an output, like report-writer.ts.
  { from: 'src/verify/verify-output.ts', to: 'src/report/report.ts' },
];

const layerRules = LAYERS.slice(1).map((names, i) => ({
  name: `layer-${names.join('-').replace(/\.ts/g, '')}`,
  severity: 'error',
  comment: `${names.join(', ')} must not import a layer above: ${LAYERS.slice(0, i + 1).flat().join(', ')} (see docs/architecture.md)`,
  from: { path: entries(names), pathNot: EXCEPTIONS.map((e) => `^${e.from.replace(/\./g, '\\.')}$`) },
  to: { path: entries(LAYERS.slice(0, i + 1).flat()) },
}));

const exceptionRules = EXCEPTIONS.map((e) => ({
  name: `exception-${e.from.replace(/^src\//, '').replace(/\W+/g, '-')}`,
  severity: 'error',
  comment: `${e.from} may import ${e.to} only, of the layers above it`,
  from: { path: `^${e.from.replace(/\./g, '\\.')}$` },
  to: { path: entries(LAYERS.slice(0, LAYERS.findIndex((names) => names.some((n) => e.from.startsWith(`src/${n}/`)))).flat()), pathNot: `^${e.to.replace(/\./g, '\\.')}$` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files that import each other hide which is the lower layer: move what both need into the lower one.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'front-ends-apart',
      severity: 'error',
      comment: 'The action and the CLI share what lies below them (check/), never each other.',
      from: { path: '^src/(action|cli)/' },
      to: { path: '^src/(action|cli)/', pathNot: '^src/$1/' },
    },
    ...layerRules,
    ...exceptionRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
