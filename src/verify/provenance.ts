/**
 * The build settings BuildKit's SLSA provenance records (https://docs.docker.com/build/metadata/
 * attestations/slsa-definitions/): the frontend's attributes, among them `build-arg:NAME` for each
 * build argument and `target`, the Dockerfile's path, and the source's revision. v0.2 keeps them
 * under `invocation`, v1 under `buildDefinition.externalParameters`.
 */

/** What the provenance says about a build. */
export interface ProvenanceSettings {
  /** The predicate type read (`https://slsa.dev/provenance/v0.2` or `/v1`). */
  predicateType: string;
  /** Build arguments given to the build (`build-arg:NAME` attributes), SOURCE_DATE_EPOCH among them. */
  buildArgs: Record<string, string>;
  /** The stage built, when one was named. */
  target?: string;
  /** The Dockerfile's path in the context (`configSource.entryPoint` / `path`), when recorded. */
  dockerfile?: string;
  /** The source revision (`vcs.revision` of BuildKit's metadata), when recorded. */
  revision?: string;
  /** The source repository (`vcs.source`), when recorded. */
  source?: string;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads the settings from an in-toto statement holding BuildKit's provenance; null when the
 * statement is no SLSA provenance. Fields BuildKit did not record (mode=min leaves some out) are absent.
 */
export function provenanceSettings(statement: unknown): ProvenanceSettings | null {
  const top = record(statement);
  const predicateType = text(top.predicateType);
  if (!predicateType?.startsWith('https://slsa.dev/provenance/')) return null;
  const predicate = record(top.predicate);
  let attributes: Record<string, unknown>;
  let configSource: Record<string, unknown>;
  let metadata: Record<string, unknown>;
  if (predicate.buildDefinition !== undefined) {
    const external = record(record(predicate.buildDefinition).externalParameters);
    attributes = record(record(external.request).args);
    configSource = record(external.configSource);
    metadata = record(record(record(predicate.runDetails).metadata).buildkit_metadata);
  } else {
    const invocation = record(predicate.invocation);
    attributes = record(record(invocation.parameters).args);
    configSource = record(invocation.configSource);
    metadata = record(record(predicate.metadata)['https://mobyproject.org/buildkit@v1#metadata']);
  }
  const settings: ProvenanceSettings = { predicateType, buildArgs: {} };
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith('build-arg:') && typeof value === 'string') settings.buildArgs[name.slice('build-arg:'.length)] = value;
  }
  const target = text(attributes.target);
  if (target) settings.target = target;
  const dockerfile = text(configSource.entryPoint) ?? text(configSource.path) ?? text(attributes.filename);
  if (dockerfile) settings.dockerfile = dockerfile;
  const vcs = record(metadata.vcs);
  const revision = text(vcs.revision);
  if (revision) settings.revision = revision;
  const source = text(vcs.source);
  if (source) settings.source = source;
  return settings;
}
