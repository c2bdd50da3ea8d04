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
