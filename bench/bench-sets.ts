/**
 * Which pairs the benchmark measures. Sizes are bytes of file content in the generated layer; the
 * save stream adds tar headers (512 bytes a file, and padding to 512).
 */
import type { PairSpec } from './bench-images.js';

const MB = 1_000_000;

/** The reference pair: about 250 MB and 12,000 files, seven of them different. */
export const MAIN_PAIR: PairSpec = { name: '250MB-12k', files: 12_000, bytes: 250 * MB, seed: 1 };

/** Image size at a fixed file count (the 0.25 GB point is the main pair). */
export const SIZE_SCALING: PairSpec[] = [
  { name: '100MB-12k', files: 12_000, bytes: 100 * MB, seed: 1 },
  MAIN_PAIR,
  { name: '1GB-12k', files: 12_000, bytes: 1000 * MB, seed: 1 },
];

/** File count at a fixed image size. */
export const COUNT_SCALING: PairSpec[] = [
  { name: '250MB-1k', files: 1_000, bytes: 250 * MB, seed: 1 },
  { name: '250MB-10k', files: 10_000, bytes: 250 * MB, seed: 1 },
  { name: '250MB-100k', files: 100_000, bytes: 250 * MB, seed: 1 },
];

/** `--quick`: the main pair and the small end of each scale, for a run of a few minutes. */
export const QUICK_SIZE_SCALING: PairSpec[] = [SIZE_SCALING[0]!, MAIN_PAIR];
export const QUICK_COUNT_SCALING: PairSpec[] = [COUNT_SCALING[0]!, COUNT_SCALING[1]!];

/**
 * Issue 16: what a build without clamped times gives. The main pair's content built twice, every
 * file's and directory's mtime from the build's clock (about 12,100 changes, all mtime only).
 */
export const MTIME_PAIR: PairSpec = { name: '250MB-12k-mtimes', files: 12_000, bytes: 250 * MB, seed: 1, differences: 'mtimes' };

/**
 * Issue 15: the main pair pushed to a local registry, A as the published image and B as its
 * rebuild, compared from there as `verify` compares them, against skopeo pulling both.
 */
export const REGISTRY_PAIR: PairSpec = { ...MAIN_PAIR, name: '250MB-12k-registry', layers: 'registry' };

/** The same pair saved as the containerd image store saves it: OCI layout, gzip layers (bench/gzip-save.ts). */
export const GZIP_MTIME_PAIR: PairSpec = { ...MTIME_PAIR, name: '250MB-12k-mtimes-gzip', layers: 'gzip' };
