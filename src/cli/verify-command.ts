import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkAttestations } from '../verify/attestation-file.js';
import type { VerifySettings } from '../check/verify-check.js';
import { verifyPairs } from '../check/pairs-run.js';
import { refuseSingleFiles, type PairsCommand, type PairsOutput } from './pairs-command.js';
import { InputError, parseBuildArgs, parseLevel, parseSourceDateEpoch, parseTimeout } from '../settings.js';
import { rebuildRepository } from '../registry/rebuild-repository.js';

/** Options of `verify` beyond the check's settings. */
export interface VerifyCommand {
  command: 'verify';
  settings: VerifySettings;
  /** Where to write the attestation statements (JSON Lines), and the key that signs them. */
  attestation?: string;
  signKey?: string;
  output: { json: boolean; quiet: boolean; debug: boolean; files: { sarif?: string; html?: string }; timeoutSeconds?: number };
}

/** `verify-attestation FILE --key PUB.pem`. */
export interface VerifyAttestationCommand {
  command: 'verify-attestation';
  file: string;
  key: string;
  quiet: boolean;
}

export const VERIFY_HELP = `Usage: repro-check verify IMAGE@sha256:DIGEST [CONTEXT] [options]
       repro-check verify --pairs FILE [options]

Verifies a published image: reads IMAGE (HOST/NAME@sha256:DIGEST) from its registry, rebuilds it
once from CONTEXT (default .) with the settings its BuildKit provenance records (build arguments,
SOURCE_DATE_EPOCH, target), pushes the rebuild to the same repository (or --rebuild-repository)
under the temporary tag repro-check-verify-<id>, and compares the two: index, manifest, config,
compressed-layer, layer, file. The first level that differs is named, file differences are
explained. The rebuild is then deleted from the registry when that is safe: its digest is none of
the published image's and no other tag names it (else, or when the registry deletes nothing, the
tag stays and the report says why).

Verdicts: GOOD (equal at --level), BAD (differs), FAIL (the rebuild failed), UNKNOWN (not rebuilt).
Exit status: 0 GOOD, 1 BAD, 2 FAIL, UNKNOWN or an error.

Options:
  -f, --file FILE         Dockerfile (default CONTEXT/Dockerfile)
      --target STAGE      the stage to build (default: the provenance's, else the last)
      --build-arg K=V     build argument (repeatable), over the provenance's
      --source-date-epoch N|auto|none|from-image
                          used when the provenance records none (from-image: the published
                          config's created time; default auto: the commit time of HEAD)
      --platform OS/ARCH  the platform to compare (default the engine's, linux/<host arch>;
                          another OS or architecture cannot be rebuilt here: UNKNOWN)
      --insecure-registry HOST  read this registry over plain HTTP (loopback always is)
      --rebuild-repository HOST/NAME  push the rebuild to this scratch repository instead of
                          the published image's
      --level LEVEL       verdict level: strict (default: every level equal), layers (diff IDs
                          equal, compression may differ), content (file contents equal)
      --report FILE       write the JSON report (its verify field holds the verdict); with
                          --pairs a directory: NN-NAME.json per image and summary.json
      --pairs FILE        verify many images, one "IMAGE@sha256:DIGEST [CONTEXT]" per line of FILE
                          (# comments; CONTEXT relative to FILE's directory, default that
                          directory; its Dockerfile is CONTEXT/Dockerfile), two at a time with
                          one engine connection, one summary table; exit status: the worst
      --sarif FILE        write SARIF 2.1.0
      --html FILE         write a self-contained HTML report
      --attestation FILE  write in-toto statements (JSON Lines): a SLSA verification summary
                          and the comparison's details
      --sign-key KEY.pem  sign them as DSSE envelopes (ECDSA P-256 or Ed25519 private key)
      --timeout SECONDS   stop the whole run after SECONDS
      --json              print the JSON report to stdout instead of the summary
  -q, --quiet             print nothing but errors
      --debug             print stack traces of errors
  -h, --help              show this help
`;

export const VERIFY_ATTESTATION_HELP = `Usage: repro-check verify-attestation FILE --key PUB.pem

Checks every line of FILE (DSSE envelopes, as verify --attestation --sign-key writes them)
against the public key. Exit status: 0 every signature valid, 1 invalid, 2 error.
`;

/** Parses `verify`'s arguments. */
export function parseVerifyArgs(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): VerifyCommand | PairsCommand | { command: 'help'; text: string } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      file: { type: 'string', short: 'f' },
      target: { type: 'string' },
      'build-arg': { type: 'string', multiple: true },
      'source-date-epoch': { type: 'string' },
      platform: { type: 'string' },
      'insecure-registry': { type: 'string', multiple: true },
      'rebuild-repository': { type: 'string' },
      level: { type: 'string' },
      report: { type: 'string' },
      sarif: { type: 'string' },
      html: { type: 'string' },
      attestation: { type: 'string' },
      'sign-key': { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      debug: { type: 'boolean' },
      pairs: { type: 'string' },
    },
  });
  if (values.help) return { command: 'help', text: VERIFY_HELP };
  if (values.pairs !== undefined) return verifyPairsCommand(values, positionals, cwd, env);
  if (positionals.length < 1 || positionals.length > 2) throw new InputError(`verify takes IMAGE@sha256:DIGEST and an optional CONTEXT, got ${positionals.length} arguments`);
  const image = positionals[0]!.replace(/^docker:\/\//, '');
  if (!/@sha256:[0-9a-f]{64}$/.test(image)) throw new InputError(`verify: ${positionals[0]} must name its digest (HOST/NAME@sha256:DIGEST): a tag can move`);
  const context = resolve(cwd, positionals[1] ?? '.');
  const settings: VerifySettings = { ...sharedSettings(values, env), image, context, dockerfile: values.file ? resolve(cwd, values.file) : resolve(context, 'Dockerfile') };
  if (values.report) settings.reportPath = resolve(cwd, values.report);
  const files: VerifyCommand['output']['files'] = {};
  if (values.sarif) files.sarif = resolve(cwd, values.sarif);
  if (values.html) files.html = resolve(cwd, values.html);
  const output: VerifyCommand['output'] = { json: values.json ?? false, quiet: values.quiet ?? false, debug: values.debug ?? false, files };
  const timeout = parseTimeout(values.timeout ?? '', '--timeout');
  if (timeout !== undefined) output.timeoutSeconds = timeout;
  const command: VerifyCommand = { command: 'verify', settings, output };
  if (values.attestation) command.attestation = resolve(cwd, values.attestation);
  if (values['sign-key']) {
    if (!values.attestation) throw new InputError('verify: --sign-key signs the --attestation file; give both');
    command.signKey = resolve(cwd, values['sign-key']);
  }
  return command;
}

/** The settings of `verify` that name no image or context: one image's, or every line's of a pairs file. */
function sharedSettings(values: VerifyValues, env: NodeJS.ProcessEnv): Omit<VerifySettings, 'image' | 'context' | 'dockerfile'> {
  const epochText = values['source-date-epoch'] ?? 'auto';
  const shared: Omit<VerifySettings, 'image' | 'context' | 'dockerfile'> = {
    buildArgs: parseBuildArgs(values['build-arg'] ?? [], '--build-arg', env),
    sourceDateEpoch: epochText.trim().toLowerCase() === 'from-image' ? { mode: 'from-image' } : parseSourceDateEpoch(epochText, '--source-date-epoch'),
    level: parseLevel(values.level ?? 'strict', '--level'),
    insecure: values['insecure-registry'] ?? [],
  };
  if (values.target) shared.target = values.target;
  if (values.platform) shared.platform = values.platform;
  if (values['rebuild-repository']) shared.rebuildRepository = rebuildRepository(values['rebuild-repository'], '--rebuild-repository');
  return shared;
}

/** `verify --pairs FILE`: every line's settings, the other options shared by all. */
function verifyPairsCommand(values: VerifyValues, positionals: string[], cwd: string, env: NodeJS.ProcessEnv): PairsCommand {
  if (positionals.length > 0) throw new InputError(`verify --pairs FILE takes its images from FILE, not from the command line (got ${positionals.join(' ')})`);
  refuseSingleFiles(values, ['file', 'sarif', 'html', 'attestation', 'sign-key']);
  const shared = sharedSettings(values, env);
  const output: PairsOutput = { json: values.json ?? false, quiet: values.quiet ?? false, debug: values.debug ?? false };
  const timeout = parseTimeout(values.timeout ?? '', '--timeout');
  if (timeout !== undefined) output.timeoutSeconds = timeout;
  return { command: 'pairs', kind: 'verify', file: values.pairs!, pairs: verifyPairs(values.pairs!, cwd, shared), ...(values.report ? { reportDir: resolve(cwd, values.report) } : {}), output };
}

/** The option values of `verify`, as parseArgs gives them. */
type VerifyValues = Partial<Record<'file' | 'target' | 'source-date-epoch' | 'platform' | 'level' | 'report' | 'sarif' | 'html' | 'attestation' | 'sign-key' | 'timeout' | 'pairs' | 'rebuild-repository', string>> &
  Partial<Record<'build-arg' | 'insecure-registry', string[]>> &
  Partial<Record<'help' | 'json' | 'quiet' | 'debug', boolean>>;

/** Parses `verify-attestation`'s arguments. */
export function parseVerifyAttestationArgs(argv: readonly string[], cwd: string): VerifyAttestationCommand | { command: 'help'; text: string } {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { help: { type: 'boolean', short: 'h' }, key: { type: 'string' }, quiet: { type: 'boolean', short: 'q' } } });
  if (values.help) return { command: 'help', text: VERIFY_ATTESTATION_HELP };
  if (positionals.length !== 1) throw new InputError(`verify-attestation takes one FILE, got ${positionals.length}`);
  if (!values.key) throw new InputError('verify-attestation: --key PUB.pem is required');
  return { command: 'verify-attestation', file: resolve(cwd, positionals[0]!), key: resolve(cwd, values.key), quiet: values.quiet ?? false };
}

/** Runs `verify-attestation`: 0 when every envelope verifies, 1 when one does not, 2 on an error (unreadable file or key). */
export async function runVerifyAttestation(command: VerifyAttestationCommand, io: { stdout: (text: string) => void; stderr: (text: string) => void }): Promise<number> {
  let key: string;
  let result;
  try {
    key = await readFile(command.key, 'utf8');
    result = await checkAttestations(command.file, key);
  } catch (error) {
    io.stderr(`repro-check: verify-attestation: ${(error as Error).message}\n`);
    return 2;
  }
  if (!command.quiet) {
    for (const line of result.lines) io.stdout(`line ${line.line}: ${line.valid ? `valid${line.predicateType ? ` (${line.predicateType})` : ''}` : `INVALID: ${line.reason}`}\n`);
    if (result.lines.length === 0) io.stdout('no envelopes in the file\n');
  }
  return result.valid ? 0 : 1;
}
