// Regenerates test/fixtures/hostile/: layer tars and `docker save` archives shaped the way an attacker
// (a pull request from a fork) could shape them, for test/image/hostile-input.test.ts.
// Run: npx tsx scripts/make-hostile-fixtures.mts   (needs GNU tar 1.34, gzip, python3; root for mknod)
//
// Every tar is written by GNU tar where GNU tar will write it (`-P` keeps absolute names and `..`,
// `--transform` makes names no file system would hold, `-r` appends duplicates, `--delete` leaves a
// hard link dangling), else by python3's tarfile (PAX records of any size, a PAX `size` that lies).
// Two items are real GNU tar output with bytes edited by hand afterwards, because no tool writes a
// corrupt tar on purpose: `bad-checksum.tar` (a name byte changed, checksum left as it was) and
// `size-too-large.tar` (the size field raised, checksum recomputed). The JSON inside the archives is
// hand-written (it is the hostile part); the archives themselves are GNU tar of a directory.
// Nothing is written with tar-stream. The output is the same on every run (fixed times, owners,
// order, `gzip -n`). Items too big to commit (a 100 MiB manifest.json) are made by the tests.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, linkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = new URL('../test/fixtures/hostile/', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'hostile-'));
const MTIME = 1704164645;
/** Flags that make GNU tar's output the same on every run. */
const STABLE = ['--blocking-factor=1', '--sort=name', '--owner=0', '--group=0', '--numeric-owner', `--mtime=@${MTIME}`];
const POSIX = ['--format=posix', '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime', ...STABLE];

/** One corpus item, as the README lists it. */
interface Item {
  file: string;
  made: string;
  holds: string;
}
const items: Item[] = [];

function run(command: string, args: string[], cwd = work): Buffer {
  return execFileSync(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
}

/** A fresh directory under the work directory. */
function dir(name: string): string {
  const path = join(work, name);
  rmSync(path, { recursive: true, force: true });
  mkdirSync(path, { recursive: true });
  return path;
}

function python(code: string, ...args: string[]): void {
  run('python3', ['-c', code, ...args]);
}

/** The python3 prelude: a tarfile writer with fixed owner and time. */
const PY = `
import io, sys, tarfile
def info(name, data=b'', **kw):
    t = tarfile.TarInfo(name)
    t.size = len(data); t.mtime = ${MTIME}; t.uid = t.gid = 0; t.uname = t.gname = 'root'; t.mode = 0o644
    for k, v in kw.items(): setattr(t, k, v)
    return t, io.BytesIO(data)
`;

function gzip(path: string): string {
  run('gzip', ['-n', '-9', '-f', path]);
  return path + '.gz';
}

function save(path: string, relative: string, item: Omit<Item, 'file'>): void {
  writeFileSync(join(out, relative), readFileSync(path));
  items.push({ file: relative, ...item });
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'layers'), { recursive: true });
mkdirSync(join(out, 'archives'), { recursive: true });

// ---------------------------------------------------------------- layers

{
  const src = dir('abs');
  writeFileSync(join(src, 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(src, 'hosts'), '127.0.0.1 localhost\n');
  run('tar', [...POSIX, '-cPf', '../absolute-path.tar', '--transform=s,^passwd$,/etc/passwd,;s,^hosts$,//etc/./hosts,', 'hosts', 'passwd'], src);
  save(join(work, 'absolute-path.tar'), 'layers/absolute-path.tar', {
    made: 'GNU tar `-P --transform`',
    holds: 'absolute names `/etc/passwd` and `//etc/./hosts`',
  });
}
{
  const src = dir('dotdot');
  for (const name of ['escape', 'shadow', 'ok', 'inner']) writeFileSync(join(src, name), `${name}\n`);
  run('tar', [...POSIX, '-cPf', '../dotdot.tar', '--transform=s,^escape$,../../escape,;s,^shadow$,dir/../../../etc/shadow,;s,^inner$,a/b/../c,', 'escape', 'inner', 'ok', 'shadow'], src);
  save(join(work, 'dotdot.tar'), 'layers/dotdot.tar', {
    made: 'GNU tar `-P --transform`',
    holds: '`../../escape`, `dir/../../../etc/shadow`, `a/b/../c` and a plain `ok`',
  });
}
{
  const src = dir('dup');
  writeFileSync(join(src, 'dup'), 'first\n');
  writeFileSync(join(src, 'became-link'), 'a file first\n');
  run('tar', [...POSIX, '-cf', '../duplicates.tar', 'became-link', 'dup'], src);
  writeFileSync(join(src, 'dup'), 'second, longer\n');
  rmSync(join(src, 'became-link'));
  symlinkSync('dup', join(src, 'became-link'));
  run('tar', [...POSIX, '-rf', '../duplicates.tar', 'became-link', 'dup'], src);
  save(join(work, 'duplicates.tar'), 'layers/duplicates.tar', {
    made: 'GNU tar `-c`, then `-r` (append) after changing the files',
    holds: '`dup` twice with different content; `became-link` as a file, then as a symlink',
  });
}
{
  const src = dir('hardlink');
  writeFileSync(join(src, 'a-target'), 'shared content\n');
  linkSync(join(src, 'a-target'), join(src, 'b-link'));
  run('tar', [...POSIX, '-cf', '../hardlink-missing.tar', 'a-target', 'b-link'], src);
  run('tar', ['--delete', '--blocking-factor=1', '-f', '../hardlink-missing.tar', 'a-target'], src);
  save(join(work, 'hardlink-missing.tar'), 'layers/hardlink-missing.tar', {
    made: 'GNU tar `-c` of a file and a hard link to it, then `--delete` of the file',
    holds: '`b-link`, a hard link to `a-target`, which the tar does not hold',
  });
}
{
  const src = dir('loop');
  symlinkSync('b', join(src, 'a'));
  symlinkSync('a', join(src, 'b'));
  symlinkSync('self', join(src, 'self'));
  mkdirSync(join(src, 'dir'));
  symlinkSync('..', join(src, 'dir', 'up'));
  symlinkSync('../../../../etc/passwd', join(src, 'dir', 'out'));
  run('tar', [...POSIX, '-cf', '../symlink-loop.tar', 'a', 'b', 'dir', 'self'], src);
  save(join(work, 'symlink-loop.tar'), 'layers/symlink-loop.tar', {
    made: 'GNU tar of symlinks made with `ln -s`',
    holds: '`a -> b`, `b -> a`, `self -> self`, `dir/up -> ..`, `dir/out -> ../../../../etc/passwd`',
  });
}
{
  python(`${PY}
with tarfile.open(sys.argv[1], 'w', format=tarfile.PAX_FORMAT) as t:
    t.addfile(*info('big-pax.txt', b'payload\\n', pax_headers={'comment': 'x' * (16 * 1024 * 1024)}))
`, join(work, 'huge-pax.tar'));
  save(gzip(join(work, 'huge-pax.tar')), 'layers/huge-pax.tar.gz', {
    made: 'python3 tarfile (GNU tar takes PAX values only on its command line, at most 128 KiB), then `gzip -n -9`',
    holds: 'one file with a 16 MiB PAX `comment` record (16 MiB uncompressed, 16 KiB as stored)',
  });
  python(`${PY}
with tarfile.open(sys.argv[1], 'w', format=tarfile.PAX_FORMAT) as t:
    t.addfile(*info('two-mib-pax.txt', b'payload\\n', pax_headers={'SCHILY.xattr.user.big': 'y' * (2 * 1024 * 1024)}))
`, join(work, 'big-pax.tar'));
  save(gzip(join(work, 'big-pax.tar')), 'layers/big-pax.tar.gz', {
    made: 'python3 tarfile, then `gzip -n -9`',
    holds: 'a 2 MiB extended attribute in a PAX record: below tar-stream\'s 4 MiB header cap, above repro-check\'s 1 MiB',
  });
  python(`${PY}
with tarfile.open(sys.argv[1], 'w', format=tarfile.PAX_FORMAT) as t:
    t.addfile(*info('liar.txt', b'abc', pax_headers={'size': '99999999999999999999'}))
`, join(work, 'pax-size-overflow.tar'));
  python(`${PY}
with tarfile.open(sys.argv[1], 'w', format=tarfile.PAX_FORMAT) as t:
    t.addfile(*info('far-future.txt', b'abc', pax_headers={'mtime': '99999999999999999999.5'}))
`, join(work, 'mtime-out-of-range.tar'));
  save(join(work, 'mtime-out-of-range.tar'), 'layers/mtime-out-of-range.tar', {
    made: 'python3 tarfile with an `mtime` PAX record that it writes as given',
    holds: 'a file whose PAX mtime (10²⁰ s) is past any date JavaScript can show',
  });
  save(join(work, 'pax-size-overflow.tar'), 'layers/pax-size-overflow.tar', {
    made: 'python3 tarfile with a `size` PAX record that it writes as given',
    holds: 'a 3-byte file whose PAX `size` says 99999999999999999999',
  });
}
{
  const src = dir('long');
  writeFileSync(join(src, 'f'), 'long\n');
  const name5k = 'long/' + 'd'.repeat(200) + '/' + 'n'.repeat(4800);
  run('tar', ['--format=gnu', ...STABLE, '-cf', '../long-name-5k.tar', `--transform=s,^f$,${name5k},`, 'f'], src);
  save(join(work, 'long-name-5k.tar'), 'layers/long-name-5k.tar', {
    made: 'GNU tar `--format=gnu --transform` (no file system holds such a name)',
    holds: 'a file whose name has 5,006 bytes, in a GNU `L` long-name header',
  });
  const name70k = 'long/' + 'n'.repeat(70_000);
  run('tar', [...POSIX, '-cf', '../long-name-70k.tar', `--transform=s,^f$,${name70k},`, 'f'], src);
  save(gzip(join(work, 'long-name-70k.tar')), 'layers/long-name-70k.tar.gz', {
    made: 'GNU tar `--format=posix --transform`, then `gzip -n -9`',
    holds: 'a file whose name has 70,005 bytes, in a PAX `path` record (above the 64 KiB name cap)',
  });
}
{
  const src = dir('names');
  const names = ['evil\n::warning::injected', 'pct%0A::error::injected', 'pipe|name', 'back`tick`', 'quote"single\'', 'star*_under_', 'ünïcødé'];
  for (const name of names) writeFileSync(join(src, name), 'x\n');
  mkdirSync(join(src, '<script>alert(1)<'));
  writeFileSync(join(src, '<script>alert(1)<', 'script>'), 'x\n');
  mkdirSync(join(src, 'x<'));
  writeFileSync(join(src, 'x<', 'details><img src=x onerror=alert(1)>'), 'x\n');
  run('tar', [...POSIX, '-cf', '../injection-names.tar', '.'], src);
  save(join(work, 'injection-names.tar'), 'layers/injection-names.tar', {
    made: 'GNU tar of real files with these names (`./` prefix, as `tar -C dir .` writes)',
    holds: "names with a newline and `::warning::injected`, `%0A`, `|`, backticks, quotes, `*_`, non-ASCII, `<script>alert(1)</script>`, `</details><img …>`",
  });
}
{
  const src = dir('trunc');
  writeFileSync(join(src, 'a-small'), 'small\n');
  writeFileSync(join(src, 'b-big'), Buffer.alloc(10_000, 'b'));
  run('tar', [...POSIX, '-cf', '../whole.tar', 'a-small', 'b-big'], src);
  const whole = readFileSync(join(work, 'whole.tar'));
  writeFileSync(join(work, 'truncated-data.tar'), whole.subarray(0, 4096));
  save(join(work, 'truncated-data.tar'), 'layers/truncated-data.tar', { made: 'GNU tar, then `head -c 4096`', holds: 'a tar cut in the middle of a file\'s data' });
  writeFileSync(join(work, 'truncated-header.tar'), whole.subarray(0, 1024 + 300));
  save(join(work, 'truncated-header.tar'), 'layers/truncated-header.tar', { made: 'GNU tar, then `head -c 1324`', holds: 'a tar cut in the middle of the second header' });
  run('tar', [...POSIX, '-cf', '../gz.tar', 'a-small', 'b-big'], src);
  const gz = readFileSync(gzip(join(work, 'gz.tar')));
  writeFileSync(join(work, 'truncated.tar.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
  save(join(work, 'truncated.tar.gz'), 'layers/truncated.tar.gz', { made: 'GNU tar, `gzip -n -9`, then the first half of the bytes', holds: 'a gzip layer cut mid-stream' });

  // Hand edits of GNU tar's output: no tool writes these on purpose.
  const bad = Buffer.from(whole);
  const second = 1024; // a-small: header and one data block
  bad[second] = bad[second]! ^ 0x20; // `b-big` becomes `B-big`; the checksum still sums the old name
  writeFileSync(join(work, 'bad-checksum.tar'), bad);
  save(join(work, 'bad-checksum.tar'), 'layers/bad-checksum.tar', { made: 'GNU tar, then one byte of the second header\'s name changed by hand', holds: 'a header whose checksum does not match' });
  const liar = Buffer.from(whole);
  writeOctal(liar, second + 124, 12, 1024 * 1024);
  fixChecksum(liar, second);
  writeFileSync(join(work, 'size-too-large.tar'), liar);
  save(join(work, 'size-too-large.tar'), 'layers/size-too-large.tar', { made: 'GNU tar, then the size field raised to 1 MiB by hand (checksum recomputed)', holds: 'a file whose declared size is larger than the data that follows' });
}
{
  const src = dir('dev');
  run('mknod', [join(src, 'null'), 'c', '1', '3']);
  run('mknod', [join(src, 'loop0'), 'b', '7', '0']);
  run('mkfifo', [join(src, 'pipe')]);
  run('tar', [...POSIX, '-cf', '../devices.tar', 'loop0', 'null', 'pipe'], src);
  save(join(work, 'devices.tar'), 'layers/devices.tar', { made: 'GNU tar of nodes made with `mknod` and `mkfifo`', holds: 'char device `null` (1,3), block device `loop0` (7,0), fifo `pipe`' });
}
{
  writeFileSync(join(work, 'empty.tar'), '');
  save(join(work, 'empty.tar'), 'layers/empty.tar', { made: '`: > empty.tar`', holds: 'zero bytes' });
}

// ---------------------------------------------------------------- archives

/** Writes files into a fresh directory and tars it with GNU tar as `docker save` lays archives out. */
function archive(name: string, files: Record<string, Buffer | string | { symlink: string }>, item: Omit<Item, 'file'>): void {
  const root = dir('archive-' + name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    if (typeof content === 'object' && 'symlink' in content) symlinkSync(content.symlink, join(root, path));
    else writeFileSync(join(root, path), content);
  }
  run('tar', [...POSIX, '-cf', join(work, name), ...Object.keys(files).sort()], root);
  save(join(work, name), `archives/${name}`, item);
}

const layer = (file: string) => readFileSync(join(out, 'layers', file));
const config = (diffIds: string[]) => JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: diffIds.map((d) => 'sha256:' + d) }, history: [] });

{
  const names = layer('injection-names.tar');
  archive(
    'missing-layer.tar',
    {
      'manifest.json': JSON.stringify([{ Config: 'config.json', RepoTags: ['hostile:missing'], Layers: ['aaa/layer.tar', 'missing/layer.tar'] }]),
      'config.json': config([sha256(names), '0'.repeat(64)]),
      'aaa/layer.tar': names,
    },
    { made: 'GNU tar of a directory (legacy layout)', holds: 'a manifest.json whose second layer `missing/layer.tar` is not in the archive' },
  );
  archive(
    'config-not-json.tar',
    {
      'manifest.json': JSON.stringify([{ Config: 'config.json', RepoTags: ['hostile:config'], Layers: ['aaa/layer.tar'] }]),
      'config.json': 'this is not JSON {',
      'aaa/layer.tar': names,
    },
    { made: 'GNU tar of a directory (legacy layout)', holds: 'an image config that is not JSON' },
  );
  archive(
    'manifest-wrong-types.tar',
    {
      'manifest.json': JSON.stringify([{ Config: 42, RepoTags: 'x', Layers: [null, 7] }]),
      'config.json': config([]),
    },
    { made: 'GNU tar of a directory', holds: 'a manifest.json whose `Config` is a number and `Layers` hold null and a number' },
  );
  archive(
    'config-wrong-types.tar',
    {
      'manifest.json': JSON.stringify([{ Config: 'config.json', Layers: [] }]),
      'config.json': JSON.stringify({ rootfs: { diff_ids: 'sha256:0' }, history: 'RUN x', config: ['not', 'an', 'object'] }),
    },
    { made: 'GNU tar of a directory', holds: 'an image config whose `rootfs.diff_ids`, `history` and `config` have the wrong JSON types' },
  );
  archive(
    'deep-json.tar',
    {
      'manifest.json': JSON.stringify([{ Config: 'config.json', Layers: [] }]),
      'config.json': `{"rootfs":{"type":"layers","diff_ids":[]},"config":{"Labels":{}},"deep":${'['.repeat(1000)}${']'.repeat(1000)}}`,
    },
    { made: 'GNU tar of a directory', holds: 'an image config with arrays nested 1,000 levels deep (code that compares configs recurses)' },
  );
  archive(
    'member-symlink-loop.tar',
    {
      'manifest.json': JSON.stringify([{ Config: 'config.json', Layers: ['a/layer.tar'] }]),
      'config.json': config([]),
      'a/layer.tar': { symlink: '../b/layer.tar' },
      'b/layer.tar': { symlink: '../a/layer.tar' },
    },
    { made: 'GNU tar of a directory with `ln -s` links (legacy archives link identical layers)', holds: 'layer members `a/layer.tar` and `b/layer.tar` that are symlinks to each other' },
  );
}
/** An OCI layout (as `docker save` of Docker 25+ writes it) of an image made of `layerFiles`. */
function ociImage(layerFiles: string[], gzipped: string[] = []): { files: Record<string, Buffer | string>; descriptor: object } {
  const files: Record<string, Buffer | string> = { 'oci-layout': '{"imageLayoutVersion":"1.0.0"}' };
  const diffIds: string[] = [];
  const descriptors: { mediaType: string; digest: string; size: number }[] = [];
  for (const file of layerFiles) {
    const data = layer(file);
    diffIds.push(sha256(data));
    const blob = gzipped.includes(file) ? run('gzip', ['-n', '-9', '-c', join(out, 'layers', file)]) : data;
    files[`blobs/sha256/${sha256(blob)}`] = blob;
    descriptors.push({ mediaType: `application/vnd.oci.image.layer.v1.tar${blob === data ? '' : '+gzip'}`, digest: 'sha256:' + sha256(blob), size: blob.length });
  }
  const configJson = config(diffIds);
  files[`blobs/sha256/${sha256(configJson)}`] = configJson;
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:' + sha256(configJson), size: configJson.length },
    layers: descriptors,
  });
  files[`blobs/sha256/${sha256(manifest)}`] = manifest;
  return { files, descriptor: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: 'sha256:' + sha256(manifest), size: manifest.length } };
}

{
  // The hostile layers that should parse, in an image a fork could push; one stored gzip-compressed,
  // as the containerd store stores layers.
  const hostile = ociImage(['injection-names.tar', 'dotdot.tar', 'absolute-path.tar', 'duplicates.tar', 'hardlink-missing.tar', 'symlink-loop.tar', 'devices.tar'], ['dotdot.tar']);
  archive('hostile-layers-oci.tar', { ...hostile.files, 'index.json': JSON.stringify({ schemaVersion: 2, manifests: [hostile.descriptor] }) }, {
    made: 'GNU tar of an OCI layout whose JSON is written with correct digests; `dotdot.tar` stored through `gzip -n -9`',
    holds: 'a valid image of seven layers: injection-names, dotdot, absolute-path, duplicates, hardlink-missing, symlink-loop, devices',
  });

  // An index that lists itself: a blob's name is not checked against its content, so a loop is easy.
  const loopDigest = 'sha256:' + 'e'.repeat(64);
  const loopEntries = (copies: number) => Array.from({ length: copies }, () => ({ digest: loopDigest, size: 1 }));
  const loopIndex = (copies: number) => JSON.stringify({ schemaVersion: 2, manifests: loopEntries(copies) });
  archive('index-loop.tar', { 'oci-layout': '{"imageLayoutVersion":"1.0.0"}', 'index.json': loopIndex(1), [`blobs/sha256/${'e'.repeat(64)}`]: loopIndex(1) }, {
    made: 'GNU tar of an OCI layout with hand-written JSON',
    holds: '`index.json` naming a blob that is an index naming itself',
  });
  // Layers that must be refused, stored as they are (the reader must not care what the descriptor says).
  for (const [name, file, holds] of [
    ['truncated-gzip-layer.tar', 'truncated.tar.gz', 'a valid OCI layout whose one layer blob is `layers/truncated.tar.gz`'],
    ['huge-pax-layer.tar', 'huge-pax.tar.gz', 'a valid OCI layout whose one layer blob is `layers/huge-pax.tar.gz`'],
  ] as const) {
    const image = ociImage([file]);
    archive(name, { ...image.files, 'index.json': JSON.stringify({ schemaVersion: 2, manifests: [image.descriptor] }) }, { made: 'GNU tar of an OCI layout whose JSON is written with correct digests', holds });
  }

  const small = ociImage(['devices.tar']);
  archive(
    'index-fanout.tar',
    {
      ...small.files,
      'index.json': JSON.stringify({ schemaVersion: 2, manifests: [small.descriptor, ...loopEntries(100)] }),
      [`blobs/sha256/${'e'.repeat(64)}`]: loopIndex(100),
    },
    {
      made: 'GNU tar of an OCI layout with hand-written JSON',
      holds: 'a valid one-layer image, and beside it 100 references to an index that lists itself 100 times (100⁴ paths to walk)',
    },
  );
}

rmSync(work, { recursive: true, force: true });

writeFileSync(
  join(out, 'README.md'),
  `# Hostile layers and image archives

Written by \`npx tsx scripts/make-hostile-fixtures.mts\` (GNU tar 1.34, gzip 1.12, python3 3.11, as
root for \`mknod\`); read by \`test/image/hostile-input.test.ts\`, which holds what the readers must
do with each. Items too big to commit (a 16 MiB PAX header unpacked, a 100 MiB \`manifest.json\`,
five JSON blobs of 15 MiB) are made on the fly, as the reader pulls them, by tar-stream's pack in
\`test/image/hostile-corpus.ts\`.

| file | made by | holds |
| --- | --- | --- |
${items.map((item) => `| \`${item.file}\` | ${item.made} | ${item.holds.replace(/\|/g, '\\|')} |`).join('\n')}
`,
);
console.log(`wrote ${items.length} items to ${out}`);

function writeOctal(buffer: Buffer, offset: number, length: number, value: number): void {
  buffer.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'latin1');
}

/** Recomputes a ustar header's checksum: the byte sum with the checksum field read as spaces. */
function fixChecksum(buffer: Buffer, header: number): void {
  buffer.fill(0x20, header + 148, header + 156);
  let sum = 0;
  for (let i = header; i < header + 512; i++) sum += buffer[i]!;
  buffer.write(sum.toString(8).padStart(6, '0') + '\0 ', header + 148, 8, 'latin1');
}
