/**
 * Benchmark of `repro-check manifest --dir` on a Debian root file system of about 13,500 entries,
 * against AIDE (`aide --init` with SHA-256, xattrs and capabilities) and bsdtar's mtree with
 * SHA-256 on the same tree: median wall time of three alternating runs each, and peak RSS. Targets
 * (issue 19): at most AIDE's time, within 1.5× of bsdtar's, under 100 MiB.
 *
 * repro-check runs twice per round: the bundle as users run it (`node dist/cli.cjs`, when it
 * exists; rebuild it with `npm run bundle` for figures of the current code) and the sources
 * through tsx (`node --import tsx src/cli.ts`, which adds tsx's start-up).
 *
 * The tree: DIR when given; else one made once per machine (needs root and Debian's mirror) from
 * scripts/debian-rootfs.sh's Debian 12, with openssh-server, cron, python3, perl, vim and man-db
 * installed in a copy (never in the cached tree itself), kept next to it.
 * Run: npm run bench:dir [DIR]     (root, aide, bsdtar and GNU time needed)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, requireGnuTime, run, type RunResult } from './measure.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(REPO, 'dist/cli.cjs');
/** Installed into the copy: with debootstrap's 6,800 entries, about 13,500 (vim-nox would pull in Ruby: 17,000; vim-tiny instead of vim: 11,000). */
const PACKAGES = ['openssh-server', 'cron', 'python3', 'perl', 'vim', 'man-db'];
const ROUNDS = 3;

/** The bench tree: made once, marked done by a stamp file next to it that names its packages. */
function benchTree(): string {
  const base = execFileSync('bash', [join(REPO, 'scripts/debian-rootfs.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  const tree = base + '-dir-bench';
  const stamp = PACKAGES.join(' ');
  if (existsSync(tree + '.done') && readFileSync(tree + '.done', 'utf8') === stamp) return tree;
  rmSync(tree, { recursive: true, force: true });
  execFileSync('cp', ['-a', base, tree]);
  execFileSync('cp', ['/etc/resolv.conf', join(tree, 'etc/resolv.conf')]);
  execFileSync('mount', ['--bind', '/proc', join(tree, 'proc')]);
  try {
    execFileSync('chroot', [tree, 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...PACKAGES], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    execFileSync('chroot', [tree, 'apt-get', 'clean']);
  } finally {
    execFileSync('umount', [join(tree, 'proc')]);
  }
  // A capability and an ACL, so the xattr readers have something to read.
  execFileSync('setcap', ['cap_net_raw+ep', join(tree, 'usr/bin/perl')]);
  execFileSync('setfacl', ['-m', 'u:1000:r', join(tree, 'etc/hostname')]);
  writeFileSync(tree + '.done', stamp);
  return tree;
}

/** Entries of a tree on its own file system, as `find -xdev` counts them. */
async function countEntries(root: string): Promise<number> {
  const device = (await lstat(root)).dev;
  let count = 1;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      count++;
      if (entry.isDirectory()) {
        const path = join(dir, entry.name);
        if ((await lstat(path)).dev === device) await walk(path);
      }
    }
  };
  await walk(root);
  return count;
}

interface Tool {
  name: string;
  command: string;
  args: string[];
  runs: RunResult[];
}

function summary(tool: Tool): { ms: number; rssMiB: number } {
  return { ms: median(tool.runs.map((r) => r.wallMs)), rssMiB: median(tool.runs.map((r) => (r.maxRssKiB ?? NaN) / 1024)) };
}

async function main(): Promise<void> {
  await requireGnuTime();
  const root = process.argv[2] ?? benchTree();
  const work = mkdtempSync(join(tmpdir(), 'dir-bench-'));
  try {
    const aideConfig = join(work, 'aide.conf');
    // SHA-256, xattrs and capabilities, as the target asks; p+u+g+s+ftype like the manifest's fields.
    writeFileSync(
      aideConfig,
      [`database_in=file:${work}/aide.db`, `database_out=file:${work}/aide.db.new`, 'gzip_dbout=no', 'Bench = p+u+g+s+m+n+ftype+sha256+xattrs+caps', `${root} Bench`, ''].join('\n'),
    );
    const tools: Tool[] = [];
    if (existsSync(BUNDLE)) tools.push({ name: 'repro-check (dist/cli.cjs)', command: process.execPath, args: [BUNDLE, 'manifest', '--dir', root, '--output', join(work, 'bundle.json')], runs: [] });
    tools.push({ name: 'repro-check (tsx src/cli.ts)', command: process.execPath, args: ['--import', 'tsx', join(REPO, 'src/cli.ts'), 'manifest', '--dir', root, '--output', join(work, 'tsx.json')], runs: [] });
    tools.push({ name: 'aide --init', command: 'aide', args: ['--init', '--config', aideConfig], runs: [] });
    tools.push({ name: 'bsdtar mtree', command: 'sh', args: ['-c', `bsdtar -cf - --format=mtree --options='!all,type,mode,uid,gid,size,time,sha256,link' -C "$1" . > "$2"`, 'sh', root, join(work, 'bsdtar.mtree')], runs: [] });

    const entries = await countEntries(root);
    console.log(`tree: ${root}, ${entries} entries`);
    // Alternating rounds, so a slow moment of the machine falls on every tool alike.
    for (let round = 1; round <= ROUNDS; round++) {
      for (const tool of tools) {
        const result = await run(tool.command, tool.args, { rss: true, cwd: REPO });
        tool.runs.push(result);
        console.log(`  round ${round}: ${tool.name} ${(result.wallMs / 1000).toFixed(2)} s, ${((result.maxRssKiB ?? NaN) / 1024).toFixed(0)} MiB`);
      }
    }
    console.log(`medians of ${ROUNDS} runs on ${entries} entries:`);
    for (const tool of tools) {
      const { ms, rssMiB } = summary(tool);
      console.log(`  ${tool.name}: ${(ms / 1000).toFixed(2)} s, peak RSS ${rssMiB.toFixed(0)} MiB`);
    }
    const ours = summary(tools[0]!);
    const aide = summary(tools.find((t) => t.name.startsWith('aide'))!);
    const bsdtar = summary(tools.find((t) => t.name.startsWith('bsdtar'))!);
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(`targets (${tools[0]!.name}):`);
    console.log(`  at most AIDE's time: ${(ours.ms / 1000).toFixed(2)} s vs ${(aide.ms / 1000).toFixed(2)} s, ${verdict(ours.ms <= aide.ms)}`);
    console.log(`  within 1.5x of bsdtar: ${(ours.ms / bsdtar.ms).toFixed(2)}x, ${verdict(ours.ms <= 1.5 * bsdtar.ms)}`);
    console.log(`  under 100 MiB: ${ours.rssMiB.toFixed(0)} MiB, ${verdict(ours.rssMiB < 100)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
