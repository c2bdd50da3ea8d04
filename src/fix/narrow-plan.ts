import type { Dockerfile } from '../dockerfile/dockerfile-parser.js';
import type { FixPlan } from './plan-remedies.js';
import type { DockerfileEdit, GroupRemedy } from './remedy.js';

/** Where the patched build wrote a side effect: the Dockerfile line of the layer, and one path. */
export interface SideEffectSource {
  line: number;
  path: string;
}

/**
 * The plan without the clamps that exposed SOURCE_DATE_EPOCH to a RUN that then wrote something
 * else: a `times` declaration of the argument is only there for the clamps, yet every tool of the
 * RUNs below it sees the variable (Debian's py3compile then writes hash-based `.pyc`, for one). In
 * each stage, where a side effect came from a line at or below the first `times` declaration and
 * above the first `content` one, every clamp and `times` declaration down to that line is dropped;
 * the clamps' groups say why. Null when no side effect can be put down to such a declaration. Pure.
 */
export function narrowForSideEffects(plan: FixPlan, dockerfile: Dockerfile, sources: readonly SideEffectSource[]): FixPlan | null {
  const cuts: { from: number; end: number; cut: number; source: SideEffectSource; argLine: number }[] = [];
  dockerfile.stages.forEach((stage, index) => {
    const next = dockerfile.stages[index + 1];
    const end = next ? next.from.line - 1 : Number.MAX_SAFE_INTEGER;
    const inStage = (line: number) => stage.from.line <= line && line <= end;
    const args = plan.edits.filter((e): e is Extract<DockerfileEdit, { type: 'stage-arg' }> => e.type === 'stage-arg' && inStage(e.line));
    const times = Math.min(...args.filter((e) => e.for === 'times').map((e) => e.line));
    const content = Math.min(...args.filter((e) => e.for === 'content').map((e) => e.line));
    const exposed = sources.filter((s) => inStage(s.line) && s.line >= times && s.line < content);
    if (exposed.length === 0) return;
    const source = exposed.reduce((x, y) => (y.line > x.line ? y : x));
    cuts.push({ from: stage.from.line, end, cut: source.line, source, argLine: times });
  });
  if (cuts.length === 0) return null;
  const dropped = (edit: DockerfileEdit) =>
    (edit.type === 'clamp-times' || (edit.type === 'stage-arg' && edit.for === 'times')) && cuts.some((c) => c.from <= edit.line && edit.line <= c.cut);
  const groups = plan.groups.map((group): GroupRemedy => {
    if (group.remedy.kind !== 'edit' || !group.remedy.edits.some(dropped)) return group;
    const cut = cuts.find((c) => group.line !== null && c.from <= group.line && group.line <= c.end)!;
    const why = `declaring SOURCE_DATE_EPOCH above line ${cut.argLine} made line ${cut.source.line}'s RUN write something else (${cut.source.path}), so its time clamps were dropped; rewrite-timestamp=true on the containerd image store clamps times without the declaration`;
    const kept = group.remedy.edits.filter((edit) => !dropped(edit));
    if (!kept.some((edit) => edit.type !== 'stage-arg')) return { ...group, remedy: { kind: 'none', reason: why } };
    return { ...group, remedy: { ...group.remedy, edits: kept, description: `${group.remedy.description} (${why})` } };
  });
  return { ...plan, groups, edits: plan.edits.filter((edit) => !dropped(edit)) };
}
