import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadInChromium, type Loaded } from './chromium.js';

/**
 * What the HTML report shows before the reader scrolls. The first screen is a 1280×800 window (a
 * common laptop browser viewport). A cause group "is shown" when the first example path (or config
 * field) of its row in the causes table ends above pixel row 800 of the page laid out 1280 wide.
 */
export const FIRST_SCREEN = { width: 1280, fold: 800 } as const;

/** One row of the causes table, as a script in the page measured it. */
export interface MeasuredRow {
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

/** Loads a rendered HTML report in Chromium at the first screen's size, with the probe's copy for measuring. */
export function loadFirstScreen(html: string, dir: string, name: string): Promise<Loaded> {
  const page = join(dir, `${name}.html`);
  const probe = join(dir, `${name}-probe.html`);
  writeFileSync(page, html);
  writeFileSync(probe, html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace('</body>', `${PROBE}</body>`));
  return loadInChromium(page, { dir, name, width: FIRST_SCREEN.width, height: FIRST_SCREEN.fold, domPage: probe });
}

/** The probe's measurements from the dumped DOM. */
export function measuredRows(dom: string): { width: number; rows: MeasuredRow[] } {
  const found = /data-probe="([^"]*)"/.exec(dom);
  if (!found) throw new Error('the probe script did not run');
  return JSON.parse(decodeURIComponent(found[1]!)) as { width: number; rows: MeasuredRow[] };
}
