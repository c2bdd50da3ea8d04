/**
 * Where a file that `COPY --from=<stage>` brought in was made: the source stage leaves no layer in
 * the final image, so the difference the COPY layer shows began at one of that stage's
 * instructions. Found from the Dockerfile's text: the last RUN, COPY or ADD of the stage (or of
 * the stages it builds on) that names the file, by its name or by its directory below the copied
 * source. Pure.
 */
import { parseJsonArray, splitFlags, stageAndBases, type Stage } from '../dockerfile/dockerfile-parser.js';

/** What the source stage says about one copied file. */
export interface StageOrigin {
  /** The stage named by `--from` (as written). */
  stage: string;
  /** Dockerfile line of the stage's instruction that names the file; null when none does. */
  line: number | null;
  /** That instruction, as `KEYWORD args` (shortened). */
  instruction?: string;
  /** What in the instruction's text named the file (its name or its directory). */
  named?: string;
}

const QUOTE_LIMIT = 60;
const NAME_CHAR = '[\\w.-]';

/**
 * The origin in its source stage of `path`, copied by `copy` (a `COPY --from=...` instruction's
 * text, keyword included); undefined when the instruction is no COPY/ADD from a stage of `stages`
 * (an image, or no `--from`), or the path is not one the COPY brought in (its destination itself
 * or outside it).
 */
export function stageOrigin(copy: string | null, path: string, stages: readonly Stage[]): StageOrigin | undefined {
  const parsed = parseCopy(copy);
  if (!parsed) return undefined;
  const chain = sourceChain(parsed.from, stages);
  if (!chain) return undefined;
  if (parsed.dest !== undefined && !(path.startsWith(parsed.dest === '/' ? '/' : parsed.dest + '/') || (parsed.fileToFile && path === parsed.dest))) return undefined;
  // A file copied to another name is named in its stage by its source's name.
  const named = parsed.fileToFile && path === parsed.dest ? parsed.sources[0]! : path;
  const base = named.slice(named.lastIndexOf('/') + 1);
  if (base === '') return undefined;

  let found: { line: number; text: string; named: string } | undefined;
  let workdir = '/';
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'WORKDIR') {
        workdir = join(workdir, splitFlags(instruction.args).rest.trim());
        continue;
      }
      if (instruction.keyword !== 'RUN' && instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
      const text = [instruction.args, ...(instruction.heredocs ?? [])].join('\n');
      const names = [base, ...directoryNames(parsed, path, workdir)];
      const named = names.find((name) => namesWord(text, name));
      if (named !== undefined) found = { line: instruction.line, text: `${instruction.keyword} ${instruction.args}`, named };
    }
  }
  const origin: StageOrigin = { stage: parsed.from, line: found?.line ?? null };
  if (found) {
    origin.instruction = found.text.length > QUOTE_LIMIT ? found.text.slice(0, QUOTE_LIMIT - 1) + '…' : found.text;
    origin.named = found.named;
  }
  return origin;
}

interface ParsedCopy {
  from: string;
  sources: string[];
  /** Absolute destination without a trailing slash; absent when relative or variable. */
  dest?: string;
  /** One source and a destination, neither written as a directory (`/main /usr/bin/app`): the destination may be the file. */
  fileToFile: boolean;
}

function parseCopy(text: string | null): ParsedCopy | undefined {
  if (!text) return undefined;
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const space = trimmed.indexOf(' ');
  const keyword = (space < 0 ? trimmed : trimmed.slice(0, space)).toUpperCase();
  if (keyword !== 'COPY' && keyword !== 'ADD') return undefined;
  const { flags, rest } = splitFlags(trimmed.slice(space + 1));
  if (!flags.from) return undefined;
  const words = parseJsonArray(rest) ?? rest.split(' ').filter((word) => word !== '');
  if (words.length < 2) return undefined;
  const last = words.at(-1)!;
  const sources = words.slice(0, -1);
  const parsed: ParsedCopy = { from: flags.from, sources, fileToFile: sources.length === 1 && !sources[0]!.endsWith('/') && !last.endsWith('/') };
  if (last.startsWith('/') && !last.includes('$')) parsed.dest = last.replace(/\/+$/, '') || '/';
  return parsed;
}

/** The stage `--from` names (by name or index) and the stages it builds on, base first; undefined for an image. */
function sourceChain(from: string, stages: readonly Stage[]): Stage[] | undefined {
  const wanted = from.toLowerCase();
  const stage = /^\d+$/.test(from) ? stages[Number(from)] : stages.find((candidate) => candidate.name === wanted);
  return stage ? stageAndBases(stage, stages) : undefined;
}

/**
 * The file's directory in the source stage, as an instruction run in `workdir` may write it
 * (absolute, and relative to the workdir): only for a file in a subdirectory of the one copied
 * source, since naming the copied directory itself names every file in it.
 */
function directoryNames(copy: ParsedCopy, path: string, workdir: string): string[] {
  if (copy.dest === undefined || copy.sources.length !== 1) return [];
  const rel = path.slice(copy.dest === '/' ? 1 : copy.dest.length + 1);
  const slash = rel.lastIndexOf('/');
  if (slash < 0) return [];
  // COPY --from reads its sources from the stage's root, whatever the stage's WORKDIR.
  const dir = join(join('/', copy.sources[0]!.replace(/\/+$/, '')), rel.slice(0, slash));
  const names = [dir];
  if (workdir !== '/' && dir.startsWith(workdir + '/')) names.push(dir.slice(workdir.length + 1));
  return names;
}

/** Whether the text names `name` as a whole word of a path (not part of a longer file name). */
function namesWord(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<!${NAME_CHAR})${escaped}(?!${NAME_CHAR})`).test(text);
}

function join(dir: string, path: string): string {
  if (path === '' || path.includes('$')) return dir;
  const joined = path.startsWith('/') ? path : `${dir === '/' ? '' : dir}/${path}`;
  const parts: string[] = [];
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return '/' + parts.join('/');
}
