import type { CauseId } from './causes.js';
import type { ContentFinding, MemberDifference } from './inspect/finding.js';
import { TIME_FIELDS } from './inspect/finding.js';

/** A cause read from a content finding, with the finding's own words. */
export interface FindingCause {
  cause: CauseId;
  /** The finding's summary, naming what differs. */
  detail: string;
}

/**
 * The cause a content finding shows, or undefined when the finding explains nothing (a real
 * content change, a file not inspected). Archives are followed into their members.
 */
export function causeOfFinding(finding: ContentFinding | undefined): FindingCause | undefined {
  const cause = findCause(finding);
  return cause && finding ? { cause, detail: finding.summary } : undefined;
}

function findCause(finding: ContentFinding | undefined): CauseId | undefined {
  if (!finding) return undefined;
  switch (finding.format) {
    case 'text':
      if (finding.datesOnly) return 'embedded-date';
      if (finding.randomOnly) return 'random-bytes';
      // Dates or random tokens among other changes (a version bump with its date and hash) prove
      // nothing about why the file differs: the other changes may be the reason for both.
      return undefined;
    case 'gzip':
      if (finding.headerOnly) return 'gzip-header';
      return finding.payload === 'different' ? findCause(finding.inner) : undefined;
    case 'tar':
    case 'zip':
    case 'ar': {
      if (finding.orderOnly) return 'archive-member-order';
      if (finding.timestampsOnly) return 'archive-member-mtime';
      // Every differing member must be explained, each by its own finding or by its times alone.
      const causes = finding.differences.map((d) => (d.fields.includes('content') ? findCause(d.inner) : metadataWithTime(d) ? 'archive-member-mtime' : undefined));
      if (causes.length === 0 || finding.more > 0 || causes.some((c) => c === undefined)) return undefined;
      return causes.find((c) => c !== 'archive-member-mtime') ?? 'archive-member-mtime';
    }
    case 'pyc':
      if (finding.sourceMtimeOnly) return 'pyc-timestamp';
      return undefined;
    case 'binary':
      if (finding.datesOnly) return 'embedded-date';
      if (finding.randomLooking) return 'random-bytes';
      return undefined;
    case 'identical':
    case 'too-large':
      return undefined;
  }
}

/** A member that differs in metadata only, a timestamp among it. */
function metadataWithTime(d: MemberDifference): boolean {
  return d.change === 'modified' && !d.fields.includes('content') && d.fields.some((f) => TIME_FIELDS.has(f));
}
