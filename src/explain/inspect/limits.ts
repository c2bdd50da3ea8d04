/**
 * Size limits of content inspection. Every inspector works on buffers the caller has read, so
 * these bound the memory and time that explaining one file may take; the README quotes them.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Most bytes of one file (per side) that the caller reads and passes to `inspectContent`. A file
 * larger than this is passed truncated, with `truncated: true`, and reported as too large.
 */
export const INSPECT_READ_LIMIT = 8 * MiB;

/** Most bytes one compressed payload (a gzip stream, a zip member) is inflated to, per side. */
export const DECOMPRESS_LIMIT = 32 * MiB;

/** A unified diff is cut after this many lines... */
export const DIFF_MAX_LINES = 200;
/** ...or this many bytes (UTF-8), whichever comes first. */
export const DIFF_MAX_BYTES = 16 * KiB;
/**
 * Most bytes per side of the changed region of a text file (what remains after the lines both
 * sides share at the start and the end are set aside) that is diffed line by line.
 */
export const DIFF_INPUT_LIMIT = 1 * MiB;
/** Most line edits the diff searches for before it gives up (bounds the diff's time). */
export const DIFF_MAX_EDIT_LENGTH = 2000;

/** Most differing members listed per archive; the rest are counted. */
export const MEMBER_LIST_LIMIT = 50;
/** Most differing members per archive whose content is inspected in turn. */
export const NESTED_MEMBER_LIMIT = 5;
/** Deepest nesting inspected: a .deb's `data.tar.gz` member's files are at depth 3 (ar, gzip, tar, file). */
export const NESTED_DEPTH_LIMIT = 4;
/** Members larger than this are hashed but not kept, so they are not inspected in turn. */
export const MEMBER_KEEP_LIMIT = 1 * MiB;

/** Most date or random-looking tokens listed per side. */
export const TOKEN_LIST_LIMIT = 10;
/** Most bytes of a differing region that its entropy is computed over. */
export const ENTROPY_SAMPLE_LIMIT = 1 * MiB;
