import { VERSION } from '../version.js';
import { showControls } from './escape.js';
import type { Report } from './report.js';
import { shortenPath } from './shorten-path.js';
import { severityJudge } from './severity.js';

/** What a SARIF rule says about a cause; taken from the cause catalogue. */
export interface SarifRuleText {
  id: string;
  title: string;
  explanation: string;
  fix: string;
}

/** The parts of SARIF 2.1.0 that repro-check writes. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; rules: unknown[] } };
    results: unknown[];
  }[];
}

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Characters of one path in a result's message (the middle of its directory part goes first). */
const PATH_WIDTH = 120;

/**
 * Converts the report into SARIF 2.1.0 for code scanning: one result per cause group, located at the
 * Dockerfile line of its layer, with the cause id as rule id. Results that break the chosen verdict
 * (`severityJudge`) are errors, the rest warnings. Pure.
 */
export function toSarif(report: Report, dockerfile: string | undefined, rules: (id: string) => SarifRuleText): SarifLog {
  const used = [...new Set(report.causes.map((group) => group.cause))];
  const breaks = severityJudge(report);
  const results = report.causes.map((group) => {
    const paths = group.paths.slice(0, 10).map((p) => (group.layer === null ? showControls(p) : shortenPath(showControls(p), PATH_WIDTH)));
    const more = group.count > paths.length ? ` and ${group.count - paths.length} more` : '';
    const where = group.layer === null ? 'the image config' : `layer ${group.layer}`;
    const result: Record<string, unknown> = {
      ruleId: group.cause,
      ruleIndex: used.indexOf(group.cause),
      level: breaks(group) ? 'error' : 'warning',
      message: { text: `${group.count} differences in ${where}: ${paths.join(', ')}${more}. Fix: ${group.hint}` },
      // Stable across runs of the same Dockerfile, so code scanning tracks one alert per group.
      partialFingerprints: { reproCheckGroup: `${group.cause}:${group.layer ?? 'config'}:${group.instruction ?? ''}` },
    };
    if (dockerfile) {
      const region = group.line !== null ? { region: { startLine: group.line } } : {};
      result.locations = [{ physicalLocation: { artifactLocation: { uri: dockerfile }, ...region } }];
    }
    return result;
  });
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'repro-check',
            version: VERSION,
            rules: used.map((id) => {
              const rule = rules(id);
              return {
                id,
                name: rule.title,
                shortDescription: { text: rule.title },
                fullDescription: { text: rule.explanation },
                help: { text: rule.fix },
                defaultConfiguration: { level: 'warning' },
              };
            }),
          },
        },
        results,
      },
    ],
  };
}
