// One file: the ordered table of rules; the order decides the cause, so it reads top to bottom in one place.
/**
 * The rules that put a file change down to a cause, tried in order; the first that matches
 * decides. A rule asserts a cause only on evidence (a content finding, a variation applied to
 * build B, a path rule, a package database, the metadata's values); what rests on an
 * instruction's text alone ends as `unknown`, with what was seen as its evidence.
 */
import { getCause, type CauseId } from './causes.js';
import { bothAtOrBefore, hasContent, isDir, movedByContextShift, mtimeOnly, mtimes, mtimeShift, octal, writeBitsOnly } from './change-metadata.js';
import { bisectKey, type ChangeRule, type Explanation, type RuleInput } from './change-input.js';
import { evidence, type Evidence } from './evidence.js';
import { causeOfFinding } from './finding-causes.js';
import { isAtOrBelow, type InstructionFacts } from './instruction-facts.js';
import { isPycPath, isWhiteoutPath, matchPathRule, whiteoutTarget } from './path-causes.js';
import { dayDate, shadowVerdict } from './shadow-lines.js';

/** The rules, in the order they are tried. */
export const CHANGE_RULES: readonly ChangeRule[] = [
  {
    name: 'whiteout',
    apply: (input) => (isWhiteoutPath(input.change.path) && input.change.kind !== 'modified' ? whiteout(input) : undefined),
  },
  {
    name: 'package-state-path',
    apply: ({ change, instruction }) => {
      const rule = matchPathRule(change.path);
      if (!rule) return undefined;
      const where = instruction?.keyword === 'RUN' ? ` at the end of \`${instruction.quoted}\`` : ' at the end of the RUN that writes it';
      return {
        cause: rule.cause,
        hint: `${change.path} belongs to ${rule.what}: add \`${rule.remove}\`${where}.`,
        evidence: evidence({ pathRule: rule.what, instruction: instruction?.quoted }),
      };
    },
  },
  {
    name: 'package-version',
    apply: ({ change, facts, instruction }) => {
      const packages = facts.packages;
      if (!packages || packages.changes.length === 0) return undefined;
      const moved = packages.changes.slice(0, 3).map((p) => `${p.name} ${p.a ?? '(absent)'} → ${p.b ?? '(absent)'}`).join(', ');
      const more = packages.changes.length > 3 ? ` and ${packages.changes.length - 3} more` : '';
      return explain(
        'dependency-version',
        `${change.path} differs because packages resolved to other versions (${moved}${more}; ${packages.note}).`,
        evidence({ packages: packages.changes, note: packages.note, instruction: instruction?.quoted }),
      );
    },
  },
  {
    name: 'shadow',
    apply: ({ change, facts, instruction }) => {
      const lines = facts.shadow;
      if (!lines || lines.length === 0) return undefined;
      const carried = facts.shadowCarried;
      const note = carried ? `the lines of ${carried.users.join(', ')} differ as in layer ${carried.layer} already, which this step only carried` : undefined;
      const proof = evidence({ shadow: lines, instruction: instruction?.quoted, note });
      const users = lines.map((l) => l.user).join(', ');
      const by = instruction ? ` by \`${instruction.quoted}\`` : '';
      switch (shadowVerdict(lines)) {
        case 'lastchange': {
          const days = lines[0]!.lastchange!;
          return explain('shadow-lastchange', `${change.path}, written${by}, differs only in the day of the last password change of ${users} (${dayDate(days[0])} → ${dayDate(days[1])}).`, proof);
        }
        case 'salt': {
          const salted = lines.filter((l) => l.saltDiffers).map((l) => l.user).join(', ');
          return explain(
            'random-bytes',
            `${change.path}, written${by}: the password hash of ${salted} has a random salt in each build.`,
            proof,
            'Set the password when the container starts (an entrypoint running `chpasswd`), or hash it once outside the build and write the fixed hash with `usermod -p`.',
          );
        }
        default:
          return explain('unknown', `${change.path}, written${by}, differs in the lines of ${users}.`, proof);
      }
    },
  },
  {
    name: 'rewrite-timestamp-ignored',
    // rewrite-timestamp clamps only times later than SOURCE_DATE_EPOCH: two times at or before it
    // differ for another reason (a context file older than the commit, varied by context-mtime).
    apply: ({ change, context }) =>
      context.rewriteTimestamp && mtimeOnly(change) && !bothAtOrBefore(change, context.sourceDateEpoch)
        ? explain(
            'rewrite-timestamp-ignored',
            `${change.path} kept its build-time mtime although rewrite-timestamp was requested.`,
            evidence({ metadata: mtimes(change), note: `rewrite-timestamp was requested with SOURCE_DATE_EPOCH ${context.sourceDateEpoch ?? '(unset)'}, and a time later than it survived` }),
          )
        : undefined,
  },
  {
    name: 'content-finding',
    apply: ({ change, finding, instruction }) => {
      if (!hasContent(change)) return undefined;
      const found = causeOfFinding(finding);
      if (!found) return undefined;
      const by = instruction ? ` (written by \`${instruction.quoted}\`)` : '';
      return explain(found.cause, sentence(`${change.path}${by}: ${found.detail}`), evidence({ finding: found.detail, instruction: instruction?.quoted }));
    },
  },
  {
    name: 'pyc-path',
    // Only when the bytes were not inspected: a finding that shows the code itself differs wins.
    apply: ({ change, finding }) =>
      hasContent(change) && isPycPath(change.path) && (!finding || finding.format === 'too-large')
        ? explain(
            'pyc-timestamp',
            `${change.path} is Python bytecode, whose header records the source mtime.`,
            evidence({ pathRule: 'Python bytecode (`.pyc`)', finding: finding?.summary, note: 'the content was not inspected' }),
          )
        : undefined,
  },
  {
    name: 'cpu-count',
    apply: ({ change, context, instruction }) => {
      if (!hasContent(change)) return undefined;
      const bisect = context.bisect;
      // With --bisect, its word: the build with one CPU alone made this file differ. Without it,
      // the variation on build B and an instruction whose parallelism follows the CPU count.
      const named = bisect ? bisect.culprits.includes('cpus') && bisect.changes.get('cpus')?.has(bisectKey(change.layer, change.path)) === true : false;
      const varied = !bisect && context.variations.includes('cpus') && cpuDependent(instruction);
      if (!named && !varied) return undefined;
      const by = instruction ? ` is built by \`${instruction.quoted}\`, and` : '';
      return explain(
        'cpu-count',
        `${change.path}${by} differs when build B may use one CPU only.`,
        evidence({
          variation: 'cpus',
          culprits: bisect ? [...bisect.culprits] : undefined,
          instruction: instruction?.quoted,
          note: named ? 'the build with only the CPU count varied differs from image A in this file, and the control build does not' : undefined,
        }),
      );
    },
  },
  {
    name: 'content-unexplained',
    apply: ({ change, context, instruction, finding }) => {
      if (!hasContent(change)) return undefined;
      const by = instruction ? ` by \`${instruction.quoted}\`` : '';
      const what = finding && finding.format !== 'identical' ? `: ${finding.summary}` : '';
      const cpus = cpuDependent(instruction) && !context.variations.includes('cpus')
        ? 'the instruction adapts to the CPU count, but the CPU count was not varied (build with `--builder classic --variations cpus --bisect` to test it)'
        : undefined;
      return explain(
        'unknown',
        sentence(`${change.path}, written${by}, differs in content${what}`),
        evidence({ finding: finding?.summary, instruction: instruction?.quoted, note: cpus ?? (finding ? undefined : 'the content was not inspected') }),
      );
    },
  },
  {
    name: 'only-in-one-image',
    apply: ({ change, instruction }) => {
      if (change.kind === 'modified') return undefined;
      const side = change.kind === 'added' ? 'B' : 'A';
      const by = instruction ? ` \`${instruction.quoted}\`` : ' the layer';
      return explain(
        'unknown',
        `${change.path} exists only in image ${side}:${by} made different files (a random or time-based name, or a network download).`,
        evidence({ instruction: instruction?.quoted, note: `the layer of image ${side} alone has this path` }),
      );
    },
  },
  {
    name: 'type-or-link',
    apply: ({ change }) => {
      const differing = change.aspects.filter((a) => a === 'type' || a === 'link');
      return differing.length > 0
        ? explain('unknown', `${change.path} differs in ${differing.join(' and ')}.`, evidence({ metadata: differing.join(', ') }))
        : undefined;
    },
  },
  {
    name: 'context-mode',
    apply: ({ change, context, instruction }) => {
      if (!change.aspects.includes('mode') || !writeBitsOnly(change)) return undefined;
      const varied = context.variations.includes('context-mode');
      const fromContext = isCopy(instruction) && instruction?.from === undefined;
      // Built here, only the variation changes the context's modes; for `diff`, write bits that
      // differ alone on a file copied from the context are what two checkout umasks make.
      if (context.built ? !varied : !(varied || fromContext)) return undefined;
      const modes = `${octal(change.old?.mode)} → ${octal(change.new?.mode)}`;
      const by = instruction ? ` by \`${instruction.quoted}\`` : '';
      const explanation = explain(
        'context-mode',
        `${change.path} was copied${by} with the context's write bits (${modes}).`,
        evidence({
          variation: varied ? 'context-mode' : undefined,
          metadata: `mode ${modes}`,
          instruction: instruction?.quoted,
          note: varied ? undefined : 'only the group and other write bits differ, as checkouts under umask 022 and 002 make them, on a file copied from the context',
        }),
      );
      // Both context variations usually come together: one hint fixes both.
      if (change.aspects.includes('mtime')) explanation.hint += ` Its mtime differs too: ${lowerFirst(getCause('context-mtime').fix)}`;
      return explanation;
    },
  },
  {
    name: 'mode-or-owner',
    apply: ({ change, instruction }) => {
      const differing = change.aspects.filter((a) => a === 'mode' || a === 'uid' || a === 'gid' || a === 'xattrs');
      if (differing.length === 0) return undefined;
      const modes = change.aspects.includes('mode') ? ` (${octal(change.old?.mode)} → ${octal(change.new?.mode)})` : '';
      return explain(
        'unknown',
        `${change.path} differs in ${differing.join(', ')}${modes}: set modes and owners explicitly (\`COPY --chmod --chown\`, \`chmod\`/\`chown\` in the RUN, a fixed \`umask\`).`,
        evidence({ metadata: `${differing.join(', ')}${modes}`, instruction: instruction?.quoted }),
        '',
      );
    },
  },
  {
    name: 'implicit-directory',
    apply: ({ change, context, instruction }) => {
      if (!mtimeOnly(change) || !isDir(change) || !instruction) return undefined;
      if (!isCopy(instruction) && instruction.keyword !== 'WORKDIR') return undefined;
      // A directory below a COPY's destination came from the context or the source stage, with its
      // mtime; the destination itself and its parents are made by the builder.
      if (instruction.dest !== undefined && change.path !== instruction.dest && isAtOrBelow(change.path, instruction.dest)) return undefined;
      // Build B always runs after build A, so its build time is later.
      const shift = mtimeShift(change);
      if (context.built && shift !== undefined && shift <= 0) return undefined;
      // Moved by the context-mtime shift: the directory came with the context's mtime.
      if (movedByContextShift(change, context)) return undefined;
      return explain(
        'implicit-directory-mtime',
        `${change.path} was created by \`${instruction.quoted}\` and got the time of the build.`,
        evidence({
          variation: context.built && context.variations.includes('time') ? 'time' : undefined,
          metadata: mtimes(change),
          instruction: instruction.quoted,
          note: `a directory the instruction creates (its destination or a parent of it)${context.built ? ', later in build B, which ran after build A' : ''}`,
        }),
      );
    },
  },
  {
    name: 'copy-from-stage',
    apply: ({ change, instruction }) =>
      mtimeOnly(change) && isCopy(instruction) && instruction?.from !== undefined
        ? explain(
            'build-mtime',
            `${change.path} comes from stage "${instruction.from}" (\`${instruction.quoted}\`), where it was written with the build time; clamp it in that stage.`,
            evidence({ metadata: mtimes(change), instruction: instruction.quoted }),
          )
        : undefined,
  },
  {
    name: 'context-mtime',
    apply: ({ change, context, instruction }) => {
      if (!mtimeOnly(change) || !isCopy(instruction) || instruction?.from !== undefined) return undefined;
      // The variation moves every context entry by the same amount, which the mtimes show.
      const shifted = context.variations.includes('context-mtime') && (mtimeShift(change) === undefined || movedByContextShift(change, context));
      const copiedHere = !context.built && instruction?.dest !== undefined && isAtOrBelow(change.path, instruction.dest) && change.path !== instruction.dest;
      if (!shifted && !copiedHere) return undefined;
      return explain(
        'context-mtime',
        `${change.path} was copied by \`${instruction?.quoted ?? 'COPY'}\` with its mtime from the build context.`,
        evidence({
          variation: shifted ? 'context-mtime' : undefined,
          metadata: mtimes(change),
          instruction: instruction?.quoted,
          note: shifted ? undefined : `the file lies below the COPY destination ${instruction?.dest}, and COPY keeps the context's mtimes`,
        }),
      );
    },
  },
  {
    name: 'copied-mtime-unexplained',
    // A file COPY took from the context keeps the context's mtime, and the context did not move.
    apply: ({ change, instruction }) =>
      mtimeOnly(change) && isCopy(instruction)
        ? explain(
            'unknown',
            `${change.path} was copied by \`${instruction!.quoted}\` from the build context, yet its mtime differs.`,
            evidence({ metadata: mtimes(change), instruction: instruction!.quoted, note: 'COPY keeps the context\'s mtimes, and the context was not varied (or not by the context-mtime shift)' }),
          )
        : undefined,
  },
  {
    name: 'build-mtime',
    apply: ({ change, context, instruction }) => {
      if (!mtimeOnly(change)) return undefined;
      const by = instruction ? `\`${instruction.quoted}\`` : 'the instruction of this layer';
      return explain(
        'build-mtime',
        `${change.path} was written by ${by} with the build time as mtime: end that RUN with \`touch -d @$SOURCE_DATE_EPOCH ${change.path}\`, or build with \`rewrite-timestamp=true\` and a SOURCE_DATE_EPOCH build arg.`,
        evidence({ variation: context.variations.includes('time') ? 'time' : undefined, metadata: mtimes(change), instruction: instruction?.quoted }),
        '',
      );
    },
  },
];

/** A whiteout present in one image only. */
function whiteout({ change, context, instruction, facts }: RuleInput): Explanation {
  const deletes = whiteoutTarget(change.path);
  const image = change.kind === 'added' ? 'B' : 'A';
  const by = instruction ? `\`${instruction.quoted}\`` : 'The layer';
  const opaque = change.path.endsWith('/.wh..wh..opq');
  const did = `${by} ${opaque ? 'replaced the contents of' : 'deleted'} ${deletes} in image ${image} only (\`${change.path}\`)`;
  const seen = { whiteout: { deletes, image } as Evidence['whiteout'], instruction: instruction?.quoted };
  if (facts.whiteoutPair) {
    return explain('whiteout-variance', `${change.path} records a deletion that the other image records differently.`, evidence({ ...seen, note: facts.whiteoutPair }));
  }
  // The step deleted the file in one build only: the cause is what made the file differ.
  const rule = matchPathRule(deletes);
  if (rule) {
    return {
      cause: rule.cause,
      hint: `${did}; it belongs to ${rule.what}: add \`${rule.remove}\` at the end of that RUN so both builds end alike.`,
      evidence: evidence({ ...seen, pathRule: rule.what }),
    };
  }
  const note = context.built
    ? 'both images were built with the same builder and image store, so the layer itself deleted the path in one build only'
    : 'no sign that the images record deletions differently: the layer deleted the path in one build only';
  return explain('unknown', `${did}.`, evidence({ ...seen, note }));
}

/** An explanation whose hint is the specific reason followed by the catalogue's fix (or `fix`). */
function explain(cause: CauseId, reason: string, proof: Evidence, fix?: string): Explanation {
  const text = fix === undefined ? getCause(cause).fix : fix;
  return { cause, hint: text === '' ? reason : `${reason} ${text}`, evidence: proof };
}

/** Shell text whose parallelism depends on the machine's CPUs. */
const CPU_DEPENDENT = /\bnproc\b|_NPROCESSORS_ONLN|cpu_count\(|\bmake\b[^;&|]*\s-j\s*(?:$|[\s;&|])|--jobs(?:=|\s+)\$/;

function cpuDependent(instruction: InstructionFacts | null): boolean {
  return instruction?.command !== undefined && CPU_DEPENDENT.test(instruction.command);
}

/** Ends a text with a period unless it ends with one already, or with an ellipsis. */
function sentence(text: string): string {
  return /[.\u2026]$/.test(text) ? text : text + '.';
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function isCopy(instruction: InstructionFacts | null): boolean {
  return instruction?.keyword === 'COPY' || instruction?.keyword === 'ADD';
}

