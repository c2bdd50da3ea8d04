import type { CauseId } from './causes.js';

/** A path pattern whose files change with every build for one known reason. */
export interface PathRule {
  cause: CauseId;
  /** Matches absolute paths inside the image. */
  pattern: RegExp;
  /** What the file belongs to, for the hint (`the apt package lists`). */
  what: string;
  /** The removal that fixes it, in the same RUN that writes it. */
  remove: string;
}

/**
 * State and cache files of package managers and language tools, checked in this order. Each
 * rule's `remove` is the concrete command for its files, which the hint quotes.
 */
export const PATH_RULES: readonly PathRule[] = [
  { cause: 'apt-state', pattern: /^\/var\/lib\/apt\/lists(?:\/|$)/, what: 'the apt package lists', remove: 'rm -rf /var/lib/apt/lists/*' },
  { cause: 'apt-state', pattern: /^\/var\/cache\/apt(?:\/|$)/, what: 'the apt cache', remove: 'apt-get clean && rm -rf /var/cache/apt/*' },
  { cause: 'apt-state', pattern: /^\/var\/lib\/dpkg\/[^/]+-old$/, what: "dpkg's backup files", remove: 'rm -f /var/lib/dpkg/*-old' },
  { cause: 'apt-state', pattern: /^\/var\/cache\/debconf\/[^/]+-old$/, what: "debconf's backup files", remove: 'rm -f /var/cache/debconf/*-old' },
  { cause: 'dpkg-logs', pattern: /^\/var\/log\/(?:dpkg\.log|alternatives\.log|bootstrap\.log)$/, what: 'the dpkg logs', remove: 'rm -f /var/log/dpkg.log /var/log/alternatives.log' },
  { cause: 'dpkg-logs', pattern: /^\/var\/log\/apt(?:\/|$)/, what: 'the apt logs', remove: 'rm -rf /var/log/apt/*' },
  { cause: 'ldconfig-cache', pattern: /^\/var\/cache\/ldconfig\/aux-cache$/, what: "ldconfig's auxiliary cache", remove: 'rm -f /var/cache/ldconfig/aux-cache' },
  { cause: 'apk-db', pattern: /^\/lib\/apk\/db(?:\/|$)/, what: 'the apk database', remove: 'pin the package versions (apk add pkg=1.2.3-r0) and the repository snapshot' },
  { cause: 'apk-db', pattern: /^\/etc\/apk\/world$/, what: "apk's world file", remove: 'pin the package versions (apk add pkg=1.2.3-r0)' },
  { cause: 'apk-db', pattern: /^\/var\/cache\/apk(?:\/|$)/, what: 'the apk cache', remove: 'rm -rf /var/cache/apk/* (or apk add --no-cache)' },
  { cause: 'language-cache', pattern: /(?:^|\/)\.npm(?:\/|$)/, what: 'the npm cache', remove: 'npm cache clean --force (or RUN --mount=type=cache,target=/root/.npm)' },
  { cause: 'language-cache', pattern: /(?:^|\/)\.cache\/pip(?:\/|$)/, what: 'the pip cache', remove: 'pip install --no-cache-dir (or RUN --mount=type=cache,target=/root/.cache/pip)' },
  { cause: 'language-cache', pattern: /(?:^|\/)\.cache\/(?:yarn|go-build)(?:\/|$)|^\/usr\/local\/share\/\.cache\/yarn(?:\/|$)/, what: 'the yarn or Go build cache', remove: 'rm -rf the cache directory, or RUN --mount=type=cache for it' },
];

/** The first rule matching a path, if any. */
export function matchPathRule(path: string): PathRule | undefined {
  return PATH_RULES.find((rule) => rule.pattern.test(path));
}

/** Whether a path is Python bytecode (`__pycache__/x.cpython-311.pyc` or a legacy `x.pyc`). */
export function isPycPath(path: string): boolean {
  return /\.py[co]$/.test(path);
}

/** Whether a path is a whiteout (`.wh.<name>`) or an opaque-directory marker (`.wh..wh..opq`). */
export function isWhiteoutPath(path: string): boolean {
  return /(?:^|\/)\.wh\.[^/]*$/.test(path);
}

/** The path a whiteout deletes: `/etc/.wh.motd` → `/etc/motd`; an opaque marker → its directory. */
export function whiteoutTarget(path: string): string {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash);
  const name = path.slice(slash + 1);
  if (name === '.wh..wh..opq') return dir === '' ? '/' : dir;
  return `${dir}/${name.slice('.wh.'.length)}`;
}
