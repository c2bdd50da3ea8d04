import fc from 'fast-check';
import type { EntryType, FileEntry, FileTree } from '../../src/tree/file-entry.js';

/** Name characters that mtree must escape, mixed with plain ones. */
const NAME_CHARS = ['a', 'b', 'Z', '0', '.', '-', '_', ' ', '#', '=', '*', '?', '[', ']', '\\', 'é', '\t', '\n', '日'];

const segment = fc
  .array(fc.constantFrom(...NAME_CHARS), { minLength: 1, maxLength: 8 })
  .map((chars) => chars.join(''))
  .filter((s) => s !== '.' && s !== '..');

const path = fc.array(segment, { minLength: 0, maxLength: 4 }).map((parts) => '/' + parts.join('/'));
const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex'));
const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);

/**
 * Entries as every manifest format can carry them: no hard-link type (mtree has none), sizes on
 * regular files only, link targets on symlinks only, device numbers on devices only.
 */
export function arbitraryEntry(options: { extensions: boolean }): fc.Arbitrary<FileEntry> {
  // bsdtar knows no sockets, so the mtree writer leaves them out unless extensions are on.
  const types: EntryType[] = ['file', 'dir', 'symlink', 'char', 'block', 'fifo', ...(options.extensions ? ['socket' as const] : [])];
  return fc
    .record(
      {
        path,
        type: fc.constantFrom(...types),
        mode: fc.integer({ min: 0, max: 0o7777 }),
        uid: fc.nat({ max: 2 ** 31 }),
        gid: fc.nat({ max: 70000 }),
        uname: word,
        gname: word,
        size: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        mtime: fc.record({ sec: fc.integer({ min: -1e10, max: 1e10 }), nsec: fc.integer({ min: 0, max: 999_999_999 }) }),
        mtimeSecondsOnly: fc.constant(true),
        linkTarget: fc.array(fc.oneof(segment, fc.constant('..')), { minLength: 1, maxLength: 3 }).map((p) => p.join('/')),
        nlink: fc.integer({ min: 1, max: 1000 }),
        flags: fc.constantFrom('none', 'uchg', 'nodump,uappnd'),
        digest: hex(32).map((h) => 'sha256:' + h),
        digests: fc.record({ md5: hex(16), sha1: hex(20), sha512: hex(64), rmd160: hex(20), sha384: hex(48), sha512256: hex(32), cksum: fc.nat().map(String) }, { requiredKeys: [] }),
        // Values are bytes (the model's binary strings): text, and bytes that are not UTF-8 or end in a NUL.
        xattrs: fc.dictionary(
          fc.stringMatching(/^(user|security|trusted)\.[a-z_]{1,8}$/),
          fc.oneof(fc.string({ maxLength: 12 }), fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes).toString('latin1'))),
          { minKeys: 1, maxKeys: 3 },
        ),
        dev: fc.tuple(fc.nat({ max: 4095 }), fc.nat({ max: 255 })),
        verify: fc.subarray(['ignore', 'optional', 'nochange'] as const, { minLength: 1 }),
      },
      { requiredKeys: ['path', 'type'] },
    )
    // The root is a directory in every real tree (and libarchive checks `.` on disk).
    .map((r) => (r.path === '/' ? { ...r, type: 'dir' as const } : r))
    .map((r) => {
      const entry: FileEntry = { path: r.path, type: r.type };
      if (r.mode !== undefined) entry.mode = r.mode;
      if (r.uid !== undefined) entry.uid = r.uid;
      if (r.gid !== undefined) entry.gid = r.gid;
      if (r.uname !== undefined) entry.uname = r.uname;
      if (r.gname !== undefined) entry.gname = r.gname;
      if (r.type === 'file' && r.size !== undefined) entry.size = r.size;
      if (r.mtime !== undefined) {
        entry.mtime = r.mtime;
        if (r.mtimeSecondsOnly && options.extensions) entry.mtimeSecondsOnly = true;
      }
      // Every symlink has a target (bsdtar 3.6 crashes rewriting one without).
      if (r.type === 'symlink') entry.linkTarget = r.linkTarget ?? 'target';
      if (r.nlink !== undefined) entry.nlink = r.nlink;
      if (r.flags !== undefined) entry.flags = r.flags;
      if (r.type === 'file' && r.digest !== undefined) entry.digest = r.digest;
      if (r.type === 'file' && r.digests !== undefined) {
        const digests = { ...r.digests };
        if (!options.extensions) delete digests.sha512256;
        if (Object.keys(digests).length > 0) entry.digests = digests;
      }
      if (options.extensions && r.xattrs !== undefined) entry.xattrs = r.xattrs;
      if ((r.type === 'char' || r.type === 'block') && r.dev !== undefined) [entry.devMajor, entry.devMinor] = r.dev;
      if (r.verify !== undefined) entry.verify = [...r.verify];
      return entry;
    });
}

/** A tree of distinct paths. */
export function arbitraryTree(options: { extensions: boolean }): fc.Arbitrary<FileTree> {
  return fc.uniqueArray(arbitraryEntry(options), { selector: (e) => e.path, maxLength: 25 }).map((entries) => new Map(entries.map((e) => [e.path, e])));
}
