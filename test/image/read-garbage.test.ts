import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { countRead, READ_GARBAGE_BYTES } from '../../src/image/read-garbage.js';

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

describe('countRead', () => {
  it('asks for a minor collection every READ_GARBAGE_BYTES read', async () => {
    const many = await collections(() => {
      for (let i = 0; i < 3 * 64; i++) countRead(READ_GARBAGE_BYTES / 64);
    });
    expect(minor(many)).toBeGreaterThanOrEqual(3);
  });
});
