/** What the benchmark ran on, for the results table: a figure means little without its machine. */
import { cpus, release, totalmem } from 'node:os';
import { run } from './measure.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  engine: string;
  storageDriver: string;
  node: string;
  date: string;
}

export async function describeMachine(): Promise<Machine> {
  const engine = await run('docker', ['version', '--format', '{{.Server.Version}}']);
  const driver = await run('docker', ['info', '--format', '{{.Driver}}']);
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    engine: engine.stdout.trim(),
    storageDriver: driver.stdout.trim(),
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
  };
}

/** One line: `2 × AMD EPYC, 23.5 GiB, Docker 28.5.2 (overlay2), Node.js v20.20.2, 2026-11-26`. */
export function machineLine(m: Machine): string {
  return `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Linux ${m.kernel}, Docker ${m.engine} (${m.storageDriver}), Node.js ${m.node}, ${m.date}`;
}
