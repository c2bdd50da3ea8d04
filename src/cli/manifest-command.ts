import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadImageFileSystem } from '../check/image-file-system.js';
import { walkDirectory } from '../manifest/dir-walker.js';
import type { ManifestHeader } from '../manifest/json-manifest.js';
import { writeManifest } from '../manifest/manifest-file.js';
import type { ManifestFormat } from '../manifest/read-manifest.js';
import { InputError } from '../settings.js';
import type { FileTree } from '../tree/file-entry.js';
import { VERSION } from '../version.js';
import type { CliIo } from './cli-io.js';

/** `repro-check manifest`, parsed. */
export interface ManifestCommand {
  command: 'manifest';
  /** What to describe: an engine image, a `docker save` archive, or a directory. */
  source: { kind: 'image'; ref: string } | { kind: 'tar'; path: string } | { kind: 'dir'; path: string };
  format: ManifestFormat;
  /** Absolute output path; stdout when absent. */
  outputPath?: string;
}

export const MANIFEST_HELP = `Usage: repro-check manifest (--image REF | --tar FILE | --dir PATH) [options]

Writes a manifest (every file with its type, mode, owner, size, mtime, link target and SHA-256)
of an image's merged file system or of a directory, such as a mounted VM disk. The manifest is a
baseline for repro-check drift. A directory's extended attributes (capabilities, ACLs, SELinux
labels, user.* and, as root, trusted.*) are read with getfattr (Debian package attr); without it,
or without permission, they are recorded as unknown and drift reports them as unverifiable.

Options:
      --image REF         an image in the Docker engine
      --tar FILE          an image archive written by docker save (plain or gzipped)
      --dir PATH          a directory; symlinks are not followed, other file systems not entered
      --format FORMAT     json (default; repro-check's JSON Lines manifest) or mtree (bsdtar's form)
      --output FILE       write to FILE instead of stdout (FILE.mtree implies --format mtree)
  -h, --help              show this help
`;

/** Parses the arguments of `manifest` (after the command word). */
export function parseManifestArgs(argv: readonly string[], cwd: string): ManifestCommand | { command: 'help'; text: string } {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      image: { type: 'string' },
      tar: { type: 'string' },
      dir: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string' },
      debug: { type: 'boolean' },
    },
  });
  if (values.help) return { command: 'help', text: MANIFEST_HELP };
  if (positionals.length > 0) throw new InputError(`manifest takes no positional arguments, got ${positionals.join(' ')}`);
  const given = [values.image, values.tar, values.dir].filter((v) => v !== undefined);
  if (given.length !== 1) throw new InputError('manifest needs exactly one of --image REF, --tar FILE, --dir PATH');
  const source: ManifestCommand['source'] =
    values.image !== undefined ? { kind: 'image', ref: values.image } : values.tar !== undefined ? { kind: 'tar', path: resolve(cwd, values.tar) } : { kind: 'dir', path: resolve(cwd, values.dir!) };
  const format = values.format ?? (values.output?.endsWith('.mtree') ? 'mtree' : 'json');
  if (format !== 'json' && format !== 'mtree') throw new InputError(`--format must be json or mtree, not "${format}"`);
  const command: ManifestCommand = { command: 'manifest', source, format };
  if (values.output !== undefined) command.outputPath = resolve(cwd, values.output);
  return command;
}

async function loadTree(source: ManifestCommand['source'], io: CliIo): Promise<FileTree> {
  if (source.kind === 'dir') return walkDirectory(source.path, { warn: (message) => io.stderr(`repro-check: ${message}\n`) });
  if (source.kind === 'tar') return loadImageFileSystem({ kind: 'archive', path: source.path }, io.engine);
  return loadImageFileSystem({ kind: 'engine', ref: source.ref }, io.engine);
}

/** A Writable over the CLI's stdout function, for streaming to it. */
function stdoutStream(io: CliIo): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      io.stdout(chunk.toString());
      callback();
    },
  });
}

/** Runs `manifest`: reads the source into a tree and streams the manifest out. Exit status 0. */
export async function runManifestCommand(command: ManifestCommand, io: CliIo): Promise<number> {
  const tree = await loadTree(command.source, io);
  const out = command.outputPath ? createWriteStream(command.outputPath) : stdoutStream(io);
  const ref = command.source.kind === 'image' ? command.source.ref : command.source.path;
  const type: NonNullable<ManifestHeader['source']>['type'] = command.source.kind === 'tar' ? 'archive' : command.source.kind;
  await writeManifest(tree, out, command.format, { generator: `repro-check ${VERSION}`, source: { type, ref } });
  return 0;
}
