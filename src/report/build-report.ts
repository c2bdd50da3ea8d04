import type { ImageComparison, LayerChange } from '../compare/image-compare.js';
import type { CulpritSearch } from '../compare/culprit-search-result.js';
import type { DriftReport } from '../drift/drift-report.js';
import type { CauseId } from '../explain/causes.js';
import type { ChangeOrigin, Evidence } from '../explain/evidence.js';
import { changeImportance } from '../explain/group-changes.js';
import type { Level } from '../settings.js';
import type { FileEntry } from '../tree/file-entry.js';
import { describeXattr } from '../tree/xattr-text.js';
import type { SkippedVariation } from '../variations.js';
import { SCHEMA_VERSION, TIMESTAMP_ONLY_PATHS, type ChangeListing, type LayerSource, type Report, type ReportCauseGroup, type ReportChange, type ReportEntry, type ReportImage, type TimestampFixes, type TimestampOnlyGroup } from './report.js';

/** The explanation of every difference, keyed so the report can attach it. */
export interface Explanations {
  /** Per change of `comparison.changes`, by index. */
  changes: { cause: CauseId; hint: string; evidence: Evidence; origin?: ChangeOrigin; detail?: string; diff?: string }[];
  /** Cause of each differing config field, by field. */
  config: Map<string, CauseId>;
  groups: ReportCauseGroup[];
}

/** Everything `buildReport` turns into a report. */
export interface ReportInput {
  command: Report['command'];
  version: string;
  level: Level;
  comparison: ImageComparison;
  images: [ReportImage, ReportImage];
  variations: string[];
  skippedVariations?: SkippedVariation[];
  dockerfile: string | null;
  engine: Report['engine'];
  layerSources: LayerSource[];
  timestamps?: TimestampFixes | null;
  culprits?: CulpritSearch | null;
  explanations?: Explanations;
  baseline?: DriftReport | null;
  timings: Record<string, number>;
  /** Which changes to list (default `all`). */
  changes?: ChangeListing;
}

/** Converts a comparison into the JSON report. Pure. */
export function buildReport(input: ReportInput): Report {
  const { comparison } = input;
  const changesPerLayer = new Map<number, number>();
  for (const change of comparison.changes) changesPerLayer.set(change.layer, (changesPerLayer.get(change.layer) ?? 0) + 1);
  const count = (kind: ReportChange['kind']) => comparison.changes.filter((c) => c.kind === kind).length;
  const listing = input.changes ?? 'all';
  const timestampOnly = new Map<number, TimestampOnlyGroup>();
  const listed: ReportChange[] = [];
  comparison.changes.forEach((change, index) => {
    const onlyTime = changeImportance(change) === 'mtime';
    if (onlyTime) {
      let group = timestampOnly.get(change.layer);
      if (!group) timestampOnly.set(change.layer, (group = { layer: change.layer, count: 0, paths: [] }));
      group.count++;
      if (group.paths.length < TIMESTAMP_ONLY_PATHS) group.paths.push(change.path);
    }
    // Only the listed changes are converted: the rest would be garbage the moment they were made.
    if (listing === 'all' || (listing === 'content' && !onlyTime)) listed.push(reportChange(change, input.explanations?.changes[index]));
  });
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'repro-check', version: input.version },
    command: input.command,
    reproducible: comparison.verdicts[input.level],
    level: input.level,
    verdicts: comparison.verdicts,
    images: input.images,
    variations: input.variations,
    skippedVariations: input.skippedVariations ?? [],
    timestamps: input.timestamps ?? null,
    culprits: input.culprits?.culprits ?? null,
    control: input.culprits?.control ?? null,
    variationResults: input.culprits?.results ?? null,
    dockerfile: input.dockerfile,
    engine: input.engine,
    config: comparison.config.map((difference) => {
      const cause = input.explanations?.config.get(difference.field);
      return cause ? { ...difference, cause } : difference;
    }),
    layers: comparison.layers.map((pair) => ({
      ...pair,
      instruction: input.layerSources[pair.index]?.instruction ?? null,
      line: input.layerSources[pair.index]?.line ?? null,
      createdBy: input.layerSources[pair.index]?.createdBy ?? null,
      changes: changesPerLayer.get(pair.index) ?? 0,
    })),
    changesListed: listing,
    changes: listed,
    timestampOnly: [...timestampOnly.values()].sort((x, y) => x.layer - y.layer),
    baseline: input.baseline ?? null,
    attestations: comparison.attestations,
    causes: input.explanations?.groups ?? [],
    contentChanges: comparison.contentChanges.map((c) => ({ path: c.path, kind: c.kind, aspects: c.aspects })),
    unverifiable: comparison.unverifiable,
    counts: {
      layers: comparison.layers.length,
      differingLayers: comparison.layers.filter((l) => !l.identical).length,
      changes: comparison.changes.length,
      added: count('added'),
      removed: count('removed'),
      modified: count('modified'),
    },
    timings: input.timings,
    fix: null,
  };
}

function reportChange(change: LayerChange, explanation: Explanations['changes'][number] | undefined): ReportChange {
  const out: ReportChange = { path: change.path, layer: change.layer, kind: change.kind, aspects: change.aspects };
  if (change.unverifiable) out.unverifiable = change.unverifiable;
  if (change.old) out.a = reportEntry(change.old);
  if (change.new) out.b = reportEntry(change.new);
  return Object.assign(out, explanation);
}

function reportEntry(entry: FileEntry): ReportEntry {
  const out: ReportEntry = { type: entry.type };
  if (entry.mode !== undefined) out.mode = '0' + entry.mode.toString(8).padStart(3, '0');
  if (entry.uid !== undefined) out.uid = entry.uid;
  if (entry.gid !== undefined) out.gid = entry.gid;
  if (entry.size !== undefined) out.size = entry.size;
  if (entry.mtime) {
    out.mtime = `${entry.mtime.sec}.${String(entry.mtime.nsec).padStart(9, '0')}`;
    out.mtimeIso = new Date(entry.mtime.sec * 1000 + Math.floor(entry.mtime.nsec / 1e6)).toISOString();
  }
  if (entry.digest) out.sha256 = entry.digest.replace(/^sha256:/, '');
  if (entry.linkTarget !== undefined) out.link = entry.linkTarget;
  if ((entry.type === 'char' || entry.type === 'block') && entry.devMajor !== undefined) out.device = [entry.devMajor, entry.devMinor ?? 0];
  if (entry.xattrs) {
    out.xattrs = {};
    for (const name of Object.keys(entry.xattrs).sort()) out.xattrs[name] = describeXattr(name, entry.xattrs[name]!);
  }
  return out;
}
