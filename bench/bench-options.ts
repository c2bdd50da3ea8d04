/** The command line of `npm run bench`. */
import { parseArgs } from 'node:util';

/** What one run of the benchmark measures. */
export interface BenchOptions {
  /** The smaller set: the main pair, 100 MB and 1k/10k files, three runs, no diffoscope or builds. */
  quick: boolean;
  /** Runs per pair (median reported): the main pair's; the scaling pairs get at least three. */
  runs: number;
  diffoscope: boolean;
  /** Measure building A then B against A and B at once. */
  builds: boolean;
  /** Run bench/drift-bench.ts, when it exists. */
  drift: boolean;
  /** Where results.json and results.md go. */
  outDir: string;
  /** Measure only the pairs of these names (and nothing else: no scaling fits, diffoscope, builds or drift). */
  only?: string[];
  /**
   * With `only`: put the pairs measured into the results already in the output directory (a pair
   * of the same name replaced, everything else kept) and rewrite results.md and, in bench/, the
   * README's table; each row keeps its own load figure.
   */
  merge: boolean;
}

/** bench/, where results go unless --out says otherwise (and only then is the README updated). */
export const DEFAULT_OUT_DIR = new URL('.', import.meta.url).pathname;

export const BENCH_HELP = `Usage: npm run bench [-- options]

Builds the benchmark images (cached by tag, repro-check-bench/*), then measures each pair: the
floor (both docker save streams hashed at once), repro-check's full diff with its JSON report and
its peak RSS, several runs each, medians. Writes bench/results.json and bench/results.md, and
after a full run to bench/, the README's results table.

Options:
  --quick           the main pair (250 MB, 12,000 files), 100 MB and 1k/10k files, 3 runs;
                    no diffoscope, no build timing, no drift benchmark (about 2 minutes)
  --runs N          runs per pair (default 5; scaling pairs at least 3)
  --no-diffoscope   skip the comparison with diffoscope
  --no-builds       skip timing A-then-B against concurrent builds
  --no-drift        skip bench/drift-bench.ts
  --only NAMES      measure only these pairs (comma-separated names, e.g. 250MB-12k-mtimes);
                    implies --no-diffoscope --no-builds --no-drift and never updates the README
  --merge           with --only: merge the pairs measured into the results.json already in the
                    output directory (same name replaced) and rewrite results.md and, in bench/,
                    the README's table; each row shows the load it was measured under
  --out DIR         where to write results.json and results.md (default bench/)
  -h, --help        show this help
`;

export function parseBenchArgs(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      'no-diffoscope': { type: 'boolean', default: false },
      'no-builds': { type: 'boolean', default: false },
      'no-drift': { type: 'boolean', default: false },
      out: { type: 'string' },
      only: { type: 'string' },
      merge: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const quick = values.quick;
  const runs = values.runs === undefined ? (quick ? 3 : 5) : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number of runs, 1 or more, not ${values.runs}`);
  const only = values.only?.split(',').filter((name) => name !== '');
  const full = !quick && only === undefined;
  if (values.merge && only === undefined) throw new Error('--merge goes with --only: it merges the pairs measured into the last full results');
  return {
    quick,
    runs,
    diffoscope: full && !values['no-diffoscope'],
    builds: full && !values['no-builds'],
    drift: full && !values['no-drift'],
    outDir: values.out ?? DEFAULT_OUT_DIR,
    ...(only ? { only } : {}),
    merge: values.merge,
  };
}
