/**
 * The catalogue of known causes of irreproducible images: the one place where each cause's id,
 * title, explanation and fix are written. Classifiers return ids; every output (annotations,
 * summary, SARIF rules, HTML, README) takes the words from here.
 */

/** Stable ids of the causes, kebab-case. They are SARIF rule ids and never change meaning. */
export const CAUSE_IDS = [
  'config-created',
  'parent-image',
  'build-mtime',
  'implicit-directory-mtime',
  'context-mtime',
  'context-mode',
  'rewrite-timestamp-ignored',
  'apt-state',
  'dpkg-logs',
  'ldconfig-cache',
  'apk-db',
  'dependency-version',
  'pyc-timestamp',
  'language-cache',
  'gzip-header',
  'archive-member-mtime',
  'archive-member-order',
  'embedded-date',
  'shadow-lastchange',
  'random-bytes',
  'cpu-count',
  'file-order',
  'whiteout-variance',
  'provenance',
  'unknown',
] as const;

/** One cause id. */
export type CauseId = (typeof CAUSE_IDS)[number];

/** A known cause of a difference between two builds. */
export interface Cause {
  id: CauseId;
  /** A few words, for headings and table cells. */
  title: string;
  /** One line: why builds differ because of it. */
  explanation: string;
  /** One or two sentences a user can apply to the Dockerfile or the build command. */
  fix: string;
}

/** Every cause, in the order of `CAUSE_IDS`. */
export const CAUSES: readonly Cause[] = [
  {
    id: 'config-created',
    title: 'Build time in the image config',
    explanation: 'The config\'s `created` and `history[].created` fields record when each build ran.',
    fix: 'Pass `--build-arg SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)` (BuildKit 0.11 or later) so both fields take the commit time.',
  },
  {
    id: 'parent-image',
    title: 'Parent image ID (carried from below)',
    explanation: 'The classic builder records the ID of the previous step\'s image in `config.Image` and `container_config.Image`; it differs whenever a layer or the build time of a step below differs.',
    fix: 'Nothing to set in this field: make the layers below reproducible, starting with the first that differs. The classic builder also stamps each step image with its build time; BuildKit leaves the field empty.',
  },
  {
    id: 'build-mtime',
    title: 'Build-time file mtimes',
    explanation: 'Files a RUN writes (or a `COPY --from` stage wrote) carry the time of the build as their mtime.',
    fix: 'End the RUN with `touch -d @$SOURCE_DATE_EPOCH` on the files it writes (in the same RUN), or build with `--output type=image,rewrite-timestamp=true` and a `SOURCE_DATE_EPOCH` build arg.',
  },
  {
    id: 'implicit-directory-mtime',
    title: 'Implicitly created directories',
    explanation: 'Parent directories that COPY, ADD or WORKDIR create (and `/dev`, `/etc`, `/proc`, `/sys` on scratch) get the time of the build.',
    fix: 'Create the directories in a RUN and `touch -d @$SOURCE_DATE_EPOCH` them, or build with `rewrite-timestamp=true` and a `SOURCE_DATE_EPOCH` build arg.',
  },
  {
    id: 'context-mtime',
    title: 'Build-context mtimes',
    explanation: 'COPY and ADD keep the mtimes of the build context, which are the time of the checkout.',
    fix: 'Set the context\'s mtimes before building (`git ls-files -z | xargs -0 touch -d @$(git log -1 --format=%ct)`), or build with `rewrite-timestamp=true`.',
  },
  {
    id: 'context-mode',
    title: 'Build-context permissions',
    explanation: 'COPY and ADD keep the permission bits of the context, which depend on the umask of the checkout (002 or 022).',
    fix: 'Give COPY explicit modes (`COPY --chmod=0644 …`, `--chmod=0755` for executables), or `chmod -R g-w,o-w` the context before building.',
  },
  {
    id: 'rewrite-timestamp-ignored',
    title: '`rewrite-timestamp` not applied',
    explanation: 'The engine ignored `rewrite-timestamp=true`: the graph-driver image store unpacks layers and loses the rewritten times.',
    fix: 'Enable the containerd image store (Docker Desktop setting, or `"features": {"containerd-snapshotter": true}` in daemon.json), or build with a `docker-container` builder and load the result.',
  },
  {
    id: 'apt-state',
    title: 'apt lists and caches',
    explanation: '`apt-get update` and `install` leave package lists, caches and `*-old` backups that change with the mirror and the time.',
    fix: 'End the same RUN with `rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/lib/dpkg/*-old /var/cache/debconf/*-old`; pin a snapshot mirror for the lists themselves.',
  },
  {
    id: 'dpkg-logs',
    title: 'dpkg and apt logs',
    explanation: 'dpkg and apt append time-stamped lines to `/var/log/dpkg.log`, `/var/log/apt/*` and `/var/log/alternatives.log`.',
    fix: 'End the same RUN with `rm -rf /var/log/dpkg.log /var/log/apt/* /var/log/alternatives.log`.',
  },
  {
    id: 'ldconfig-cache',
    title: 'ldconfig auxiliary cache',
    explanation: '`/var/cache/ldconfig/aux-cache` records inode numbers and times of the libraries ldconfig scanned.',
    fix: 'End the same RUN with `rm -f /var/cache/ldconfig/aux-cache`.',
  },
  {
    id: 'apk-db',
    title: 'apk database',
    explanation: 'apk records install times and scripts in `/lib/apk/db/*` (its `scripts.tar` holds mtimes) and `/etc/apk/world`.',
    fix: 'Pin package versions and the repository snapshot; `rm -rf /var/cache/apk/*` in the same RUN.',
  },
  {
    id: 'dependency-version',
    title: 'A dependency resolved to another version',
    explanation: 'The same package resolved to another version in each build (a new release on the mirror or registry), so its files, its database entry and the lockfile differ.',
    fix: 'Pin every version: apt `pkg=version` against a snapshot mirror (snapshot.debian.org), `npm ci` with a committed `package-lock.json`, `pip install --require-hashes -r requirements.txt`, a committed `go.sum`.',
  },
  {
    id: 'pyc-timestamp',
    title: 'Python bytecode timestamps',
    explanation: 'A timestamp-based `.pyc` stores its source file\'s mtime in header bytes 8-11 (PEP 552).',
    fix: 'Set `SOURCE_DATE_EPOCH` for the RUN that compiles (py_compile then writes hash-based `.pyc`), use `python -m compileall --invalidation-mode checked-hash`, or `PYTHONDONTWRITEBYTECODE=1` with no `.pyc` at all.',
  },
  {
    id: 'language-cache',
    title: 'Package-manager caches',
    explanation: 'npm, pip, yarn and Go leave download caches with times and random names in the image.',
    fix: 'Use `RUN --mount=type=cache,target=/root/.npm` (or `/root/.cache/pip`), `pip install --no-cache-dir`, or remove the cache in the same RUN.',
  },
  {
    id: 'gzip-header',
    title: 'gzip header timestamp',
    explanation: 'gzip stores the input file\'s name and mtime (bytes 4-7) in its header; the compressed data is equal.',
    fix: 'Compress with `gzip -n` (no name, no time); for tools that call gzip, set `GZIP=-n` or clamp the input mtimes first.',
  },
  {
    id: 'archive-member-mtime',
    title: 'Timestamps inside an archive',
    explanation: 'A tar, zip, jar or ar archive built in the image stores the build-time mtimes of its members.',
    fix: 'Clamp member times: `tar --mtime=@$SOURCE_DATE_EPOCH --clamp-mtime --sort=name --owner=0 --group=0 --numeric-owner`, `zip -X` after `touch -d`, `jar --date`, `ar D`.',
  },
  {
    id: 'archive-member-order',
    title: 'Member order inside an archive',
    explanation: 'The archive lists the same members in a different order, which follows the file system\'s directory order.',
    fix: 'Sort the members: `tar --sort=name`, or pass a sorted file list to zip, jar and ar.',
  },
  {
    id: 'embedded-date',
    title: 'Date written into a file',
    explanation: 'The file contains the date or time of the build (`date`, `__DATE__`, version stamps).',
    fix: 'Take the date from `SOURCE_DATE_EPOCH` (`date -u -d @$SOURCE_DATE_EPOCH`) or leave it out.',
  },
  {
    id: 'shadow-lastchange',
    title: 'Password change day in /etc/shadow',
    explanation: '`useradd`, `adduser` and `chpasswd` write the day of the build into field 3 of `/etc/shadow` (days since 1970-01-01, the last password change).',
    fix: 'Declare `ARG SOURCE_DATE_EPOCH` before the RUN that adds users and pass it as a build arg (shadow\'s `useradd`, `chpasswd` and `passwd` take the day from it), or fix the day in the same RUN with `chage -d 2024-01-01 <user>`.',
  },
  {
    id: 'random-bytes',
    title: 'Random data',
    explanation: 'The file holds random bytes or identifiers (keys, UUIDs, salts, temporary names) made during the build.',
    fix: 'Generate secrets and ids when the container starts instead of at build time, or seed the generator from a fixed value.',
  },
  {
    id: 'cpu-count',
    title: 'Output depends on the CPU count',
    explanation: 'The RUN adapts to the number of CPUs (`nproc`, `make -j`), and the output follows.',
    fix: 'Pin the parallelism (`make -j4` instead of `-j$(nproc)`), or make the tool\'s output independent of it.',
  },
  {
    id: 'file-order',
    title: 'Entry order in the layer',
    explanation: 'The layer holds the same files in a different order or with tar header fields that the file comparison does not show.',
    fix: 'Build both images with the same builder and image store; `rewrite-timestamp=true` also rewrites the layer tar in a fixed order.',
  },
  {
    id: 'whiteout-variance',
    title: 'Whiteouts differ',
    explanation: 'Deletions and opaque directories (`.wh.*`, `.wh..wh..opq`) are recorded differently by different snapshotters.',
    fix: 'Build both images with the same builder and image store.',
  },
  {
    id: 'provenance',
    title: 'Provenance attestation',
    explanation: 'BuildKit attaches a provenance attestation with build times and ids, so the image index digest differs while the platform image is equal.',
    fix: 'Build with `--provenance=false`, or compare the platform manifest digest instead of the index digest.',
  },
  {
    id: 'unknown',
    title: 'Unexplained difference',
    explanation: 'No known cause matched; look at the content difference in the report.',
    fix: 'Compare the file in both images (the report\'s `changes[].diff` holds text differences) and make the step that writes it deterministic.',
  },
];

const BY_ID = new Map<CauseId, Cause>(CAUSES.map((cause) => [cause.id, cause]));

/** The catalogue entry of a cause id. */
export function getCause(id: CauseId): Cause {
  const cause = BY_ID.get(id);
  if (!cause) throw new Error(`unknown cause id "${id}"`);
  return cause;
}

/** Whether a string is a known cause id. */
export function isCauseId(value: string): value is CauseId {
  return BY_ID.has(value as CauseId);
}

/**
 * The catalogue as a Markdown table, one row per cause, for the README and docs/causes.md (a
 * test keeps docs/causes.md equal to this text).
 */
export function renderCauseTable(): string {
  // GFM splits cells on `|` even inside code spans unless it is escaped; `\|` renders as `|` there too.
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = ['| id | cause | why | fix |', '| --- | --- | --- | --- |'];
  for (const cause of CAUSES) {
    lines.push(`| \`${cause.id}\` | ${cell(cause.title)} | ${cell(cause.explanation)} | ${cell(cause.fix)} |`);
  }
  return lines.join('\n') + '\n';
}
