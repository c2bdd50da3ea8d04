import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RegistrySideOptions } from '../check/image-source.js';
import { InputError, parseBuildArgs, parseBuilder, parseBuildxBuilder, parseFixMode, parseFixRounds, parseLevel, parseSourceDateEpoch, parseTimeout, type BuildSettings, type Level } from '../settings.js';
import { parseDriftArgs, type DriftCommand } from './drift-command.js';
import { parseManifestArgs, type ManifestCommand } from './manifest-command.js';
import { parseVerifyArgs, parseVerifyAttestationArgs, type VerifyAttestationCommand, type VerifyCommand } from './verify-command.js';
import { diffPairs } from '../check/pairs-run.js';
import { refuseSingleFiles, type PairsCommand, type PairsOutput } from './pairs-command.js';
import { parseMergeReportsArgs, type MergeReportsCommand } from './merge-reports-command.js';
import { CHANGE_LISTINGS, type ChangeListing } from '../report/report.js';
import { parseVariations, VARIATION_NAMES, VARIATIONS } from '../variations.js';

/** How the CLI prints. */
export interface OutputOptions {
  /** Print the JSON report to stdout instead of the text summary. */
  json: boolean;
  /** Print nothing but errors. */
  quiet: boolean;
  /** Print stack traces of errors. */
  debug: boolean;
  /** Extra report files: SARIF 2.1.0 and self-contained HTML. */
  files: { sarif?: string; html?: string };
  /** Seconds the whole run may take before it stops and cleans up; undefined for no limit. */
  timeoutSeconds?: number;
}

/** A parsed command line. `diff` sides are raw strings; whether each is a file is decided later. */
export type CliCommand =
  | { command: 'build'; settings: BuildSettings; output: OutputOptions }
  | { command: 'diff'; a: string; b: string; level: Level; reportPath?: string; changes: ChangeListing; registry: RegistrySideOptions; output: OutputOptions }
  | ManifestCommand
  | DriftCommand
  | VerifyCommand
  | VerifyAttestationCommand
  | PairsCommand
  | MergeReportsCommand
  | { command: 'help'; text: string }
  | { command: 'version' };

export const MAIN_HELP = `Usage: repro-check <command> [options]

Checks whether a Docker image build is reproducible and explains every difference.

Commands:
  build [CONTEXT]     build the image twice under varied conditions and compare
  diff IMAGE_A IMAGE_B  compare two images (engine references, docker save archives or
                      docker://HOST/NAME[:TAG|@DIGEST] registry images); diff --pairs FILE: many
  manifest            write a manifest of an image or a directory (JSON or mtree)
  drift               compare a snapshot manifest with a baseline (exit 1 on drift)
  verify IMAGE@DIGEST [CONTEXT]  rebuild a published image and compare it with the registry's
                      (exit 0 GOOD, 1 BAD, 2 FAIL/UNKNOWN)
  verify-attestation FILE --key PUB.pem  check the signed statements verify wrote
  merge-reports REPORT.json|DIR...  join the reports of separate jobs (a matrix) into one table

Options:
  -h, --help          show help for a command (repro-check build --help)
  -V, --version       print the version

Exit status: 0 reproducible, 1 not reproducible, 2 error.
`;

export const BUILD_HELP = `Usage: repro-check build [CONTEXT] [options]

Builds the image in CONTEXT (default .) twice, the second time under varied conditions, and
compares the two images: config, layer digests and every file of every differing layer.

Options:
  -f, --file FILE         Dockerfile (default CONTEXT/Dockerfile)
      --target STAGE      build this stage of a multi-stage Dockerfile
      --build-arg K=V     build argument (repeatable); K alone takes the value from the environment.
                          Values of arguments whose names contain TOKEN, SECRET, PASSWORD, PASSWD,
                          KEY, CREDENTIAL, AUTH or PRIVATE are masked (***) in output and reports
      --secret-build-arg K=V  build argument whose value is always masked (repeatable)
      --variations LIST   comma-separated variations applied to build B (default all;
                          time is always applied):
${VARIATION_NAMES.map((n) => `                            ${n.padEnd(14)} ${VARIATIONS[n].simulates}`).join('\n')}
      --bisect            when A and B differ, build once per variation alone to find
                          which ones cause a difference (costs 1 + one build per variation)
      --source-date-epoch N|auto|none
                          SOURCE_DATE_EPOCH build argument for both builds (default auto:
                          the commit time of HEAD when the context is in a git checkout)
      --level LEVEL       verdict that decides the exit status: strict (default), layers, content
      --builder KIND      auto (default: BuildKit where the engine has it), buildkit,
                          classic, or buildx (BuildKit through docker buildx build)
      --buildx-builder NAME  build through this buildx builder (docker buildx ls), e.g. a
                          remote BuildKit or a kubernetes builder; implies --builder buildx.
                          Its images are loaded into the engine (--load) to be compared
      --cache             let build A use the build cache (B too, unless the no-cache variation
                          varies it); default: both builds skip it, and no-cache is not applied
      --report FILE       write the JSON report to FILE
      --emit-manifest FILE  write the manifest of image A's files (FILE.mtree: mtree, else JSON)
      --baseline FILE     check image A's files against a stored manifest (drift, default rules);
                          drift makes the exit status 1
      --sarif FILE        write SARIF 2.1.0 (one result per cause, at its Dockerfile line)
      --html FILE         write a self-contained HTML report
      --fix MODE          turn the causes into a patch: off (default), suggest (write the patch,
                          no rebuild) or verify (rebuild A' and B' with it under the same
                          variations, compare, and prove A' differs from A only as announced);
                          the exit status stays that of the original check
      --fix-patch FILE    write the patch (unified diff of the Dockerfile, for git apply) to FILE
      --fix-write         write the patched Dockerfile over FILE (never done otherwise)
      --fix-rounds N      most rounds of patch and rebuild with --fix verify (default 3)
      --keep-images       keep the two images (tags repro-check-<id>:a and :b) for inspection
      --timeout SECONDS   stop the whole run after SECONDS and remove what it built
      --json              print the JSON report to stdout instead of the summary
  -q, --quiet             print nothing but errors
      --debug             print stack traces of errors
  -h, --help              show this help
`;

export const DIFF_HELP = `Usage: repro-check diff IMAGE_A IMAGE_B [options]
       repro-check diff --pairs FILE [options]

Compares two existing images. Each side is a file written by docker save (plain or gzipped,
legacy or OCI layout), an image in a registry as docker://HOST/NAME[:TAG|@DIGEST] (read through
the registry's API, no engine needed; credentials from docker login's config.json), or a
reference to an image in the engine.

Options:
      --insecure-registry HOST  read this registry (HOST or HOST:PORT) over plain HTTP
                          (repeatable; localhost, 127.0.0.1 and [::1] always are)
      --platform OS/ARCH[/VARIANT]  the image to read from a multi-platform registry image
                          (default: the only one, else linux/amd64; two indexes without it
                          are compared platform by platform)
      --level LEVEL       verdict that decides the exit status: strict (default), layers, content
      --report FILE       write the JSON report to FILE (with --pairs: a directory)
      --pairs FILE        compare many pairs, one "A B" per line of FILE (# comments; a relative
                          archive path is taken from FILE's directory), two pairs at a time with
                          one engine connection; --report DIR gets NN-A-vs-B.json per pair and
                          summary.json; one summary table; exit status: the worst pair's
      --changes WHICH     file changes the report lists one by one: content (default: all but
                          those that differ only in mtime, which are counted per layer in
                          timestampOnly), all, or none
      --sarif FILE        write SARIF 2.1.0 (one result per cause)
      --html FILE         write a self-contained HTML report
      --timeout SECONDS   stop the whole run after SECONDS and remove what it built
      --json              print the JSON report to stdout instead of the summary
  -q, --quiet             print nothing but errors
      --debug             print stack traces of errors
  -h, --help              show this help
`;

const COMMON = {
  help: { type: 'boolean', short: 'h' },
  level: { type: 'string' },
  report: { type: 'string' },
  sarif: { type: 'string' },
  html: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  debug: { type: 'boolean' },
} as const;

/** Parses the CLI's arguments into the same settings the action builds from its inputs. */
export function parseCliArgs(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') return { command: 'help', text: MAIN_HELP };
  if (command === '-V' || command === '--version') return { command: 'version' };
  try {
    if (command === 'build') return parseBuild(rest, cwd, env);
    if (command === 'diff') return parseDiff(rest, cwd);
    if (command === 'manifest') return parseManifestArgs(rest, cwd);
    if (command === 'drift') return parseDriftArgs(rest, cwd);
    if (command === 'verify') return parseVerifyArgs(rest, cwd, env);
    if (command === 'verify-attestation') return parseVerifyAttestationArgs(rest, cwd);
    if (command === 'merge-reports') return parseMergeReportsArgs(rest, cwd);
  } catch (error) {
    if (error instanceof InputError) throw error;
    // parseArgs throws for unknown options and missing values; say it in the same one-line form.
    throw new InputError(`${command}: ${(error as Error).message}; see repro-check ${command} --help`);
  }
  throw new InputError(`unknown command "${command}"; commands are build, diff, manifest, drift, verify, verify-attestation and merge-reports (repro-check --help)`);
}

function parseBuild(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv): CliCommand {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...COMMON,
      file: { type: 'string', short: 'f' },
      target: { type: 'string' },
      'build-arg': { type: 'string', multiple: true },
      'secret-build-arg': { type: 'string', multiple: true },
      variations: { type: 'string' },
      builder: { type: 'string' },
      'buildx-builder': { type: 'string' },
      cache: { type: 'boolean' },
      'keep-images': { type: 'boolean' },
      bisect: { type: 'boolean' },
      'source-date-epoch': { type: 'string' },
      'emit-manifest': { type: 'string' },
      baseline: { type: 'string' },
      fix: { type: 'string' },
      'fix-patch': { type: 'string' },
      'fix-write': { type: 'boolean' },
      'fix-rounds': { type: 'string' },
    },
  });
  if (values.help) return { command: 'help', text: BUILD_HELP };
  if (positionals.length > 1) throw new InputError(`build takes one CONTEXT, got ${positionals.length}: ${positionals.join(' ')}`);
  const context = resolve(cwd, positionals[0] ?? '.');
  const settings: BuildSettings = {
    context,
    dockerfile: values.file ? resolve(cwd, values.file) : resolve(context, 'Dockerfile'),
    target: values.target || undefined,
    buildArgs: parseBuildArgs(values['build-arg'] ?? [], '--build-arg', env),
    secretBuildArgs: parseBuildArgs(values['secret-build-arg'] ?? [], '--secret-build-arg', env),
    variations: parseVariations(values.variations ?? 'all', '--variations'),
    level: parseLevel(values.level ?? 'strict', '--level'),
    ...parseBuildxBuilder(values['buildx-builder'] ?? '', parseBuilder(values.builder ?? 'auto', '--builder'), '--buildx-builder', '--builder'),
    noCache: !values.cache,
    reportPath: values.report ? resolve(cwd, values.report) : undefined,
    keepImages: values['keep-images'] ?? false,
    bisect: values.bisect ?? false,
    sourceDateEpoch: parseSourceDateEpoch(values['source-date-epoch'] ?? 'auto', '--source-date-epoch'),
  };
  if (values['emit-manifest']) settings.emitManifest = resolve(cwd, values['emit-manifest']);
  if (values.baseline) settings.baseline = { path: resolve(cwd, values.baseline), name: values.baseline };
  const fixMode = parseFixMode(values.fix ?? 'off', '--fix');
  if (fixMode === 'off' && (values['fix-patch'] || values['fix-write'] || values['fix-rounds'])) throw new InputError('--fix-patch, --fix-write and --fix-rounds need --fix suggest or --fix verify');
  if (fixMode !== 'off') {
    settings.fix = { mode: fixMode, write: values['fix-write'] ?? false, rounds: parseFixRounds(values['fix-rounds'] ?? '3', '--fix-rounds') };
    if (values['fix-patch']) settings.fix.patchPath = resolve(cwd, values['fix-patch']);
  }
  return { command: 'build', settings, output: outputOptions(values, cwd) };
}

function parseDiff(argv: readonly string[], cwd: string): CliCommand {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { ...COMMON, 'insecure-registry': { type: 'string', multiple: true }, platform: { type: 'string' }, changes: { type: 'string' }, pairs: { type: 'string' } },
  });
  if (values.help) return { command: 'help', text: DIFF_HELP };
  if (values.pairs !== undefined) {
    if (positionals.length > 0) throw new InputError(`diff --pairs FILE takes its images from FILE, not from the command line (got ${positionals.join(' ')})`);
    refuseSingleFiles(values, ['sarif', 'html']);
    const { timeoutSeconds, ...rest } = outputOptions(values, cwd);
    const output: PairsOutput = { json: rest.json, quiet: rest.quiet, debug: rest.debug, ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }) };
    return {
      command: 'pairs',
      kind: 'diff',
      file: values.pairs,
      pairs: diffPairs(values.pairs, cwd),
      level: parseLevel(values.level ?? 'strict', '--level'),
      changes: parseChangeListing(values.changes ?? 'content'),
      registry: values.platform === undefined ? { insecure: values['insecure-registry'] ?? [] } : { insecure: values['insecure-registry'] ?? [], platform: values.platform },
      ...(values.report ? { reportDir: resolve(cwd, values.report) } : {}),
      output,
    };
  }
  if (positionals.length !== 2) throw new InputError(`diff takes two images (IMAGE_A IMAGE_B), got ${positionals.length}`);
  return {
    command: 'diff',
    a: positionals[0]!,
    b: positionals[1]!,
    level: parseLevel(values.level ?? 'strict', '--level'),
    reportPath: values.report ? resolve(cwd, values.report) : undefined,
    changes: parseChangeListing(values.changes ?? 'content'),
    registry: values.platform === undefined ? { insecure: values['insecure-registry'] ?? [] } : { insecure: values['insecure-registry'] ?? [], platform: values.platform },
    output: outputOptions(values, cwd),
  };
}

function parseChangeListing(value: string): ChangeListing {
  const listing = CHANGE_LISTINGS.find((name) => name === value);
  if (!listing) throw new InputError(`--changes takes ${CHANGE_LISTINGS.join(', ')}, not "${value}"`);
  return listing;
}

function outputOptions(values: { json?: boolean; quiet?: boolean; debug?: boolean; sarif?: string; html?: string; timeout?: string }, cwd: string): OutputOptions {
  const files: OutputOptions['files'] = {};
  if (values.sarif) files.sarif = resolve(cwd, values.sarif);
  if (values.html) files.html = resolve(cwd, values.html);
  const options: OutputOptions = { json: values.json ?? false, quiet: values.quiet ?? false, debug: values.debug ?? false, files };
  const timeout = parseTimeout(values.timeout ?? '', '--timeout');
  if (timeout !== undefined) options.timeoutSeconds = timeout;
  return options;
}
