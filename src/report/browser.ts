import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { ResultsFile } from '../claims/reporter.ts';
import { figureGroup } from './figures.ts';

/** The environment variable that names a Chromium or Chrome executable. */
export const browserVariable = 'CATAPULT_CHROMIUM';

/** Debian's Chromium (`apt-get install -y chromium`). */
export const systemChromium = '/usr/bin/chromium';

/**
 * Flags for a headless Chromium on a machine without network or GPU (DESIGN.md item 4):
 * without the background-networking flags Chromium keeps trying to reach Google's hosts.
 */
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where a browser was found, and how. */
export interface FoundBrowser {
  path: string;
  source: 'environment' | 'playwright' | 'system';
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/**
 * The Chromium to drive, in this order (DESIGN.md item 4): the executable named by
 * $CATAPULT_CHROMIUM, Playwright's own browser if it is installed, then Debian's
 * /usr/bin/chromium. Throws, naming every place looked at, when there is none.
 */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
  playwrightPath: string | undefined = playwrightChromium(),
): FoundBrowser {
  const named = env[browserVariable];
  if (named !== undefined && named !== '') {
    if (!exists(named)) {
      throw new Error(`${browserVariable} must name an existing Chromium executable, got ${named}`);
    }
    return { path: named, source: 'environment' };
  }
  if (playwrightPath && exists(playwrightPath))
    return { path: playwrightPath, source: 'playwright' };
  if (exists(systemChromium)) return { path: systemChromium, source: 'system' };
  throw new Error(
    `no Chromium found: ${browserVariable} is not set, Playwright's browser is not installed` +
      `${playwrightPath ? ` (${playwrightPath})` : ''} and ${systemChromium} does not exist. ` +
      `Install Debian's Chromium (apt-get install -y chromium) or set ${browserVariable} to a ` +
      'Chromium or Chrome executable.',
  );
}

/** How long launching may take before it counts as a failure (Playwright's default is 3 min). */
export const launchTimeoutMs = 60_000;

/** Launches the found Chromium headless with {@link chromiumFlags}. */
export async function launchChromium(found: FoundBrowser = findChromium()): Promise<Browser> {
  return chromium.launch({
    executablePath: found.path,
    headless: true,
    args: chromiumFlags,
    timeout: launchTimeoutMs,
  });
}

const foundBy: Record<FoundBrowser['source'], string> = {
  environment: `named by ${browserVariable}`,
  playwright: "Playwright's own browser",
  system: 'the system Chromium',
};

/**
 * One line about a failed browser action, without Playwright's launch command and call log:
 * what failed, the executable and how it was found, and the browser process's exit code and
 * its last line on stderr when the log has them.
 *
 * @example
 * // For CATAPULT_CHROMIUM=/bin/true, which exits at once:
 * // "cannot start the browser /bin/true (named by CATAPULT_CHROMIUM): it exited with code 0
 * //  before Playwright could connect; is it a Chromium or Chrome executable?"
 */
export function describeBrowserFailure(
  action: string,
  found: FoundBrowser,
  error: unknown,
): string {
  // Playwright colours its call log.
  const text = stripVTControlCharacters(error instanceof Error ? error.message : String(error));
  const first = (text.split('\n')[0] ?? '')
    .replace(/^\w+\.\w+: /, '')
    .replace(/^Failed to launch: (Error: )?/, '')
    .trim();
  const exit = /<process did exit: exitCode=(\w+), signal=(\w+)>/.exec(text);
  const stderr = [...text.matchAll(/\[pid=\d+\]\[err\] (.+)/g)].map((m) => m[1]!.trim()).pop();
  let what = first;
  if (exit && exit[1] !== 'null') what = `it exited with code ${exit[1]}`;
  else if (exit && exit[2] !== 'null') what = `it was killed by ${exit[2]}`;
  if (exit) what += ' before Playwright could connect';
  if (stderr) what += `; its last error line: ${stderr.slice(0, 200)}`;
  if (exit) what += '; is it a Chromium or Chrome executable?';
  return `${action} ${found.path} (${foundBy[found.source]}): ${what}`;
}

/** What the page shows, read back from the DOM. */
export interface PageReading {
  figures: string[];
  verdicts: Record<string, { verdict: string; chip: string }>;
  counts: Record<string, number>;
  plots: { id: string; state: string; svg: boolean }[];
}

/**
 * Reads the page back, as a script string: a function passed to page.evaluate would be
 * serialised with whatever helpers the TypeScript loader inserted (tsx adds `__name`), which
 * do not exist in the page.
 */
const readingScript = `(() => {
  const all = (selector) => Array.from(document.querySelectorAll(selector));
  const attribute = (e, name) => e.getAttribute(name) ?? '';
  const verdicts = {};
  for (const article of all('article[data-claim-id]')) {
    verdicts[attribute(article, 'data-claim-id')] = {
      verdict: attribute(article, 'data-verdict'),
      chip: (article.querySelector('h3 .chip')?.textContent ?? '').trim(),
    };
  }
  const counts = {};
  for (const tile of all('[data-count]')) {
    counts[attribute(tile, 'data-count')] = Number(tile.querySelector('b')?.textContent);
  }
  return {
    figures: all('section.figure').map((s) => attribute(s, 'data-figure')),
    verdicts,
    counts,
    plots: all('[data-plot-id]').map((p) => ({
      id: attribute(p, 'data-plot-id'),
      state: attribute(p, 'data-state'),
      svg: p.querySelector('.plot-canvas svg') !== null,
    })),
  };
})()`;

/** Reads figures, verdicts, summary counts and plot states from a drawn report page. */
export async function readPage(page: Page): Promise<PageReading> {
  return (await page.evaluate(readingScript)) as PageReading;
}

const chipText: Record<string, string> = {
  reproduced: 'reproduced',
  'not-reproduced': 'NOT reproduced',
  error: 'error',
  skipped: 'skipped',
};

/**
 * Compares what the page shows with the results it was built from: a section per figure,
 * every claim's verdict (attribute and visible chip), the summary counts, and every plot
 * drawn with an SVG. Returns one sentence per problem; none means the page is right.
 */
export function checkReading(
  reading: PageReading,
  results: ResultsFile,
  plotIds: string[],
): string[] {
  const problems: string[] = [];
  const expected: Record<string, string> = {};
  for (const c of results.claims) expected[c.id] = c.verdict;
  for (const e of results.errors) expected[e.id] = 'error';
  for (const s of results.skipped ?? []) expected[s.id] = 'skipped';

  const figures = new Set(
    [
      ...results.claims.map((c) => c.figure),
      ...results.errors.map((e) => e.figure),
      ...(results.skipped ?? []).map((s) => s.figure),
    ].map(figureGroup),
  );
  for (const figure of figures) {
    if (!reading.figures.includes(figure)) problems.push(`figure ${figure} has no section`);
  }
  for (const [id, verdict] of Object.entries(expected)) {
    const shown = reading.verdicts[id];
    if (!shown) problems.push(`claim ${id} is not on the page`);
    else if (shown.verdict !== verdict || shown.chip !== chipText[verdict]) {
      const page = `${shown.verdict} ("${shown.chip}")`;
      problems.push(`claim ${id}: results.json says ${verdict}, the page shows ${page}`);
    }
  }
  for (const id of Object.keys(reading.verdicts)) {
    if (!(id in expected)) problems.push(`claim ${id} is on the page but not in results.json`);
  }
  const counts: Record<string, number> = {
    reproduced: results.counts.reproduced,
    'not-reproduced': results.counts.notReproduced,
    error: results.counts.errors,
    mismatch: results.counts.baselineFailures,
    skipped: results.counts.skipped ?? results.skipped?.length ?? 0,
  };
  for (const [kind, n] of Object.entries(counts)) {
    if (reading.counts[kind] !== n) {
      problems.push(`summary shows ${reading.counts[kind]} ${kind}, results.json says ${n}`);
    }
  }
  const drawn = new Map(reading.plots.map((p) => [p.id, p]));
  for (const id of plotIds) {
    const plot = drawn.get(id);
    if (!plot) problems.push(`plot ${id} is missing from the page`);
    else if (plot.state !== 'drawn' || !plot.svg)
      problems.push(`plot ${id} was not drawn (${plot.state})`);
  }
  return problems;
}

/** A page opened on a report file, with everything it logged or tried to fetch. */
export interface OpenedReport {
  page: Page;
  reading: PageReading;
  /** Console errors, page errors and network attempts: each one is a failure. */
  failures: string[];
}

/**
 * Opens a report file, collects console errors, uncaught exceptions and any request that is
 * not the file itself or a data: URL, and waits until the page says its plots are drawn
 * (or failed).
 */
export async function openReport(
  browser: Browser,
  htmlPath: string,
  timeoutMs = 60_000,
): Promise<OpenedReport> {
  const url = pathToFileURL(htmlPath).href;
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const failures: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => failures.push(`uncaught error: ${error.message}`));
  page.on('request', (request) => {
    const target = request.url();
    if (target !== url && !target.startsWith('data:')) failures.push(`network request: ${target}`);
  });
  await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
  await page.waitForSelector('html[data-report]', { state: 'attached', timeout: timeoutMs });
  return { page, reading: await readPage(page), failures };
}

/**
 * A4 portrait at 80%: the page is laid out 897 CSS px wide (190 mm / 0.8), room for two run
 * plots or a table of numbers side by side, with text at about 8 to 11 pt. The print
 * stylesheet in report.css lets long cells wrap to that width.
 */
export const pdfOptions = {
  format: 'A4',
  scale: 0.8,
  printBackground: true,
  margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' },
};

/** The width the PDF lays the page out at: A4's 210 mm less both margins, at 96 px/in, scaled. */
export const printableWidthPx = Math.floor(((210 - 10 - 10) * 96) / 25.4 / pdfOptions.scale);

/**
 * Finds what the printed page would cut off: with print styles, at the printable width and
 * with every fold open, the outermost elements (SVG internals aside) that reach past the
 * right edge. One sentence each, or 20 at most.
 */
const overflowScript = `(() => {
  const closed = Array.from(document.querySelectorAll('details:not([open])'));
  for (const d of closed) d.open = true;
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const e of document.body.querySelectorAll('*:not(svg *)')) {
    const box = e.getBoundingClientRect();
    if (box.right <= width + 1 || wide.some((w) => w.contains(e))) continue;
    wide.push(e);
  }
  for (const d of closed) d.open = false;
  return wide.slice(0, 20).map((e) => {
    const kind = e.tagName.toLowerCase() + (e.classList.length > 0 ? '.' + e.classList[0] : '');
    const where = e.closest('section[id], header')?.id || 'the header';
    const text = (e.innerText ?? e.textContent ?? '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    const right = Math.round(e.getBoundingClientRect().right);
    return kind + ' in ' + where + ' ("' + text + '") reaches ' + right + ' px; the printed ' +
      'page is ' + width + ' px wide, so the PDF cuts it off';
  });
})()`;

/** What the PDF would cut off (see {@link overflowScript}); none means everything fits. */
export async function printOverflow(page: Page, width = printableWidthPx): Promise<string[]> {
  const viewport = page.viewportSize() ?? { width: 1200, height: 900 };
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width, height: viewport.height });
  try {
    return (await page.evaluate(overflowScript)) as string[];
  } finally {
    await page.setViewportSize(viewport);
    await page.emulateMedia({ media: null });
  }
}

/** The files the browser step renders, in the folder it was given. */
export interface RenderedOutputs {
  pdf: string;
  figures: string[];
  screenshot?: string;
}

/**
 * Renders into `folder`: report.pdf of the whole report (every folded run opened),
 * figures/<figure>.png with each figure's plots as the page first shows them (overviews and
 * open run cards), and, when asked, screenshot.png of the top of the page for the README.
 * The folder is a staging folder: the caller moves the files into place once all are made.
 */
export async function writeRenderings(
  page: Page,
  folder: string,
  screenshot = false,
): Promise<RenderedOutputs> {
  const screenshotPath = join(folder, 'screenshot.png');
  if (screenshot) await writeFile(screenshotPath, await page.screenshot({ fullPage: false }));
  // One page, one after the other: a second page would draw everything again, and on two
  // busy cores the two compete (measured: 10 s in parallel against 7 s in turn).
  const figures = await writeFigurePngs(page, join(folder, 'figures'));
  await page.evaluate(openEveryFold);
  const pdfPath = join(folder, 'report.pdf');
  await writeFile(pdfPath, await page.pdf(pdfOptions));
  return { pdf: pdfPath, figures, ...(screenshot ? { screenshot: screenshotPath } : {}) };
}

const openEveryFold = 'document.querySelectorAll("details").forEach((d) => { d.open = true; })';

/**
 * Hides everything but the figures' plots while the PNGs are taken: each capture then lays
 * out and paints a much shorter page (a third faster on two busy cores).
 */
const figuresOnly = `(() => {
  const style = document.createElement('style');
  style.id = 'figures-only';
  style.textContent = 'header, main ~ *, section.figure > :not(.figure-plots) { display: none; }';
  document.head.append(style);
})()`;

/** The PNG of a figure shows its overviews and open run cards; folded runs are in the PDF. */
async function writeFigurePngs(page: Page, folder: string): Promise<string[]> {
  await page.evaluate(figuresOnly);
  await mkdir(folder, { recursive: true });
  const figures: string[] = [];
  try {
    for (const section of await page.locator('section.figure').all()) {
      const path = join(folder, `${await section.getAttribute('id')}.png`);
      await writeFile(path, await section.locator('.figure-plots').screenshot());
      figures.push(path);
    }
  } finally {
    await page.evaluate('document.getElementById("figures-only").remove()');
  }
  return figures;
}
