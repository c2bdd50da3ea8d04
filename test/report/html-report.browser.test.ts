import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../src/report/html-report.js';
import { loadInChromium, type Loaded } from './chromium.js';
import { decodePng } from './png-pixels.js';
import { sampleReport } from './report-fixture.js';

// Loads the rendered report in Debian's headless Chromium and checks what the browser made of it:
// the DOM after load, the console (where a Content-Security-Policy violation would show), and a
// screenshot. Fails, rather than skips, without Chromium: `apt-get install -y chromium`.
const WIDTH = 1280;
const HEIGHT = 2000;

const hostilePath = `/evil"'</details><script>alert(1)</script><img src=x onerror=alert(2)>`;
const hostileDiff = '@@ -1 +1 @@\n-</td></tr></table><script>alert(3)</script>\n+<svg onload=alert(4)>\n';

const dir = mkdtempSync(join(tmpdir(), 'repro-check-html-'));

function loadReport(): Promise<Loaded> {
  const report = sampleReport();
  report.changes.push(
    { path: hostilePath, layer: 1, kind: 'added', aspects: [], b: { type: 'file', mode: '0755', uid: 0, gid: 0, size: 3, sha256: 'f'.repeat(64) } },
    { path: '/hostile-diff', layer: 1, kind: 'modified', aspects: ['content'], diff: hostileDiff },
  );
  report.config.push({ field: 'config.Labels.x', a: '"><script>alert(5)</script>', b: undefined });
  const page = join(dir, 'report.html');
  writeFileSync(page, renderHtmlReport(report));
  return loadInChromium(page, { dir, name: 'report', width: WIDTH, height: HEIGHT });
}

// Every test awaits the one load, so each fails (none is skipped) when Chromium is missing or fails.
let loaded: Promise<Loaded>;
beforeAll(() => {
  loaded = loadReport();
  loaded.catch(() => undefined);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the HTML report in headless Chromium', { timeout: 90_000 }, () => {
  it('renders the title, the verdict and the verdict table', async () => {
    const { dom } = await loaded;
    expect(dom).toContain('<title>repro-check: not reproducible at level strict</title>');
    expect(dom).toContain('<h1>Not reproducible at level <code>strict</code></h1>');
    expect(dom).toContain('<tr class="chosen"><th>strict (chosen)</th><td><span class="badge bad">differs</span></td>');
  });

  it('renders one section per layer, the differing one open', async () => {
    const { dom } = await loaded;
    expect(dom.match(/<details /g)).toHaveLength(2);
    expect(dom).toContain('<details class="layer" id="layer-0">\n<summary>');
    expect(dom).toContain('<details class="layer" id="layer-1" open="">\n<summary>');
  });

  it('renders the diff lines side by side', async () => {
    const { dom } = await loaded;
    expect(dom).toContain('<td class="n">1</td><td class="del">-Mon Jan  1 00:00:00 UTC 2024</td><td class="n">1</td><td class="add">+Mon Jan  1 00:00:02 UTC 2024</td>');
  });

  it('shows hostile paths, diffs and labels as text', async () => {
    const { dom } = await loaded;
    expect(dom).toContain(`<td class="path"><code>/evil"'&lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</code></td>`);
    expect(dom).toContain('<td class="del">-&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;alert(3)&lt;/script&gt;</td>');
    expect(dom).toContain('<td class="add">+&lt;svg onload=alert(4)&gt;</td>');
    expect(dom).toContain('<pre class="wrap">"&gt;&lt;script&gt;alert(5)&lt;/script&gt;</pre>');
  });

  it('creates no element from the data', async () => {
    const { dom } = await loaded;
    expect(dom).not.toMatch(/<(?:script|img|svg|iframe|object|embed|link)\b/i);
    expect(dom).not.toMatch(/\son(?:error|load)="/i);
    // Verdicts, images, causes, the layer's files, two diffs, config: no table was closed early.
    expect(dom.match(/<table /g)).toHaveLength(7);
    expect(dom.match(/<\/table>/g)).toHaveLength(7);
  });

  it('ran without a console message: nothing was blocked by the Content-Security-Policy', async () => {
    const { log } = await loaded;
    expect(log.split('\n').filter((line) => line.includes(':CONSOLE'))).toEqual([]);
  });

  it('takes a screenshot of a styled page', async () => {
    const { screenshot } = await loaded;
    expect(screenshot.length).toBeGreaterThan(50_000);
    const png = decodePng(screenshot);
    expect([png.width, png.height]).toEqual([WIDTH, HEIGHT]);
    // The banner of a non-reproducible build is red: the inline style sheet applied.
    expect([[255, 235, 233], [37, 23, 28]]).toContainEqual(png.rgb(WIDTH / 2, 40));
  });
});
