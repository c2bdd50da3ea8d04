/**
 * The two-builds question: is building A then B slower than building both at once, and do
 * concurrent builds change what a check finds? Measured on the engine with BuildKit, `--no-cache`
 * as repro-check builds:
 * - the benchmark's own Dockerfile (reproducible by design): wall time of A then B (with the gap
 *   of TIME_GAP_MS that repro-check leaves between them) against A and B at once, and whether the
 *   two images have the same layers either way;
 * - two small Dockerfiles that are not reproducible, one by the second (a file's mtime) and one by
 *   the nanosecond: whether building them at once hides the difference.
 * Every image built here is removed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TIME_GAP_MS } from '../src/variations.js';
import { BENCH_REPOSITORY, dockerBuild, pairBuildArgs, type PairSpec } from './bench-images.js';
import { median, run } from './measure.js';

/** One way of building the pair, over several rounds. */
export interface OrderResult {
  wallMs: number[];
  medianMs: number;
  /** Rounds in which A and B had the same diff IDs. */
  sameLayers: number;
  rounds: number;
}

export interface BuildOrderResult {
  spec: string;
  sequential: OrderResult;
  concurrent: OrderResult;
  /** Not reproducible Dockerfiles: rounds whose images came out the same, per way of building. */
  probes: { name: string; dockerfile: string; sequentialSame: number; concurrentSame: number; rounds: number }[];
}

const PROBES = [
  { name: 'mtime (1 s resolution)', dockerfile: 'ARG BASE\nFROM ${BASE}\nRUN mkdir /out && echo same > /out/file\n' },
  { name: 'nanosecond clock', dockerfile: 'ARG BASE\nFROM ${BASE}\nRUN date +%s%N > /stamp\n' },
];

async function diffIds(tag: string): Promise<string> {
  return (await run('docker', ['image', 'inspect', '--format', '{{json .RootFS.Layers}}', tag])).stdout.trim();
}

async function remove(tags: string[]): Promise<void> {
  await run('docker', ['image', 'rm', '--force', ...tags], { allowFailure: true });
}

/** Builds the same Dockerfile twice, one after the other or at once; returns the time and whether the layers match. */
async function buildTwice(dir: string, dockerfile: string, args: Record<string, string>, concurrent: boolean, label: string): Promise<{ ms: number; same: boolean }> {
  const tags = [`${BENCH_REPOSITORY}/order:${label}-a`, `${BENCH_REPOSITORY}/order:${label}-b`];
  const started = performance.now();
  try {
    if (concurrent) await Promise.all(tags.map((tag) => dockerBuild(dir, dockerfile, tag, args, ['--no-cache'])));
    else {
      await dockerBuild(dir, dockerfile, tags[0]!, args, ['--no-cache']);
      await sleep(TIME_GAP_MS);
      await dockerBuild(dir, dockerfile, tags[1]!, args, ['--no-cache']);
    }
    const ms = performance.now() - started;
    const [a, b] = await Promise.all(tags.map(diffIds));
    return { ms, same: a === b };
  } finally {
    await remove(tags);
  }
}

export async function benchBuildOrder(context: { dir: string; digest: string }, spec: PairSpec, rounds: number, log: (line: string) => void): Promise<BuildOrderResult> {
  const args = pairBuildArgs(spec, 'a', context.digest);
  const sequential: OrderResult = { wallMs: [], medianMs: 0, sameLayers: 0, rounds };
  const concurrent: OrderResult = { wallMs: [], medianMs: 0, sameLayers: 0, rounds };
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so neither always meets a colder or warmer engine.
    const order = round % 2 === 0 ? [false, true] : [true, false];
    for (const together of order) {
      const result = await buildTwice(context.dir, 'Dockerfile', args, together, together ? 'concurrent' : 'sequential');
      const into = together ? concurrent : sequential;
      into.wallMs.push(result.ms);
      if (result.same) into.sameLayers++;
      log(`  builds round ${round + 1}/${rounds}: ${together ? 'A and B at once' : 'A then B'} ${(result.ms / 1000).toFixed(1)} s, layers ${result.same ? 'same' : 'differ'}`);
    }
  }
  sequential.medianMs = median(sequential.wallMs);
  concurrent.medianMs = median(concurrent.wallMs);

  const probes: BuildOrderResult['probes'] = [];
  const dir = await mkdtemp(join(tmpdir(), 'repro-check-bench-probe-'));
  try {
    for (const [i, probe] of PROBES.entries()) {
      await writeFile(join(dir, 'Dockerfile'), probe.dockerfile);
      const result = { name: probe.name, dockerfile: probe.dockerfile, sequentialSame: 0, concurrentSame: 0, rounds };
      for (let round = 0; round < rounds; round++) {
        if ((await buildTwice(dir, 'Dockerfile', { BASE: args.BASE! }, false, `probe${i}-seq`)).same) result.sequentialSame++;
        if ((await buildTwice(dir, 'Dockerfile', { BASE: args.BASE! }, true, `probe${i}-conc`)).same) result.concurrentSame++;
      }
      log(`  probe ${probe.name}: same layers in ${result.sequentialSame}/${rounds} A-then-B rounds, ${result.concurrentSame}/${rounds} concurrent rounds`);
      probes.push(result);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { spec: spec.name, sequential, concurrent, probes };
}
