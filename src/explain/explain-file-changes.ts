/**
 * Explains every file change of a pair at once. Besides each change's own classification, it
 * brings in what only several changes show together: packages whose version moved (read from
 * package databases of the same layer), `/etc/shadow` lines, whiteouts recorded two ways, and
 * differences a later layer only carried from an earlier one (those take the earlier change's
 * cause and name its layer as their `origin`). Pure.
 */
import type { Stage } from '../dockerfile/dockerfile-parser.js';
import { getCause } from './causes.js';
import { classifyChange, type ChangeContext, type ChangeFacts, type ClassifiableChange, type Explanation } from './classify-change.js';
import { findCarried, type Carried, type CarriedItem } from './carried-changes.js';
import { findChecksumLinks, findCopyCandidates } from './derived-files.js';
import { evidence, type ChangeOrigin } from './evidence.js';
import type { ContentFinding } from './inspect/finding.js';
import { readInstruction } from './instruction-facts.js';
import { linkPackages, wantsPackageText } from './package-links.js';
import { stageOrigin } from './stage-origin.js';
import { carriedUsers, compareShadow, isShadowPath } from './shadow-lines.js';
import { pairWhiteouts } from './whiteout-pairs.js';

/** A change with everything the explanation may look at. */
export type FileChange = ClassifiableChange & CarriedItem;

/** An explanation, and where the difference began when this layer only carried it. */
export interface FileExplanation extends Explanation {
  origin?: ChangeOrigin;
}

/** What is known besides the changes. */
export interface FileChangeInput {
  /** Content findings, by change index. */
  findings: ReadonlyMap<number, ContentFinding>;
  /** Both versions' text of the files `wantsText` asked for, by change index. */
  texts: ReadonlyMap<number, [string, string]>;
  /** The build context, without the instruction (taken per layer from `layers`). */
  context: Omit<ChangeContext, 'instruction'>;
  /** Per layer index: its instruction (or history entry) and Dockerfile line. */
  layers: readonly { instruction: string | null; line: number | null }[];
  /** The Dockerfile's stages, all of them: a `COPY --from` layer's files began in their source stage. */
  stages?: readonly Stage[];
}

/** Whether explaining needs a file's text (both versions, not only its finding). */
export function wantsText(path: string): boolean {
  return wantsPackageText(path) || isShadowPath(path);
}

/** Explains each change (same order as `changes`). */
export function explainFileChanges(changes: readonly FileChange[], input: FileChangeInput): FileExplanation[] {
  const facts = gatherFacts(changes, input.texts);
  const shadowCarried = (earlier: number, later: number) => facts.carriedShadow.get(later)?.from === earlier;
  const carried = findCarried(changes, shadowCarried);
  const checksums = findChecksumLinks(changes, input.findings);
  const copies = findCopyCandidates(changes);
  const derived = (index: number) => Number(checksums.has(index) || copies.has(index));
  const out: FileExplanation[] = new Array(changes.length);
  // Earlier layers first, so a carried change finds its origin explained; in a layer, the files
  // another file derives from (its checksum, its copy) before it.
  const order = [...changes.keys()].sort((x, y) => changes[x]!.layer - changes[y]!.layer || derived(x) - derived(y) || x - y);
  const lineOf = (index: number): ChangeOrigin => out[index]!.origin ?? { layer: changes[index]!.layer, line: input.layers[changes[index]!.layer]?.line ?? null };
  for (const index of order) {
    const change = changes[index]!;
    const layer = input.layers[change.layer];
    const from = carried.get(index) ?? shadowOrigin(change, facts.carriedShadow.get(index)?.from);
    const origin = from ? out[from.from] : undefined;
    if (from && origin) {
      const start = changes[from.from]!;
      const where: ChangeOrigin = origin.origin ?? { layer: start.layer, line: input.layers[start.layer]?.line ?? null };
      const at = where.line !== null ? `line ${where.line}` : `layer ${where.layer}`;
      const quoted = readInstruction(layer?.instruction)?.quoted;
      const by = quoted ? `\`${quoted}\`` : 'This layer';
      out[index] = {
        cause: origin.cause,
        hint: `${by} only carried the difference of ${change.path} that began at ${at}; fix it there: ${origin.hint}`,
        evidence: evidence({
          carried: { ...where, aspects: from.aspects },
          instruction: quoted,
          note: `the earlier layer's version differs the same way (the same bits, bytes or lines on each side)${from.ownMtime ? '; the mtime differs too, as this step wrote the file at its own time' : ''}`,
        }),
        origin: where,
      };
      continue;
    }
    const link = checksumOf(index, checksums.get(index)) ?? copyOf(index, copies.get(index));
    if (link) {
      out[index] = link;
      continue;
    }
    out[index] = fromStage(change, classifyChange(change, { ...input.context, instruction: layer?.instruction ?? null }, input.findings.get(index), facts.byIndex.get(index)));
  }
  return out;

  /** A checksum file takes the cause and origin of the one file it sums. */
  function checksumOf(index: number, targets: number[] | undefined): FileExplanation | undefined {
    if (targets?.length !== 1 || !out[targets[0]!]) return undefined;
    const target = targets[0]!;
    const summed = changes[target]!.path;
    return linked(index, target, `holds the checksum of ${summed} (its differing hex token is ${summed}'s sha256 in each image), which differs`, { checksumOf: summed });
  }

  /** A copy takes the cause and origin of the earlier file it copies, when every candidate agrees on them. */
  function copyOf(index: number, candidates: number[] | undefined): FileExplanation | undefined {
    if (!candidates || candidates.some((c) => !out[c])) return undefined;
    // A COPY or ADD from the build context brings its files from there, not from an earlier layer.
    const own = readInstruction(input.layers[changes[index]!.layer]?.instruction);
    if ((own?.keyword === 'COPY' || own?.keyword === 'ADD') && own.from === undefined) return undefined;
    const causes = new Set(candidates.map((c) => out[c]!.cause));
    const lines = new Set(candidates.map((c) => lineOf(c).line));
    // Files of the same bytes that differ for different reasons: which one was copied is not known.
    if (causes.size !== 1 || lines.size !== 1) return undefined;
    const target = candidates.reduce((x, y) => (changes[y]!.layer > changes[x]!.layer ? y : x));
    const copied = changes[target]!.path;
    return linked(index, target, `has the bytes of ${copied} and differs in the same way (a copy of it)`, { copyOf: copied });
  }

  function linked(index: number, target: number, how: string, link: { checksumOf?: string; copyOf?: string }): FileExplanation {
    const change = changes[index]!;
    const where = lineOf(target);
    const at = where.line !== null ? `line ${where.line}` : `layer ${where.layer}`;
    const other = out[target]!;
    return {
      cause: other.cause,
      hint: `${change.path} ${how}: ${getCause(other.cause).title.toLowerCase()}, which began at ${at}; fix it there: ${other.hint}`,
      evidence: evidence({ ...link, instruction: readInstruction(input.layers[change.layer]?.instruction)?.quoted, note: `${changes[target]!.path}: ${other.evidence.finding ?? other.evidence.metadata ?? other.evidence.note ?? other.cause}` }),
      origin: where,
    };
  }

  /** A file `COPY --from` brought in began in its source stage: the line there that names it, or evidence that no line does. */
  function fromStage(change: FileChange, explanation: FileExplanation): FileExplanation {
    if (!input.stages || change.old?.type === 'dir' || change.new?.type === 'dir') return explanation;
    const stage = stageOrigin(input.layers[change.layer]?.instruction ?? null, change.path, input.stages);
    if (!stage) return explanation;
    const seen: NonNullable<FileExplanation['evidence']['stage']> = { name: stage.stage, line: stage.line };
    if (stage.instruction) seen.instruction = stage.instruction;
    const proof = { ...explanation.evidence, stage: seen };
    if (stage.line === null) {
      const note = `it came from stage "${stage.stage}", where no RUN, COPY or ADD names it, so the line that made it is not known`;
      return { ...explanation, hint: `${explanation.hint} (${change.path} came from stage "${stage.stage}": fix it in that stage.)`, evidence: { ...proof, note: proof.note ? `${proof.note}; ${note}` : note } };
    }
    return {
      ...explanation,
      hint: `${explanation.hint} (${change.path} was made in stage "${stage.stage}" by \`${stage.instruction}\` at line ${stage.line}: fix it there.)`,
      evidence: proof,
      origin: { layer: change.layer, line: stage.line },
    };
  }
}

/** A shadow file whose differing lines all differed the same way in an earlier shadow file (the backup `/etc/shadow-` included). */
function shadowOrigin(change: FileChange, from: number | undefined): Carried | undefined {
  if (from === undefined) return undefined;
  const aspects = change.aspects.filter((aspect) => aspect !== 'mtime');
  return change.aspects.includes('mtime') ? { from, aspects, ownMtime: true } : { from, aspects };
}

/** Facts from several changes or from both versions' text, by change index. */
function gatherFacts(changes: readonly FileChange[], texts: ReadonlyMap<number, [string, string]>) {
  const byIndex = new Map<number, ChangeFacts>();
  const add = (index: number, fact: ChangeFacts) => byIndex.set(index, { ...byIndex.get(index), ...fact });
  const links = linkPackages(changes.map((change, index) => ({ index, layer: change.layer, path: change.path, text: texts.get(index) })));
  for (const [index, link] of links) add(index, { packages: link });
  for (const [index, note] of pairWhiteouts(changes)) add(index, { whiteoutPair: note });

  // Shadow lines; a later version whose differing users all differed the same way before is carried.
  // The backup /etc/shadow- that a later step writes is the earlier /etc/shadow: either path may carry.
  const carriedShadow = new Map<number, { from: number }>();
  const earlier: number[] = [];
  const order = [...changes.keys()].sort((x, y) => changes[x]!.layer - changes[y]!.layer || x - y);
  for (const index of order) {
    const change = changes[index]!;
    const text = texts.get(index);
    if (!isShadowPath(change.path) || !text) continue;
    let lines = compareShadow(text[0], text[1]);
    // The nearest earlier layer's shadow files, the same path first.
    const candidates = earlier
      .filter((e) => changes[e]!.layer < change.layer)
      .sort((x, y) => changes[y]!.layer - changes[x]!.layer || Number(changes[y]!.path === change.path) - Number(changes[x]!.path === change.path));
    for (const before of candidates) {
      const users = carriedUsers(texts.get(before)!, text);
      if (users.size === 0) continue;
      if (users.size === lines.length) carriedShadow.set(index, { from: before });
      else add(index, { shadowCarried: { users: [...users], layer: changes[before]!.layer } });
      lines = lines.filter((line) => !users.has(line.user));
      break;
    }
    if (lines.length > 0) add(index, { shadow: lines });
    earlier.push(index);
  }
  return { byIndex, carriedShadow };
}
