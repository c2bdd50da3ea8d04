import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { acceptRulesText } from '../drift/accept-rules.js';
import { DEFAULT_RULES_TEXT } from '../drift/default-rules.js';
import { renderDriftText } from '../drift/drift-text.js';
import { driftFails, runDriftCheck, type DriftRuleSettings, type NamedFile } from '../check/drift-check.js';
import { InputError } from '../settings.js';
import type { CliIo } from './cli-io.js';

/** `repro-check drift`, parsed. Paths are absolute; names are as the user wrote them. */
export interface DriftCommand extends DriftRuleSettings {
  command: 'drift';
  baseline: NamedFile;
  snapshot: NamedFile;
  /** `--accept FILE`: write a rules file accepting the current drift. */
  acceptPath?: string;
  reportPath?: string;
  json: boolean;
  quiet: boolean;
}

export const DRIFT_HELP = `Usage: repro-check drift --baseline FILE|DIR --snapshot FILE|DIR [options]

Compares a snapshot manifest (of a VM disk, a directory, an image) with a baseline manifest and
reports drift: entries added, removed, or modified in content, mode, owner, link target, times.
Manifests are repro-check JSON or mtree (bsdtar, go-mtree, casync), recognised by content; a
directory (a mounted disk) is walked as "manifest --dir" walks it.
Security-relevant changes (setuid, setgid, file capabilities, world-writable, accounts, sudoers,
PAM, sshd, authorized_keys, ld.so.preload, cron, systemd, kernel modules) are listed first, and
the default rules never hide them.

Options:
      --baseline FILE|DIR the expected state
      --snapshot FILE|DIR the state to check
      --ignore GLOB       ignore every change under GLOB (repeatable), e.g. --ignore '/srv/cache/**'
      --rules FILE        rules file (repeatable): "ignore GLOB [added|removed|ASPECT…] [type=T]",
                          "drop GLOB" to remove a rule, "#" comments
      --no-default-rules  start without the default rules (pseudo file systems, logs, caches, …)
      --clone             the snapshot is a clone of the baseline's machine: identity files it
                          still shares (machine-id, SSH host keys, …) are hazards, and so are
                          files still naming the template's host name after /etc/hostname changed
      --accept FILE       write a rules file that accepts the drift found now: "accept PATH …"
                          lines pinning the values seen (a later change of any is drift again)
      --report FILE       write the JSON report to FILE
      --json              print the JSON report to stdout instead of the summary
  -q, --quiet             print nothing but errors
  -h, --help              show this help

Exit status: 0 no drift, 1 drift or clone hazards, 2 error.

Default rules:
${DEFAULT_RULES_TEXT.split('\n').map((line) => (line ? `  ${line}` : '')).join('\n')}`;

/** Parses the arguments of `drift` (after the command word). */
export function parseDriftArgs(argv: readonly string[], cwd: string): DriftCommand | { command: 'help'; text: string } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      baseline: { type: 'string' },
      snapshot: { type: 'string' },
      ignore: { type: 'string', multiple: true },
      rules: { type: 'string', multiple: true },
      'no-default-rules': { type: 'boolean' },
      clone: { type: 'boolean' },
      accept: { type: 'string' },
      report: { type: 'string' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      debug: { type: 'boolean' },
    },
  });
  if (values.help) return { command: 'help', text: DRIFT_HELP };
  if (positionals.length > 0) throw new InputError(`drift takes no positional arguments, got ${positionals.join(' ')}`);
  if (values.baseline === undefined || values.snapshot === undefined) throw new InputError('drift needs --baseline FILE and --snapshot FILE');
  const file = (name: string) => ({ path: resolve(cwd, name), name });
  const command: DriftCommand = {
    command: 'drift',
    baseline: file(values.baseline),
    snapshot: file(values.snapshot),
    ignore: values.ignore ?? [],
    rules: (values.rules ?? []).map(file),
    defaultRules: !values['no-default-rules'],
    clone: values.clone ?? false,
    json: values.json ?? false,
    quiet: values.quiet ?? false,
  };
  if (values.accept !== undefined) command.acceptPath = resolve(cwd, values.accept);
  if (values.report !== undefined) command.reportPath = resolve(cwd, values.report);
  return command;
}

/**
 * Runs `drift`. Returns 0 without drift, 1 with drift or clone hazards. A malformed manifest or
 * rules file becomes an InputError, whose one line names the file and line.
 */
export async function runDriftCommand(command: DriftCommand, io: CliIo): Promise<number> {
  const report = await runDriftCheck(command.baseline, command.snapshot, command);
  if (command.reportPath) await writeFile(command.reportPath, JSON.stringify(report, null, 2) + '\n');
  if (command.acceptPath) await writeFile(command.acceptPath, acceptRulesText(report));
  if (command.json) io.stdout(JSON.stringify(report, null, 2) + '\n');
  else if (!command.quiet) io.stdout(renderDriftText(report, { reportPath: command.reportPath }));
  return driftFails(report) ? 1 : 0;
}
