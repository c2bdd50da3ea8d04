import type { Report } from '../report/report.js';
import { verifyExitStatus } from '../verify/verify-output.js';
import { driftFails } from './drift-check.js';

/**
 * The exit status a report gives (single runs, `--pairs` rows and `merge-reports` alike): verify's
 * verdict, else 0 when reproducible with no failing baseline drift, 1 otherwise.
 */
export function reportExitStatus(report: Report): number {
  if (report.verify) return verifyExitStatus(report.verify.verdict);
  return report.reproducible && !(report.baseline !== null && driftFails(report.baseline)) ? 0 : 1;
}
