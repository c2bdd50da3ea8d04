/**
 * What was observed that supports a change's cause. Every explained change carries one, the
 * `unknown` ones too (then it says what was looked at): a cause is asserted only when something
 * seen in the images or in the way they were built supports it, never on an instruction's text
 * alone.
 */

/** One package that resolved to another version (or is present in one image only). */
export interface PackageChange {
  /** The package as the database names it (`libssl3`, `lodash`, `node_modules/a/node_modules/b`, `requests`, `golang.org/x/text`). */
  name: string;
  /** Version in image A, or null when A does not have it. */
  a: string | null;
  /** Version in image B, or null when B does not have it. */
  b: string | null;
  /** The file the versions were read from (`/var/lib/dpkg/status`, `/app/package-lock.json`). */
  source: string;
}

/** One user's line of `/etc/shadow` that differs, and in which fields. */
export interface ShadowChange {
  user: string;
  /** Fields that differ: `password` (field 2), `lastchange` (field 3), `other` (fields 4-9), `line` (present in one image only). */
  fields: ('password' | 'lastchange' | 'other' | 'line')[];
  /** Field 3 in each image (days since 1970-01-01), when it differs. */
  lastchange?: [string, string];
  /** Both password fields are salted crypt hashes (`$id$salt$hash`) with different salts. */
  saltDiffers?: boolean;
}

/** Where a difference began, when a later layer only carried it. */
export interface ChangeOrigin {
  /** Index of the layer whose version of the path first differs the same way. */
  layer: number;
  /** 1-based Dockerfile line of that layer's instruction, or null when unknown. */
  line: number | null;
}

/** The observations behind one change's cause; at least one field is present. */
export interface Evidence {
  /** The content inspection's one-line finding. */
  finding?: string;
  /** The variation applied to build B (or named by `--bisect`) that produces this kind of difference. */
  variation?: string;
  /** With `--bisect`: the variations that alone make a difference. */
  culprits?: string[];
  /** The path rule the path matched: what the file belongs to. */
  pathRule?: string;
  /** The instruction of the layer that wrote (or deleted) the file, as the Dockerfile or history has it. */
  instruction?: string;
  /** The metadata that differs, A → B (`mode 0644 → 0664`, `mtime +90061 s`). */
  metadata?: string;
  /** Packages whose version differs, read from a package database of the same layer. */
  packages?: PackageChange[];
  /** `/etc/shadow` lines that differ. */
  shadow?: ShadowChange[];
  /** The path a whiteout deletes, and the image whose layer deleted it. */
  whiteout?: { deletes: string; image: 'A' | 'B' };
  /** The earlier layer's difference this change only carries, and the aspects carried. */
  carried?: ChangeOrigin & { aspects: string[] };
  /** `COPY --from`: the stage the file came from, and the line and instruction of that stage that names it (null when none does). */
  stage?: { name: string; line: number | null; instruction?: string };
  /** The file this one holds the checksum of (a differing hex token is that file's digest on each side). */
  checksumOf?: string;
  /** The file of an earlier layer this one is a copy of: the same bytes on each side, and the same mode or owner difference. */
  copyOf?: string;
  /** What was looked at and why no more specific cause was asserted (or what links the file to the evidence). */
  note?: string;
}

/** Evidence with the fields that are undefined left out (so JSON and equality see only what is there). */
export function evidence(fields: Evidence): Evidence {
  const out: Evidence = {};
  for (const [key, value] of Object.entries(fields) as [keyof Evidence, unknown][]) {
    if (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
