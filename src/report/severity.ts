import { parentPath } from '../tree/file-entry.js';
import { isWhiteout, OPAQUE_MARKER, WHITEOUT_PREFIX } from '../tree/merge-layers.js';
import type { Report, ReportCauseGroup, ReportChange } from './report.js';

/**
 * The one rule that says whether a cause group breaks the level the user chose. The text summary,
 * the job summary, the annotations, SARIF and the HTML report all ask it, so a group is an error
 * in one exactly when it is an error in every other:
 *
 * - when the chosen level's verdict holds, nothing breaks it (every group is a warning);
 * - attestation groups never break anything: attestations decide no verdict;
 * - `strict`: every other group breaks;
 * - `layers`: every group of a layer breaks; config-only groups do not;
 * - `content`: a group breaks only when one of its changes is a difference of the merged file
 *   systems beyond timestamps (what the content verdict compares): a timestamp, a config field, a
 *   layer tar that holds the same files, or a whiteout that removes the same thing from both
 *   images does not.
 *
 * Returns a judge for the groups of `report`; building it indexes the report's merged-file-system
 * differences once, so asking it for every group costs one pass over the changes.
 */
export function severityJudge(report: Pick<Report, 'level' | 'verdicts' | 'changes' | 'contentChanges'>): (group: ReportCauseGroup) => boolean {
  if (report.verdicts[report.level]) return () => false;
  if (report.level === 'strict') return (group) => !isAttestationGroup(group);
  if (report.level === 'layers') return (group) => group.layer !== null;

  // content: which groups hold a change that shows in the merged file systems.
  const differing = new Set(report.contentChanges.map((c) => c.path));
  const holdsDiffering = new Set<string>();
  for (const path of differing) {
    for (let dir = parentPath(path); ; dir = parentPath(dir)) {
      holdsDiffering.add(dir);
      if (dir === '/') break;
    }
  }
  const breaking = new Set<string>();
  for (const change of report.changes) {
    if (change.cause !== undefined && showsInMergedTree(change, differing, holdsDiffering)) breaking.add(groupKey(change.layer, change.cause));
  }
  return (group) => group.layer !== null && breaking.has(groupKey(group.layer, group.cause));
}

/** Whether a group is about the attestation manifests (BuildKit's provenance), not the image. */
export function isAttestationGroup(group: ReportCauseGroup): boolean {
  return group.layer === null && group.cause === 'provenance';
}

/**
 * Whether a change of one layer is (part of) a difference of the merged file systems beyond
 * timestamps. A file's own change shows when its path differs there; a whiteout (`.wh.name`)
 * shows when `name` or anything under it differs there; an opaque marker when anything under its
 * directory does. A change of timestamps only never shows: the content verdict ignores them.
 */
function showsInMergedTree(change: ReportChange, differing: ReadonlySet<string>, holdsDiffering: ReadonlySet<string>): boolean {
  if (change.kind === 'modified' && change.aspects.every((aspect) => aspect === 'mtime')) return false;
  if (!isWhiteout(change.path)) return differing.has(change.path);
  const dir = parentPath(change.path);
  const name = change.path.slice(change.path.lastIndexOf('/') + 1);
  if (name === OPAQUE_MARKER) return holdsDiffering.has(dir);
  const target = (dir === '/' ? '' : dir) + '/' + name.slice(WHITEOUT_PREFIX.length);
  return differing.has(target) || holdsDiffering.has(target);
}

function groupKey(layer: number, cause: string): string {
  return `${layer}\u0000${cause}`;
}
