/** The benchmark's results as Markdown (bench/results.md, pasted into docs/performance.md) and as console text. */
import type { BenchResults } from './bench-results.js';
import { machineLine } from './machine.js';
import { median } from './measure.js';
import type { PairResult } from './pair-bench.js';

const s = (ms: number) => (ms / 1000).toFixed(2);
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map((h, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function pairRow(p: PairResult): string[] {
  const t = p.median.timings;
  return [
    p.name,
    p.files.toLocaleString('en'),
    (p.changeCount ?? 7).toLocaleString('en'),
    mb(p.bytes),
    mb(p.saveBytes),
    (p.floor ?? 'both `docker save` streams hashed').replace(/\|/g, '\\|'),
    s(p.median.floorMs),
    s(p.median.reproCheckMs),
    `${p.median.ratio.toFixed(2)}×`,
    `${p.median.rssMiB.toFixed(0)} MiB`,
    p.median.cpuMs === undefined ? '–' : s(p.median.cpuMs),
    p.load === undefined ? '–' : median(p.load).toFixed(1),
    t.analysis === undefined ? '–' : s(t.analysis),
    t.explain === undefined ? '–' : s(t.explain),
  ];
}

/** The Markdown of bench/results.md. */
export function resultsMarkdown(r: BenchResults): string {
  const lines: string[] = [];
  lines.push('<!-- Written by `npm run bench`; do not edit by hand. -->', '');
  lines.push(`Machine: ${machineLine(r.machine)}. Medians of ${r.options.runs} runs${r.options.quick ? ' (`--quick`)' : ''}; floor and repro-check alternate in the same run.`, '');
  lines.push(
    ...table(
      ['pair', 'files', 'changes', 'file content', 'both saves', 'floor', 'floor (s)', 'repro-check diff (s)', 'ratio', 'peak RSS', 'CPU (s)', 'load', 'read + compare (s)', 'explain (s)'],
      r.pairs.map(pairRow),
    ),
    '',
  );
  lines.push(
    'Floor: `docker save A | sha256sum & docker save B | sha256sum & wait`. repro-check: `node dist/cli.cjs diff A B --report FILE`, wall time and peak RSS (GNU time);',
    'read + compare and explain are the report\'s own `timings` (`analysis`, `explain`). CPU: repro-check\'s user + system time; load: the 1-minute load average as runs started.',
    'A and B differ in 7 files (5 in content, 1 in mtime, 1 in mode), except in the `-mtimes` pairs: built twice without clamped times, they differ in every file\'s and directory\'s mtime alone.',
    '`-gzip`: the same images re-packed as the containerd image store saves them (OCI layout, gzip layers; bench/gzip-save.ts), read as archive files; its floor is bench/gzip-floor.py on both at once.',
    '`-registry` (issue 15): the same images copied by skopeo into Debian\'s docker-registry on 127.0.0.1 (gzip layers), A as a published image and B as its rebuild; repro-check runs `diff docker://…@A docker://…@B`, what `verify` runs after its build and push; both saves: the blobs\' bytes; its floor is `skopeo copy docker://… dir:…` of both at once.',
    '',
  );
  const fitLine = (name: string, unit: string, fit: BenchResults['scaling']['sizeFit']) =>
    `- ${name}: ${s(fit.intercept)} s + ${s(fit.slope)} s per ${unit}, R² ${fit.r2.toFixed(3)}`;
  if (r.scaling.size.length > 1 || r.scaling.count.length > 1) {
    lines.push('Scaling (repro-check diff, median):', '');
    if (r.scaling.size.length > 1) lines.push(fitLine(`size at 12,000 files (${r.scaling.size.join(', ')})`, 'GB', r.scaling.sizeFit));
    if (r.scaling.count.length > 1) lines.push(fitLine(`file count at 250 MB (${r.scaling.count.join(', ')})`, '1,000 files', r.scaling.countFit));
    lines.push('');
  }
  const marginal = r.memory.marginalBytesPerEntry === undefined ? '' : `; ${Math.round(r.memory.marginalBytesPerEntry)} bytes between the two largest`;
  lines.push(
    `Memory: peak RSS grows by ${Math.round(r.memory.bytesPerEntry)} bytes per entry held (each image's files and directories, both images counted; fit over the file-count pairs, R² ${r.memory.fit.r2.toFixed(3)}${marginal}).`,
  );
  const seven = r.pairs.find((p) => p.name === '250MB-12k');
  const mtimes = r.pairs.find((p) => p.name === '250MB-12k-mtimes');
  if (seven && mtimes && mtimes.changeCount > seven.changeCount) {
    const perChange = ((mtimes.median.rssMiB - seven.median.rssMiB) * 2 ** 20) / (mtimes.changeCount - seven.changeCount);
    lines.push(`Per change (every mtime differing, \`--changes content\`, against the 7-change pair of the same files): ${Math.round(perChange)} bytes of peak RSS.`);
  }
  if (r.memory.spread !== undefined) {
    lines.push(`Peak RSS ${r.memory.at250MB!.toFixed(0)} MiB at 250 MB and ${r.memory.at1GB!.toFixed(0)} MiB at 1 GB (12,000 files each): ${((r.memory.spread - 1) * 100).toFixed(0)}% apart.`);
  }
  lines.push('');
  if ('diffoscopeMs' in r.diffoscope) {
    const d = r.diffoscope;
    lines.push(
      `diffoscope ${d.version} on ${d.pair} (layer tars renamed by position, config beside them, \`--exclude-directory-metadata=yes\`): ${s(d.diffoscopeMs)} s${d.diffoscopeRunsMs.length > 1 ? ` (median of ${d.diffoscopeRunsMs.length} runs: ${d.diffoscopeRunsMs.map(s).join(', ')} s)` : ''}, ` +
        `${s(d.normaliseMs + d.diffoscopeMs)} s with saving and unpacking both images first, against repro-check's ${s(d.reproCheckMs)} s from the engine: ` +
        `${d.speedRatio.toFixed(1)}× faster (${((d.normaliseMs + d.diffoscopeMs) / d.reproCheckMs).toFixed(1)}× end to end; the floor alone bounds it at ${(d.diffoscopeMs / r.pairs[0]!.median.floorMs).toFixed(1)}×). ` +
        (d.agreement.same
          ? `Both find the same ${d.paths.length} differing paths.`
          : `Differing paths: ${d.agreement.onlyDiffoscope.length} only in diffoscope (${d.agreement.onlyDiffoscope.slice(0, 5).join(', ')}), ${d.agreement.onlyReproCheck.length} only in repro-check (${d.agreement.onlyReproCheck.slice(0, 5).join(', ')}).`),
      '',
    );
  } else lines.push(`diffoscope: not run (${r.diffoscope.skipped}).`, '');
  if ('sequential' in r.builds) {
    const b = r.builds;
    lines.push(
      `Two builds of the ${b.spec} Dockerfile with BuildKit and \`--no-cache\` (medians of ${b.sequential.rounds}): A then B ${s(b.sequential.medianMs)} s (with repro-check's 1.1 s gap), A and B at once ${s(b.concurrent.medianMs)} s; ` +
        `same layers in ${b.sequential.sameLayers}/${b.sequential.rounds} and ${b.concurrent.sameLayers}/${b.concurrent.rounds} rounds.`,
    );
    for (const p of b.probes) lines.push(`- not reproducible by ${p.name}: same layers in ${p.sequentialSame}/${p.rounds} A-then-B rounds, ${p.concurrentSame}/${p.rounds} concurrent rounds`);
    lines.push('');
  } else lines.push(`Build order: not measured (${r.builds.skipped}).`, '');
  if ('readCompareMs' in r.drift) {
    lines.push(`Drift (bench/drift-bench.ts): ${r.drift.entries.toLocaleString('en')} entries per side read and compared in ${s(r.drift.readCompareMs)} s, peak RSS ${r.drift.peakRssMiB} MiB.`, '');
  } else lines.push(`Drift: not run (${r.drift.skipped}).`, '');
  lines.push('Targets (issues 7, 15 and 16):', '', ...table(['target', 'goal', 'measured', 'met'], r.targets.map((t) => [t.name, t.target, t.measured, t.met ? 'yes' : '**no**'])), '');
  return lines.join('\n');
}

/** A compact table for the console. */
export function resultsText(r: BenchResults): string {
  const header = ['pair', 'floor s', 'diff s', 'ratio', 'RSS MiB', 'CPU s', 'load', 'read s', 'explain s'];
  const rows = r.pairs.map((p) => [
    p.name,
    s(p.median.floorMs),
    s(p.median.reproCheckMs),
    p.median.ratio.toFixed(2),
    p.median.rssMiB.toFixed(0),
    s(p.median.cpuMs),
    median(p.load).toFixed(1),
    s(p.median.timings.analysis ?? NaN),
    s(p.median.timings.explain ?? NaN),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [line(header), ...rows.map(line), ''];
  for (const t of r.targets) out.push(`${t.met ? 'met    ' : 'NOT MET'}  ${t.name}: ${t.measured} (target ${t.target})`);
  return out.join('\n');
}
