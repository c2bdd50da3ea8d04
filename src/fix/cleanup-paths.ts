/**
 * Which paths a cleanup removes and which a clamp touches, from the paths that differed: package
 * manager state is removed by the directory glob the tools' own documentation gives, so a path
 * that happens not to differ this time (another list file, another log) goes with it.
 */

/** Directories whose whole contents are cache or log state: a differing path below one removes `dir/*`. */
const CONTENT_DIRS = ['/var/lib/apt/lists', '/var/log/apt', '/var/cache/apt/archives', '/var/cache/apk'];

/** Cache roots of language package managers: a differing path below one removes the root. */
const CACHE_ROOTS = ['/root/.npm', '/root/.cache/pip', '/root/.cache/go-build', '/root/.cache/yarn', '/usr/local/share/.cache/yarn', '/root/.cache/node-gyp'];

/** Single files that are removed as they are, grouped by a glob where a tool writes several. */
const FILE_GLOBS: { test: RegExp; glob: string }[] = [
  { test: /^\/var\/cache\/apt\/[^/]+\.bin$/, glob: '/var/cache/apt/*.bin' },
  { test: /^\/var\/lib\/dpkg\/[^/]+-old$/, glob: '/var/lib/dpkg/*-old' },
  { test: /^\/var\/cache\/debconf\/[^/]+-old$/, glob: '/var/cache/debconf/*-old' },
];

/** Files that are state or logs of a package manager, removed by their own path. */
const STATE_FILES = new Set(['/var/log/dpkg.log', '/var/log/alternatives.log', '/var/cache/ldconfig/aux-cache', '/var/log/apt/history.log', '/var/log/apt/term.log', '/var/log/apt/eipp.log.xz']);

/**
 * The removal globs for the differing paths of a cleanup cause, sorted; paths that none of the
 * known places cover are returned apart (`unknown`), as removing them is not a cleanup.
 */
export function removalGlobs(paths: readonly string[]): { globs: string[]; unknown: string[] } {
  const globs = new Set<string>();
  const unknown: string[] = [];
  for (const path of paths) {
    const glob = removalGlob(path);
    if (glob) globs.add(glob);
    else unknown.push(path);
  }
  return { globs: [...globs].sort(), unknown };
}

function removalGlob(path: string): string | null {
  const root = CACHE_ROOTS.find((dir) => path === dir || path.startsWith(dir + '/'));
  if (root) return root;
  const dir = CONTENT_DIRS.find((d) => path.startsWith(d + '/'));
  if (dir) return `${dir}/*`;
  const file = FILE_GLOBS.find((rule) => rule.test.test(path));
  if (file) return file.glob;
  if (STATE_FILES.has(path)) return path;
  return null;
}

/** Whether a path is removed by one of the globs (`*` stands for one name; a path below a removed one goes too). */
export function removedBy(path: string, globs: readonly string[]): boolean {
  return globs.some((glob) => {
    const pattern = new RegExp('^' + glob.split('*').map(escapeRegExp).join('[^/]*') + '(/.*)?$');
    return pattern.test(path);
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Paths a RUN cannot set the time of: the runtime mounts them read-only into the build container
 * (`/proc`, `/sys`, `/dev` and below; the files the engine writes into `/etc`).
 */
const RUNTIME_TREES = ['/dev', '/proc', '/sys'];
export const RUNTIME_FILES = ['/etc/hostname', '/etc/hosts', '/etc/resolv.conf'];

/** Whether a clamp must leave a path alone: a runtime mount, or a whiteout (a deletion, not a file). */
export function unclampable(path: string): boolean {
  if (RUNTIME_TREES.some((tree) => path === tree || path.startsWith(tree + '/'))) return true;
  if (RUNTIME_FILES.includes(path)) return true;
  return (path.split('/').at(-1) ?? '').startsWith('.wh.');
}

/** How many paths a clamp names one by one before it clamps their directories with find. */
export const CLAMP_LIST_LIMIT = 24;

/**
 * The directories a clamp of many paths searches: each path's first three components (or the
 * path itself when shorter), with those below another left out.
 */
export function clampRoots(paths: readonly string[]): string[] {
  const tops = new Set(paths.map((path) => '/' + path.split('/').filter(Boolean).slice(0, 3).join('/')));
  const sorted = [...tops].sort();
  return sorted.filter((top) => !sorted.some((other) => other !== top && (top.startsWith(other + '/') || other === '/')));
}

/** Quotes a path for sh when it holds anything but safe characters (globs are left as they are). */
export function shellPath(path: string, glob = false): string {
  const safe = glob ? /^[\w@%+=:,./*-]+$/ : /^[\w@%+=:,./-]+$/;
  return safe.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
