// One file: the explain step's driver, from the content both reads kept to the cause groups the report shows; every step it calls lives in explain/.
import type { Readable } from 'node:stream';
import type { ImageComparison, LayerChange } from '../compare/image-compare.js';
import type { Stage } from '../dockerfile/dockerfile-parser.js';
import { getCause, type CauseId } from '../explain/causes.js';
import type { Explanation } from '../explain/classify-change.js';
import { classifyConfigField, classifyLayer } from '../explain/classify-config.js';
import { explainFileChanges, wantsText } from '../explain/explain-file-changes.js';
import { groupChanges } from '../explain/group-changes.js';
import type { ContentFinding } from '../explain/inspect/finding.js';
import { bisectKey, type BisectFacts } from '../explain/change-input.js';
import type { CulpritSearch } from './culprit-search.js';
import { inspectContent } from '../explain/inspect/inspect-content.js';
import { INSPECT_READ_LIMIT } from '../explain/inspect/limits.js';
import { ContentKeeper, type ContentSide, type KeptFile } from '../image/content-keeper.js';
import { extractFiles, READ_AGAIN_BUDGET, type ExtractedFile } from '../image/file-extractor.js';
import type { ImageArchive } from '../image/image-archive.js';
import type { Explanations } from '../report/build-report.js';
import type { LayerSource, ReportCauseGroup } from '../report/report.js';
import type { FileEntry } from '../tree/file-entry.js';

/** Files whose two versions are read and inspected at the most; the rest are classified by metadata. */
export const INSPECTED_FILES_LIMIT = 200;
/** Bytes of content kept over all inspected files, per image, by a second read (its cap). */
const EXTRACT_TOTAL = READ_AGAIN_BUDGET;
/** Paths listed per cause group in the report (the count says how many there are). */
const GROUP_PATHS = 20;

/** One image of the pair, with a way to read its archive again. */
export interface ExplainSide {
  archive: ImageArchive;
  /** Reads the image again: the given layer members at least (a registry fetches only those). */
  reopen: (wanted?: ReadonlySet<string>) => Promise<Readable>;
  /** Content the first read kept (see `PairedContent`); what it lacks is read again. */
  content?: ContentSide;
}

/** Bytes of memory the first read of a pair may hold for explaining, both images together. */
const FIRST_READ_KEEP = 32 * 1024 * 1024;
/** Bytes of content waiting for an early inspection at most; past it, files are inspected at the end. */
const EARLY_QUEUE_LIMIT = 32 * 1024 * 1024;

/**
 * The first read of two images at the same time (`loadImage`, one side each), set up for
 * explaining: the keeper holds the content of the files that differ (up to INSPECT_READ_LIMIT
 * bytes a file and FIRST_READ_KEEP in all), so `explainDifferences` need not read the images a
 * second time, and each such file is inspected as soon as both versions are known, while the rest
 * of the images streams in. Profiling: on two 250 MB images the second read took as long as the
 * first, and inspecting five 250 KB text files took 1.4 s after the read, now hidden within it.
 */
export class PairedContent {
  readonly keeper = new ContentKeeper({ perFile: INSPECT_READ_LIMIT, total: FIRST_READ_KEEP }, (path, a, b) => this.inspectEarly(path, a, b));
  private readonly early = new Map<string, Promise<ContentFinding>>();
  /** Inspections run one after the other, each after the readers had their turn. */
  private queue: Promise<unknown> = Promise.resolve();
  private queuedBytes = 0;

  /** The sides to pass to `loadImage`: [image A, image B]. */
  get sides(): readonly [ContentSide, ContentSide] {
    return this.keeper.sides;
  }

  /** The inspection of a file's two versions started during the read, if any. */
  finding(path: string, digestA: string | undefined, digestB: string | undefined): Promise<ContentFinding> | undefined {
    return digestA === undefined || digestB === undefined ? undefined : this.early.get(earlyKey(path, digestA, digestB));
  }

  private inspectEarly(path: string, a: KeptFile, b: KeptFile): void {
    const key = earlyKey(path, a.digest, b.digest);
    const bytes = a.content.length + b.content.length;
    if (this.early.has(key) || this.early.size >= INSPECTED_FILES_LIMIT || this.queuedBytes + bytes > EARLY_QUEUE_LIMIT) return;
    this.queuedBytes += bytes;
    const finding = this.queue
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(() => inspectContent({ path, a: a.content, b: b.content, truncated: a.truncated || b.truncated, sizes: [a.size, b.size] }))
      .finally(() => (this.queuedBytes -= bytes));
    // A failure surfaces where the finding is awaited, as it would have at the end.
    this.queue = finding.catch(() => undefined);
    this.early.set(key, finding);
  }
}

/** The culprit search as the classifier reads it: each variation's own changes by layer and path. */
function bisectFacts(search: CulpritSearch | null | undefined): BisectFacts | null {
  if (!search) return null;
  const changes = new Map<string, Set<string>>();
  for (const result of search.results) {
    changes.set(result.variation, new Set(result.changes.filter((c) => c.layer !== null).map((c) => bisectKey(c.layer!, c.path))));
  }
  return { culprits: search.culprits, changes };
}

function earlyKey(path: string, digestA: string, digestB: string): string {
  return `${digestA} ${digestB} ${path}`;
}

/** What the check knows about how the images were made. */
export interface ExplainContext {
  variations: readonly string[];
  layerSources: readonly LayerSource[];
  rewriteTimestamp: boolean;
  /** SOURCE_DATE_EPOCH of both builds, when one was set. */
  sourceDateEpoch?: number | null;
  /** Both images were built in this run (same builder, image store and context but for `variations`); false for `diff`. */
  built?: boolean;
  /** With `--bisect`: what the culprit search found. */
  culprits?: CulpritSearch | null;
  /** The Dockerfile's stages, all of them (a `COPY --from` layer's files began in their source stage); absent for `diff`. */
  stages?: readonly Stage[];
  /** The content kept, and the inspections started, by a first read of both images as a pair. */
  paired?: PairedContent;
}

/**
 * Explains every difference: reads both versions of the files whose content differs (kept by the
 * first read, or else a second, selective read of the image), inspects them by format, puts each
 * change down to a cause from the catalogue with the evidence for it, and groups changes by layer
 * and cause (a carried change at the layer where its difference began). Bounded: at most
 * INSPECTED_FILES_LIMIT files, 8 MiB of each, plus as many package databases, file lists and
 * shadow files, whose text is read as well.
 */
export async function explainDifferences(comparison: ImageComparison, a: ExplainSide, b: ExplainSide, context: ExplainContext): Promise<Explanations> {
  const instructionOf = (layer: number) => context.layerSources[layer]?.instruction ?? context.layerSources[layer]?.createdBy ?? null;
  const readable = comparison.changes
    .map((change, index) => ({ change, index }))
    .filter(({ change }) => change.kind === 'modified' && change.aspects.includes('content') && hasContent(change.old) && hasContent(change.new));
  // Package databases and shadow files first: what they show explains other files too.
  const wanted = readable.filter(({ change }) => wantsText(change.path)).slice(0, INSPECTED_FILES_LIMIT);
  const rest = readable.filter(({ change }) => !wantsText(change.path)).slice(0, INSPECTED_FILES_LIMIT);
  const { findings, texts } = await inspectAll([...wanted, ...rest], new Set(wanted.map((w) => w.index)), a, b, context.paired);

  const explained = explainFileChanges(comparison.changes, {
    findings,
    texts,
    context: { variations: context.variations, rewriteTimestamp: context.rewriteTimestamp, sourceDateEpoch: context.sourceDateEpoch, built: context.built ?? false, bisect: bisectFacts(context.culprits) },
    layers: comparison.layers.map((pair) => ({ instruction: instructionOf(pair.index), line: context.layerSources[pair.index]?.line ?? null })),
    stages: context.stages,
  });
  const changes = comparison.changes.map((_, index) => {
    const finding = findings.get(index);
    const explanation = explained[index]!;
    const out: Explanations['changes'][number] = { cause: explanation.cause, hint: explanation.hint, evidence: explanation.evidence };
    if (explanation.origin) out.origin = explanation.origin;
    if (finding) out.detail = finding.summary;
    if (finding?.format === 'text' && finding.diff) out.diff = finding.diff;
    return out;
  });

  const config = new Map<string, CauseId>();
  const configExplained: { field: string; explanation: Explanation }[] = [];
  for (const difference of comparison.config) {
    const explanation = classifyConfigField(difference, comparison.layers);
    if (!explanation) continue;
    config.set(difference.field, explanation.cause);
    configExplained.push({ field: difference.field, explanation });
  }

  // A carried change is grouped, annotated and fixed where its difference began: its origin's own
  // change of the same path stands for it there. A copy of an earlier layer's file is grouped at
  // that layer; a file from another stage (its origin a line of that stage) stays in its layer.
  const grouped = comparison.changes
    .map((change, i) => ({ ...change, ...changes[i]!, layer: changes[i]!.origin?.layer ?? change.layer }))
    .filter((change) => !change.evidence.carried);
  // A group whose files all began at one line of a source stage points to that line and its instruction.
  const lines = new Map<string, { lines: Set<number | null>; instruction?: string }>();
  for (const change of grouped) {
    const key = `${change.layer}\0${change.cause}`;
    const entry = lines.get(key) ?? { lines: new Set() };
    entry.lines.add(change.origin?.line ?? context.layerSources[change.layer]?.line ?? null);
    entry.instruction ??= change.evidence.stage?.instruction;
    lines.set(key, entry);
  }
  const groupSource = (layer: number, cause: CauseId) => {
    const own = { line: context.layerSources[layer]?.line ?? null, instruction: context.layerSources[layer]?.instruction ?? null };
    const entry = lines.get(`${layer}\0${cause}`);
    const line = entry?.lines.size === 1 ? [...entry.lines][0]! : own.line;
    return line === own.line ? own : { line, instruction: entry?.instruction ?? own.instruction };
  };
  const groups: ReportCauseGroup[] = groupChanges(grouped).map((group) => ({
    layer: group.layer,
    cause: group.cause,
    title: getCause(group.cause).title,
    hint: group.hint,
    count: group.count,
    paths: group.paths.slice(0, GROUP_PATHS),
    timestampsOnly: group.importance === 'mtime',
    ...groupSource(group.layer, group.cause),
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

/**
 * Inspects both versions of each file; findings by the change's index, and the text of both
 * versions of the `wanted` ones. Content comes from the first read when it kept it (images read
 * as a pair, see `pairedContent`); only what it did not keep is read again, in a second,
 * selective read of that image alone.
 */
async function inspectAll(
  inspected: { change: LayerChange; index: number }[],
  wanted: ReadonlySet<number>,
  a: ExplainSide,
  b: ExplainSide,
  paired: PairedContent | undefined,
): Promise<{ findings: Map<number, ContentFinding>; texts: Map<number, [string, string]> }> {
  const findings = new Map<number, ContentFinding>();
  const texts = new Map<number, [string, string]>();
  const kept = (side: ExplainSide, entry: FileEntry) => (entry.digest === undefined ? undefined : side.content?.lookup(contentPath(entry), entry.digest));
  const rest: typeof inspected = [];
  for (const item of inspected) {
    const early = paired?.finding(item.change.path, item.change.old?.digest, item.change.new?.digest);
    const keptA = wanted.has(item.index) ? kept(a, item.change.old!) : undefined;
    const keptB = wanted.has(item.index) ? kept(b, item.change.new!) : undefined;
    if (!early || (wanted.has(item.index) && (!keptA || !keptB))) {
      rest.push(item);
      continue;
    }
    findings.set(item.index, await early);
    if (keptA && keptB) texts.set(item.index, [text(keptA), text(keptB)]);
  }
  inspected = rest;
  if (inspected.length === 0) return { findings, texts };
  const firstA = inspected.map(({ change }) => kept(a, change.old!));
  const firstB = inspected.map(({ change }) => kept(b, change.new!));
  const [filesA, filesB] = await Promise.all([
    readAgain(a, inspected.filter((_, i) => !firstA[i]).map((i) => i.change), (c) => c.old!),
    readAgain(b, inspected.filter((_, i) => !firstB[i]).map((i) => i.change), (c) => c.new!),
  ]);
  for (const [i, { change, index }] of inspected.entries()) {
    const fileA = firstA[i] ?? lookup(filesA, a, change, change.old!);
    const fileB = firstB[i] ?? lookup(filesB, b, change, change.new!);
    if (!fileA || !fileB) continue;
    findings.set(
      index,
      await inspectContent({ path: change.path, a: fileA.content, b: fileB.content, truncated: fileA.truncated || fileB.truncated, sizes: [fileA.size, fileB.size] }),
    );
    if (wanted.has(index)) texts.set(index, [text(fileA), text(fileB)]);
  }
  return { findings, texts };
}

/** A kept or extracted file's content as text; a truncated file's text is cut, which its readers detect (a JSON lockfile fails to parse). */
function text(file: ExtractedFile): string {
  return Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength).toString('utf8');
}

/** Reads one image again for the content of the given changes' files (nothing, without any). */
async function readAgain(side: ExplainSide, changes: LayerChange[], pick: (c: LayerChange) => FileEntry): Promise<Map<string, Map<string, ExtractedFile>>> {
  if (changes.length === 0) return new Map();
  const byMember = new Map<string, Set<string>>();
  for (const change of changes) {
    const member = side.archive.layers[change.layer]?.member;
    if (!member) continue;
    const set = byMember.get(member) ?? new Set<string>();
    set.add(contentPath(pick(change)));
    byMember.set(member, set);
  }
  return extractFiles(await side.reopen(new Set(byMember.keys())), byMember, { perFile: INSPECT_READ_LIMIT, total: EXTRACT_TOTAL });
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
