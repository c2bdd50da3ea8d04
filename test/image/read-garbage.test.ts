import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { collectsReads, countRead, READ_GARBAGE_BYTES, ReadCollector } from '../../src/image/read-garbage.js';

/** The garbage collections V8 reports while `work` runs. */
async function collections(work: () => void): Promise<PerformanceEntry[]> {
  const seen: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => seen.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  work();
  // GC entries are delivered asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return seen;
}

const minor = (entries: PerformanceEntry[]) =>
  entries.filter((e) => (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR).length;

const MiB = 1024 * 1024;

/**
 * Reads 256 MiB as a socket hands it over, a new 64 KiB buffer per chunk used once, and returns the
 * most memory those dead buffers held at once (Node's count of ArrayBuffer memory), in MiB.
 */
function deadBufferPeak(collector: ReadCollector): number {
  const base = process.memoryUsage().arrayBuffers;
  let peak = 0;
  for (let i = 0; i < 4096; i++) {
    const chunk = Buffer.alloc(64 * 1024, i);
    collector.count(chunk.length);
    if (i % 16 === 0) peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
  }
  return peak / MiB;
}

describe('countRead', () => {
  it('asks for a minor collection every READ_GARBAGE_BYTES read', async () => {
    const many = await collections(() => {
      for (let i = 0; i < 3 * 64; i++) countRead(READ_GARBAGE_BYTES / 64);
    });
    expect(minor(many)).toBeGreaterThanOrEqual(3);
  });
});

describe('REPRO_CHECK_READ_GC', () => {
  it.each([
    [{}, true],
    [{ REPRO_CHECK_READ_GC: 'on' }, true],
    [{ REPRO_CHECK_READ_GC: 'off' }, false],
  ])('%j collects reads: %s', (env, on) => {
    expect(collectsReads(env)).toBe(on);
  });

  it('what it buys: dead chunk buffers stay within a few MiB with the collections, tens of MiB without', () => {
    const withCollections = deadBufferPeak(new ReadCollector(true));
    const without = deadBufferPeak(new ReadCollector(false));
    // With: about what is read between two collections, plus what survives one scavenge (6 to 7 MiB measured here).
    expect(withCollections).toBeLessThanOrEqual((2 * READ_GARBAGE_BYTES) / MiB + 2);
    // Without: V8 collects only once the buffers pass its external-memory limit (31 to 63 MiB measured here).
    expect(without).toBeGreaterThan(20);
  });
});
