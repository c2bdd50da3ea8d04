import { showControls } from './escape.js';
import type { Report, ReportCauseGroup } from './report.js';
import { shortenPath } from './shorten-path.js';
import { severityJudge } from './severity.js';

/** One PR annotation, as `::error file=…,line=…,title=…::message` shows it. */
export interface Annotation {
  level: 'error' | 'warning';
  title: string;
  message: string;
  /** Path relative to the workspace, so GitHub can place it on the PR diff. */
  file?: string;
  line?: number;
}

/** GitHub shows at most this many annotations of one level per step. */
export const ANNOTATIONS_PER_LEVEL = 10;
/** GitHub cuts annotation messages at 4,096 characters; stay below. */
const MESSAGE_LIMIT = 4_000;
/** Paths named in one annotation... */
const PATHS_SHOWN = 5;
/** ...and the characters of each (the middle of its directory part goes first). */
const PATH_WIDTH = 120;

/**
 * Turns the cause groups into annotations on the Dockerfile lines of their layers: errors for
 * groups that break the chosen verdict (`severityJudge`), warnings for the rest, most important first, at most ten of
 * each level; the last one of a level says how many more the job summary lists. Pure.
 */
export function toAnnotations(report: Report, dockerfile: string | undefined): Annotation[] {
  const byLevel = { error: [] as Annotation[], warning: [] as Annotation[] };
  const breaks = severityJudge(report);
  for (const group of report.causes) {
    const level = breaks(group) ? 'error' : 'warning';
    byLevel[level].push(annotationFor(group, level, dockerfile));
  }
  return [...limit(byLevel.error, 'error'), ...limit(byLevel.warning, 'warning')];
}

function annotationFor(group: ReportCauseGroup, level: Annotation['level'], dockerfile: string | undefined): Annotation {
  const where = group.layer === null ? 'image config' : `layer #${group.layer}${group.instruction ? ` (${group.instruction})` : ''}`;
  const shown = group.paths.slice(0, PATHS_SHOWN).map((p) => (group.layer === null ? showControls(p) : shortenPath(showControls(p), PATH_WIDTH)));
  const more = group.count > shown.length ? `, and ${group.count - shown.length} more` : '';
  const noun = group.layer === null ? (group.count === 1 ? 'field differs' : 'fields differ') : group.count === 1 ? 'file differs' : 'files differ';
  // The one line break is ours; hints can quote paths and instructions, so they are shown like them.
  const message = `${group.count} ${noun} in ${showControls(where)}: ${shown.join(', ')}${more}.\nFix: ${showControls(group.hint)}`;
  const annotation: Annotation = { level, title: `repro-check: ${showControls(group.title)}`, message: message.slice(0, MESSAGE_LIMIT) };
  if (dockerfile) {
    annotation.file = dockerfile;
    if (group.line !== null) annotation.line = group.line;
  }
  return annotation;
}

/** Keeps what GitHub shows, turning the last kept annotation into a pointer to the rest. */
function limit(annotations: Annotation[], level: Annotation['level']): Annotation[] {
  if (annotations.length <= ANNOTATIONS_PER_LEVEL) return annotations;
  const kept = annotations.slice(0, ANNOTATIONS_PER_LEVEL - 1);
  const rest = annotations.length - kept.length;
  kept.push({ level, title: `repro-check: ${rest} more ${level === 'error' ? 'errors' : 'warnings'}`, message: `${rest} more groups of differences are listed in the job summary and the JSON report.` });
  return kept;
}
