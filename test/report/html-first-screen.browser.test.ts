import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html-report.js';
import type { Loaded } from './chromium.js';
import { FIRST_SCREEN, loadFirstScreen, measuredRows } from './first-screen.js';
import { NODE_GROUPS, nodeImageReport } from './node-image-fixture.js';
import { decodePng } from './png-pixels.js';

// The first screen (see first-screen.ts) must show at least one change of every cause group of a
// report of several, here a Node image whose 2,400 npm cache files form the first group, then four
// small groups of other causes and a config group.
const WIDTH = FIRST_SCREEN.width;
const FOLD = FIRST_SCREEN.fold;
const dir = mkdtempSync(join(tmpdir(), 'repro-check-first-screen-'));

async function load(): Promise<Loaded> {
  return loadFirstScreen(renderHtmlReport(nodeImageReport()), dir, 'first-screen');
}

let loaded: Promise<Loaded>;
beforeAll(() => {
  loaded = load();
  loaded.catch(() => undefined);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the first screen of the HTML report', { timeout: 90_000 }, () => {
  it('shows a change of every cause group above the fold', async () => {
    const { width, rows } = measuredRows((await loaded).dom);
    expect(width).toBe(WIDTH);
    const groups = [...NODE_GROUPS.map((g) => ({ cause: g.cause, paths: g.paths })), { cause: 'config-created', paths: ['created'] }];
    expect(rows.map((r) => r.cause)).toEqual(groups.map((g) => g.cause));
    for (const [i, group] of groups.entries()) {
      const row = rows[i]!;
      // The example is one of the group's own paths: whole, or its head and tail around an ellipsis
      // (the cache's 60-character hash names do not fit the column; every other path does).
      const [head, tail] = row.example.split('…');
      const match = group.paths.find((p) => p === row.example || (tail !== undefined && p.startsWith(head!) && p.endsWith(tail)));
      expect(match, `${group.cause}: ${row.example}`).toBeDefined();
      expect(row.example.includes('…')).toBe(group.cause === 'language-cache');
      expect(row.bottom, `${group.cause} ends at ${row.bottom}`).toBeLessThanOrEqual(FOLD);
    }
  });

  it('takes a screenshot of the fold that holds one red badge per cause group', async () => {
    const png = decodePng((await loaded).screenshot);
    expect([png.width, png.height]).toEqual([WIDTH, FOLD]);
    // The badges of the causes table's first column, below the banner (which shares their
    // background): one run of badge-coloured pixel rows per group, light or dark scheme.
    const badge = [
      [255, 235, 233],
      [37, 23, 28],
    ];
    let runs = 0;
    let inRun = false;
    for (let y = 150; y < FOLD; y++) {
      let hit = false;
      for (let x = 26; x < 110 && !hit; x++) hit = badge.some((c) => png.rgb(x, y).every((v, k) => v === c[k]));
      if (hit && !inRun) runs++;
      inRun = hit;
    }
    expect(runs).toBe(NODE_GROUPS.length + 1);
  });
});
