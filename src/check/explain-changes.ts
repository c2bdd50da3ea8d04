import type { Readable } from 'node:stream';
import type { ImageComparison, LayerChange } from '../compare/image-compare.js';
import { getCause, type CauseId } from '../explain/causes.js';
import { classifyChange, type Explanation } from '../explain/classify-change.js';
import { classifyConfigField, classifyLayer } from '../explain/classify-config.js';
import { groupChanges } from '../explain/group-changes.js';
import type { ContentFinding } from '../explain/inspect/finding.js';
import { inspectContent } from '../explain/inspect/inspect-content.js';
import { INSPECT_READ_LIMIT } from '../explain/inspect/limits.js';
import { extractFiles, type ExtractedFile } from '../image/file-extractor.js';
import type { ImageArchive } from '../image/image-archive.js';
import type { LayerSource, ReportCauseGroup } from '../report/report.js';
import type { FileEntry } from '../tree/file-entry.js';

/** Files whose two versions are read and inspected at the most; the rest are classified by metadata. */
export const INSPECTED_FILES_LIMIT = 200;
/** Bytes of content kept over all inspected files, per image. */
const EXTRACT_TOTAL = 256 * 1024 * 1024;
/** Paths listed per cause group in the report (the count says how many there are). */
const GROUP_PATHS = 20;

/** One image of the pair, with a way to read its archive again. */
export interface ExplainSide {
  archive: ImageArchive;
  reopen: () => Promise<Readable>;
}

/** What the check knows about how the images were made. */
export interface ExplainContext {
  variations: readonly string[];
  layerSources: readonly LayerSource[];
  rewriteTimestamp: boolean;
}

/** The explanation of every difference, keyed so the report can attach it. */
export interface Explanations {
  /** Per change of `comparison.changes`, by index. */
  changes: { cause: CauseId; hint: string; detail?: string; diff?: string }[];
  /** Cause of each differing config field, by field. */
  config: Map<string, CauseId>;
  groups: ReportCauseGroup[];
}

/**
 * Explains every difference: reads both versions of the files whose content differs (a second,
 * selective read of each image), inspects them by format, puts each change down to a cause from the
 * catalogue, and groups changes by layer and cause. Bounded: at most INSPECTED_FILES_LIMIT files,
 * 8 MiB of each.
 */
export async function explainDifferences(comparison: ImageComparison, a: ExplainSide, b: ExplainSide, context: ExplainContext): Promise<Explanations> {
  const inspected = comparison.changes
    .map((change, index) => ({ change, index }))
    .filter(({ change }) => change.kind === 'modified' && change.aspects.includes('content') && hasContent(change.old) && hasContent(change.new))
    .slice(0, INSPECTED_FILES_LIMIT);
  const findings = await inspectAll(inspected, a, b);

  const instructionOf = (layer: number) => context.layerSources[layer]?.instruction ?? context.layerSources[layer]?.createdBy ?? null;
  const changes = comparison.changes.map((change, index) => {
    const finding = findings.get(index);
    const explanation = classifyChange(change, { variations: context.variations, instruction: instructionOf(change.layer), rewriteTimestamp: context.rewriteTimestamp }, finding);
    const out: Explanations['changes'][number] = { cause: explanation.cause, hint: explanation.hint };
    if (finding) out.detail = finding.summary;
    if (finding?.format === 'text' && finding.diff) out.diff = finding.diff;
    return out;
  });

  const config = new Map<string, CauseId>();
  const configExplained: { field: string; explanation: Explanation }[] = [];
  for (const difference of comparison.config) {
    const explanation = classifyConfigField(difference);
    if (!explanation) continue;
    config.set(difference.field, explanation.cause);
    configExplained.push({ field: difference.field, explanation });
  }

  const groups: ReportCauseGroup[] = groupChanges(comparison.changes.map((change, i) => ({ ...change, ...changes[i]! }))).map((group) => ({
    layer: group.layer,
    cause: group.cause,
    title: getCause(group.cause).title,
    hint: group.hint,
    count: group.count,
    paths: group.paths.slice(0, GROUP_PATHS),
    timestampsOnly: group.importance === 'mtime',
    instruction: context.layerSources[group.layer]?.instruction ?? null,
    line: context.layerSources[group.layer]?.line ?? null,
  }));
  for (const pair of comparison.layers) {
    const explanation = classifyLayer({ identical: pair.identical, changes: comparison.changes.filter((c) => c.layer === pair.index).length, instruction: instructionOf(pair.index) });
    if (explanation) groups.push(layerGroup(pair.index, explanation, context));
  }
  groups.push(...configGroups(configExplained));
  if (!comparison.attestations.identical) {
    const provenance = getCause('provenance');
    groups.push({ layer: null, cause: 'provenance', title: provenance.title, hint: provenance.fix, count: 1, paths: ['attestation manifests'], timestampsOnly: true, instruction: null, line: null });
  }
  return { changes, config, groups };
}

/** Reads both versions of each file and inspects them; findings by the change's index. */
async function inspectAll(inspected: { change: LayerChange; index: number }[], a: ExplainSide, b: ExplainSide): Promise<Map<number, ContentFinding>> {
  const findings = new Map<number, ContentFinding>();
  if (inspected.length === 0) return findings;
  const changes = inspected.map((i) => i.change);
  const requests = (side: ExplainSide, pick: (c: LayerChange) => FileEntry) => {
    const byMember = new Map<string, Set<string>>();
    for (const change of changes) {
      const member = side.archive.layers[change.layer]?.member;
      if (!member) continue;
      const set = byMember.get(member) ?? new Set<string>();
      set.add(contentPath(pick(change)));
      byMember.set(member, set);
    }
    return byMember;
  };
  const limits = { perFile: INSPECT_READ_LIMIT, total: EXTRACT_TOTAL };
  const [filesA, filesB] = await Promise.all([
    a.reopen().then((stream) => extractFiles(stream, requests(a, (c) => c.old!), limits)),
    b.reopen().then((stream) => extractFiles(stream, requests(b, (c) => c.new!), limits)),
  ]);
  for (const { change, index } of inspected) {
    const fileA = lookup(filesA, a, change, change.old!);
    const fileB = lookup(filesB, b, change, change.new!);
    if (!fileA || !fileB) continue;
    findings.set(
      index,
      await inspectContent({ path: change.path, a: fileA.content, b: fileB.content, truncated: fileA.truncated || fileB.truncated, sizes: [fileA.size, fileB.size] }),
    );
  }
  return findings;
}

function lookup(files: Map<string, Map<string, ExtractedFile>>, side: ExplainSide, change: LayerChange, entry: FileEntry): ExtractedFile | undefined {
  const member = side.archive.layers[change.layer]?.member;
  return member ? files.get(member)?.get(contentPath(entry)) : undefined;
}

/** Where a file's bytes are in its layer: a hard link's bytes are its target's. */
function contentPath(entry: FileEntry): string {
  return entry.type === 'hardlink' && entry.linkTarget ? entry.linkTarget : entry.path;
}

function hasContent(entry: FileEntry | undefined): boolean {
  return entry !== undefined && (entry.type === 'file' || entry.type === 'hardlink');
}

function layerGroup(layer: number, explanation: Explanation, context: ExplainContext): ReportCauseGroup {
  return {
    layer,
    cause: explanation.cause,
    title: getCause(explanation.cause).title,
    hint: explanation.hint,
    count: 1,
    paths: ['(layer tar)'],
    timestampsOnly: false,
    instruction: context.layerSources[layer]?.instruction ?? null,
    line: context.layerSources[layer]?.line ?? null,
  };
}

/** Config fields grouped by cause, as one group per cause. */
function configGroups(fields: { field: string; explanation: Explanation }[]): ReportCauseGroup[] {
  const byCause = new Map<CauseId, { field: string; explanation: Explanation }[]>();
  for (const item of fields) byCause.set(item.explanation.cause, [...(byCause.get(item.explanation.cause) ?? []), item]);
  return [...byCause].map(([cause, items]) => ({
    layer: null,
    cause,
    title: getCause(cause).title,
    hint: items[0]!.explanation.hint,
    count: items.length,
    paths: items.slice(0, GROUP_PATHS).map((i) => i.field),
    timestampsOnly: cause === 'config-created',
    instruction: null,
    line: null,
  }));
}
