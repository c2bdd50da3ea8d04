import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marked } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderJobSummary } from '../../src/report/job-summary.js';
import { loadInChromium, type Loaded } from './chromium.js';
import { NODE_GROUPS, nodeImageReport } from './node-image-fixture.js';
import { decodePng } from './png-pixels.js';

// The job summary as a reader sees it: rendered by a GitHub-flavoured Markdown renderer (marked,
// gfm) into a page, loaded in headless Chromium. The hints' code spans must be code elements, and
// no escape (`&#96;`, `&amp;`) may show as text. GitHub's own renderer is not at hand; marked
// follows the same GFM rules for tables, inline HTML and entities.
const WIDTH = 1280;
const HEIGHT = 1400;
/** The background of code, as this page styles it (opaque, so a screenshot pixel can be matched). */
const CODE_BG = [239, 241, 243] as const;

const STYLE = `body { margin: 16px; font: 14px/1.5 sans-serif; color: #1f2328; background: #ffffff; }
table { border-collapse: collapse; margin: 8px 0; } th, td { border: 1px solid #d1d9e0; padding: 6px 13px; vertical-align: top; }
code { font: 12px monospace; background: rgb(${CODE_BG.join(', ')}); padding: .2em .4em; border-radius: 6px; }`;

// Reads, after layout, the causes table (the one after "Top causes") and the article's text.
const PROBE = `<script>
const heading = [...document.querySelectorAll('h3')].find((h) => h.textContent === 'Top causes');
const rows = [...heading.nextElementSibling.querySelectorAll('tbody tr')].map((row) => {
  const fix = row.lastElementChild;
  const box = fix.getBoundingClientRect();
  return { cause: row.children[1].querySelector('code').textContent, fix: fix.innerText, codes: [...fix.querySelectorAll('code')].map((c) => c.textContent), box: [box.left, box.top + scrollY, box.right, box.bottom + scrollY] };
});
document.documentElement.dataset.probe = encodeURIComponent(JSON.stringify({ text: document.querySelector('article').innerText, rows }));
</script>`;

/** One row of the causes table as the page read it. */
interface Row {
  cause: string;
  /** The fix cell's rendered text. */
  fix: string;
  /** The text of each code element in the fix cell. */
  codes: string[];
  /** The fix cell: left, top, right, bottom in page pixels. */
  box: [number, number, number, number];
}

const dir = mkdtempSync(join(tmpdir(), 'repro-check-summary-'));

async function load(): Promise<Loaded> {
  const markdown = renderJobSummary(nodeImageReport(), '/tmp/report.json');
  const body = await marked.parse(markdown, { gfm: true });
  const page = join(dir, 'summary.html');
  writeFileSync(page, `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><style>${STYLE}</style></head><body><article>${body}</article>${PROBE}</body></html>\n`);
  return loadInChromium(page, { dir, name: 'summary', width: WIDTH, height: HEIGHT });
}

function probe(dom: string): { text: string; rows: Row[] } {
  const found = /data-probe="([^"]*)"/.exec(dom);
  if (!found) throw new Error('the probe script did not run');
  return JSON.parse(decodeURIComponent(found[1]!)) as { text: string; rows: Row[] };
}

let loaded: Promise<Loaded>;
beforeAll(() => {
  loaded = load();
  loaded.catch(() => undefined);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the job summary rendered as GitHub-flavoured Markdown', { timeout: 90_000 }, () => {
  it('shows no escape as text', async () => {
    const { text } = probe((await loaded).dom);
    expect(text).toContain('Top causes');
    expect(text).not.toContain('&#96;');
    expect(text).not.toMatch(/&(?:#\d+|amp|lt|gt|quot);/);
    // Every backtick of the hints became a code element.
    expect(text).not.toContain('`');
  });

  it('sets the hints’ code spans as code elements, and reads them as written', async () => {
    const { rows } = probe((await loaded).dom);
    expect(rows.map((r) => r.cause)).toEqual([...NODE_GROUPS.map((g) => g.cause), 'config-created']);
    const fix = (cause: string) => rows.find((r) => r.cause === cause)!;
    // Written by hand from the fixture's hints: the text a reader sees, and its code.
    expect(fix('build-mtime').fix).toBe('Files the RUN writes carry the time of the build. End the RUN with find /app -newermt @$SOURCE_DATE_EPOCH -exec touch -h -d @$SOURCE_DATE_EPOCH {} +, or build with rewrite-timestamp=true.');
    expect(fix('build-mtime').codes).toEqual(['RUN', 'RUN', 'find /app -newermt @$SOURCE_DATE_EPOCH -exec touch -h -d @$SOURCE_DATE_EPOCH {} +', 'rewrite-timestamp=true']);
    expect(fix('apt-state').codes).toEqual(['apt-get update', '/var/lib/apt/lists/*', '/var/cache/apt/*.bin', 'RUN']);
    expect(fix('language-cache').codes).toEqual(['RUN npm ci', '/root/.npm/_cacache', 'npm ci --cache /tmp/npm-cache', 'RUN', 'RUN --mount=type=cache,target=/root/.npm']);
    expect(fix('embedded-date').fix).toBe('/app/dist/build-info.json holds the build time ("2026-12-06T06:50:05Z" → "2026-12-06T06:51:12Z"): write SOURCE_DATE_EPOCH (a build arg) instead of the current date.');
    expect(fix('config-created').codes).toEqual(['created', '--build-arg SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)']);
  });

  it('paints the code of each fix cell in the screenshot', async () => {
    const { screenshot, dom } = await loaded;
    const png = decodePng(screenshot);
    expect([png.width, png.height]).toEqual([WIDTH, HEIGHT]);
    for (const row of probe(dom).rows) {
      const [left, top, right, bottom] = row.box.map(Math.round) as [number, number, number, number];
      expect(bottom, `${row.cause}'s fix is on the screenshot`).toBeLessThan(HEIGHT);
      let painted = 0;
      for (let y = top; y < bottom; y++) for (let x = left; x < right; x++) if (png.rgb(x, y).every((v, k) => v === CODE_BG[k])) painted++;
      // A code element of a few characters covers some hundred pixels of its background.
      expect(painted, `${row.cause}: code background pixels`).toBeGreaterThan(100 * row.codes.length);
    }
  });
});
