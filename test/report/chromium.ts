import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

/**
 * Debian's headless Chromium, for the browser tests of the rendered reports. The tests fail,
 * rather than skip, without it: `apt-get install -y --no-install-recommends chromium`.
 */
export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-logging=stderr', '--v=0'];

const run = promisify(execFile);

/** What the browser made of a page. */
export interface Loaded {
  /** The DOM after load, serialised. */
  dom: string;
  /** Chromium's log, console messages included. */
  log: string;
  /** A PNG screenshot of the window's size. */
  screenshot: Buffer;
}

/** Where and how to load a page. */
export interface LoadOptions {
  /** A scratch directory of the test: profiles and the screenshot go there. */
  dir: string;
  /** Names the profiles and the screenshot, so several loads can share `dir` and run at once. */
  name: string;
  width: number;
  height: number;
  /** The page whose DOM is dumped, when it differs from the one screenshot (a copy with a probe script). */
  domPage?: string;
}

/**
 * Loads a page file twice in Chromium, at the same time and each with a fresh profile: once to dump
 * the DOM after load (at the window's size, so a script can measure the layout), once for a
 * screenshot of the window.
 */
export async function loadInChromium(page: string, options: LoadOptions): Promise<Loaded> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y --no-install-recommends chromium)`);
  const { dir, name, width, height } = options;
  const size = `--window-size=${width},${height}`;
  const chromium = (profile: string, file: string, ...args: string[]) =>
    run(CHROMIUM, [...FLAGS, `--user-data-dir=${join(dir, `${name}-${profile}`)}`, size, ...args, pathToFileURL(file).href], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  const shot = join(dir, `${name}.png`);
  const [dumped] = await Promise.all([chromium('dom', options.domPage ?? page, '--dump-dom'), chromium('shot', page, `--screenshot=${shot}`)]);
  return { dom: dumped.stdout, log: dumped.stderr, screenshot: readFileSync(shot) };
}
