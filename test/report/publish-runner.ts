import { publishReport } from '../../src/action/report-outputs.js';
import { hostileReport } from './hostile-report.js';

/**
 * Publishes the hostile report through the action's real output path (@actions/core, with its
 * workflow-command escaping) to stdout, as the runner would see it. hostile-names.test.ts runs this
 * with every GITHUB_* variable unset, so core writes commands to stdout instead of files.
 * `act: true` also prints the job summary to the log, as the action does under nektos/act.
 */
await publishReport(hostileReport(), { act: true, dockerfile: 'Dockerfile', reportPath: 'report.json' });
