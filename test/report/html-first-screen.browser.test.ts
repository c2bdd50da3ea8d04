import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { loadInChromium, type Loaded } from './chromium.js';
import { NODE_GROUPS, nodeImageReport } from './node-image-fixture.js';
import { decodePng } from './png-pixels.js';

// What the HTML report shows before the reader scrolls. The first screen is a 1280×800 window (a
// common laptop browser viewport): it must show at least one change of every cause group of a
// report of several, here a Node image whose 2,400 npm cache files form the first group, then four
// small groups of other causes and a config group. "Shows" means: the first example path (or
// config field) of the group's row in the causes table ends above pixel row 800 of the page laid
// out 1280 pixels wide.
const WIDTH = 1280;
const FOLD = 800;

/** One row of the causes table, as a script in the page measured it. */
interface MeasuredRow {
  cause: string;
  example: string;
  /** Bottom of the first example, in page pixels. */
  bottom: number;
}

// Measures the causes table after layout. The report forbids scripts (its CSP), so the probe goes
// into a copy without the CSP meta; the screenshot is of the page as written.
const PROBE = `<script>
const rows = [...document.querySelectorAll('section#causes tbody tr')].map((row) => {
  const example = row.querySelector('td:nth-child(5) code');
  return { cause: row.querySelector('code.muted').textContent, example: example.textContent, bottom: example.getBoundingClientRect().bottom + scrollY };
});
document.documentElement.dataset.probe = encodeURIComponent(JSON.stringify({ width: innerWidth, rows }));
</script>`;

const dir = mkdtempSync(join(tmpdir(), 'repro-check-first-screen-'));

async function load(): Promise<Loaded> {
  const html = renderHtmlReport(nodeImageReport());
  const page = join(dir, 'report.html');
  const probe = join(dir, 'probe.html');
  writeFileSync(page, html);
  writeFileSync(probe, html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace('</body>', `${PROBE}</body>`));
  return loadInChromium(page, { dir, name: 'first-screen', width: WIDTH, height: FOLD, domPage: probe });
}

function measured(dom: string): { width: number; rows: MeasuredRow[] } {
  const found = /data-probe="([^"]*)"/.exec(dom);
  if (!found) throw new Error('the probe script did not run');
  return JSON.parse(decodeURIComponent(found[1]!)) as { width: number; rows: MeasuredRow[] };
}

let loaded: Promise<Loaded>;
beforeAll(() => {
  loaded = load();
  loaded.catch(() => undefined);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the first screen of the HTML report', { timeout: 90_000 }, () => {
  it('shows a change of every cause group above the fold', async () => {
    const { width, rows } = measured((await loaded).dom);
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
