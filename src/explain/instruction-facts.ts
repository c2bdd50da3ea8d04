import { parseJsonArray, splitFlags } from '../dockerfile/dockerfile-parser.js';

/** What the classifier needs to know about the Dockerfile instruction that made a layer. */
export interface InstructionFacts {
  /** Upper-case keyword: `RUN`, `COPY`, `ADD`, `WORKDIR`, ... */
  keyword: string;
  /** The instruction as given, for quoting in hints (shortened). */
  quoted: string;
  /** `COPY --from=<stage>`: the stage or image the files come from. */
  from?: string;
  /** COPY/ADD destination or WORKDIR directory, as an absolute path without trailing slash; absent when relative or variable. */
  dest?: string;
  /** The RUN command text (flags removed). */
  command?: string;
}

/** Longest instruction text quoted in a hint. */
const QUOTE_LIMIT = 60;

/** Reads an instruction's text (`RUN date > /x`, `COPY --from=build /out/ /app/`); null when unknown. */
export function readInstruction(text: string | null | undefined): InstructionFacts | null {
  if (!text || text.trim() === '') return null;
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const space = trimmed.indexOf(' ');
  const keyword = (space < 0 ? trimmed : trimmed.slice(0, space)).toUpperCase();
  const args = space < 0 ? '' : trimmed.slice(space + 1);
  const quoted = trimmed.length > QUOTE_LIMIT ? trimmed.slice(0, QUOTE_LIMIT - 1) + '…' : trimmed;
  const facts: InstructionFacts = { keyword, quoted };
  const { flags, rest } = splitFlags(args);
  if (keyword === 'COPY' || keyword === 'ADD') {
    if (flags.from) facts.from = flags.from;
    const words = parseJsonArray(rest) ?? rest.split(' ').filter((word) => word !== '');
    const dest = absolute(words.at(-1));
    if (words.length >= 2 && dest !== undefined) facts.dest = dest;
  } else if (keyword === 'WORKDIR') {
    const dest = absolute(rest);
    if (dest !== undefined) facts.dest = dest;
  } else if (keyword === 'RUN') {
    facts.command = rest;
  }
  return facts;
}

function absolute(path: string | undefined): string | undefined {
  if (path === undefined || !path.startsWith('/') || path.includes('$')) return undefined;
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** Whether a path is `dir` itself or lies below it. */
export function isAtOrBelow(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(dir + '/');
}
