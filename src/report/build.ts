import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import writeFileAtomic from 'write-file-atomic';
import type { ResultsFile } from '../claims/reporter.ts';
import {
  checkReading,
  describeBrowserFailure,
  type FoundBrowser,
  findChromium,
  launchChromium,
  openReport,
  printOverflow,
  type RenderedOutputs,
  writeRenderings,
} from './browser.ts';
import { allPlots, figureViews } from './model.ts';
import { buildReportHtml, type ExperimentRegistry, type PageOptions } from './page.ts';
import { defaultLimits } from './plots.ts';

/** The HTML report must stay below this size (issue 6). */
export const maxHtmlBytes = 5 * 1024 * 1024;

export interface ReportOptions {
  results: ResultsFile;
  experiments: ExperimentRegistry;
  /** The folder the report goes to (reports/). */
  outputDirectory: string;
  /** Skip the browser step: write index.html only. */
  browser?: boolean;
  /** Also write a PNG of the top of the page here (for the README). */
  screenshot?: string;
  /** The browser to use instead of the one {@link findChromium} finds. */
  chromium?: FoundBrowser;
}

export interface ReportOutputs {
  html: string;
  htmlBytes: number;
  pdf?: string;
  figures: string[];
  screenshot?: string;
  browserVersion?: string;
  /** Seconds spent in each step: page, launch, check, print check, pdf and pngs. */
  timings: Record<string, number>;
}

/**
 * The page with the default drawing limits, or, when that exceeds {@link maxHtmlBytes},
 * with the points per line halved until it fits (the footer states the limits used).
 */
export function fittingPage(
  results: ResultsFile,
  options: PageOptions,
  maxBytes = maxHtmlBytes,
): string {
  let limits = options.limits ?? defaultLimits;
  for (;;) {
    const text = buildReportHtml(results, { ...options, limits });
    if (Buffer.byteLength(text, 'utf8') <= maxBytes || limits.linePoints <= 50) return text;
    limits = {
      linePoints: Math.floor(limits.linePoints / 2),
      pathPoints: Math.floor(limits.pathPoints / 2),
    };
  }
}

async function writePage(path: string, text: string): Promise<number> {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxHtmlBytes) {
    throw new Error(`the report would be ${bytes} bytes, above the limit of ${maxHtmlBytes}`);
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, text);
  return bytes;
}

/**
 * Removes report.pdf and figures/*.png from the output folder: they were rendered from an
 * earlier page. Returns whether there was anything to remove.
 */
async function removeRenderings(outputDirectory: string): Promise<boolean> {
  const pdf = join(outputDirectory, 'report.pdf');
  const folder = join(outputDirectory, 'figures');
  const pngs = existsSync(folder)
    ? (await readdir(folder)).filter((name) => name.endsWith('.png')).map((n) => join(folder, n))
    : [];
  const stale = [...(existsSync(pdf) ? [pdf] : []), ...pngs];
  await Promise.all(stale.map((path) => rm(path, { force: true })));
  return stale.length > 0;
}

/**
 * Moves what the browser step rendered in `staging` into place: the figure PNGs replace the
 * whole earlier set, then report.pdf, then the screenshot. Each move is a rename within one
 * file system, so no file is ever seen half written.
 */
async function publishRenderings(
  staged: RenderedOutputs,
  outputDirectory: string,
  screenshot: string | undefined,
): Promise<RenderedOutputs> {
  await removeRenderings(outputDirectory);
  const folder = join(outputDirectory, 'figures');
  await mkdir(folder, { recursive: true });
  const figures: string[] = [];
  for (const path of staged.figures) {
    const target = join(folder, basename(path));
    await rename(path, target);
    figures.push(target);
  }
  const pdf = join(outputDirectory, 'report.pdf');
  await rename(staged.pdf, pdf);
  if (screenshot && staged.screenshot) {
    await mkdir(dirname(screenshot), { recursive: true });
    await rename(staged.screenshot, screenshot).catch(async () => {
      // Another file system (a screenshot outside the report folder): copy, atomically.
      await writeFileAtomic(screenshot, await readFile(staged.screenshot!));
    });
  }
  return { pdf, figures, ...(screenshot ? { screenshot } : {}) };
}

/** A failed browser step, said in one line: what failed and what was and was not written. */
export class BrowserStepError extends Error {
  override name = 'BrowserStepError';
}

/**
 * Writes reports/index.html from stored results, then (unless `browser` is false) opens it
 * in headless Chromium, checks that every figure is drawn, that nothing logged an error or
 * tried the network, that the verdicts shown are those of results.json and that the printed
 * page cuts nothing off, and renders reports/report.pdf and reports/figures/<figure>.png.
 *
 * The rule for a failure: index.html needs no browser, so it is always written (atomically)
 * from the new results, before the browser step. report.pdf and the figure PNGs are rendered
 * into a staging folder and moved into place only when the whole browser step succeeded;
 * when it fails, or with `browser: false`, the older ones are removed, so the folder never
 * mixes two builds. A failure throws a {@link BrowserStepError} that says so in one line.
 */
export async function buildReport(options: ReportOptions): Promise<ReportOutputs> {
  const { results, experiments, outputDirectory } = options;
  const htmlPath = join(outputDirectory, 'index.html');
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[name] = (performance.now() - started) / 1000;
    }
  };
  const page = (browserVersion?: string) =>
    timed('page', () => writePage(htmlPath, fittingPage(results, { experiments, browserVersion })));
  const failed = async (reason: string, details: string[] = []): Promise<never> => {
    const removed = await removeRenderings(outputDirectory);
    const stop = /[.?!]$/.test(reason) ? '' : '.';
    throw new BrowserStepError(
      `${reason}${stop} ${htmlPath} is written; report.pdf and the figure PNGs were not produced` +
        `${removed ? ' (the older ones are removed)' : ''}.` +
        details.map((line) => `\n  - ${line}`).join(''),
    );
  };

  if (options.browser === false) {
    const htmlBytes = await page();
    await removeRenderings(outputDirectory);
    return { html: htmlPath, htmlBytes, figures: [], timings };
  }
  let found: FoundBrowser;
  try {
    found = options.chromium ?? findChromium();
  } catch (error) {
    await page();
    return failed(error instanceof Error ? error.message : String(error));
  }
  let browser: Browser;
  try {
    browser = await timed('launch', () => launchChromium(found));
  } catch (error) {
    await page();
    return failed(describeBrowserFailure('cannot start the browser', found, error));
  }
  let staging: string | undefined;
  try {
    await mkdir(outputDirectory, { recursive: true });
    staging = await mkdtemp(join(outputDirectory, '.rendering-'));
    const folder = staging;
    const where = `${found.path}, found by ${found.source}`;
    const browserVersion = `Chromium ${browser.version()} (${where})`;
    const htmlBytes = await page(browserVersion);
    let rendered: RenderedOutputs;
    try {
      const opened = await timed('check', () => openReport(browser, htmlPath));
      const plotIds = allPlots(figureViews(results)).map((p) => p.id);
      const problems = [
        ...opened.failures,
        ...checkReading(opened.reading, results, plotIds),
        ...(await timed('print check', () => printOverflow(opened.page))),
      ];
      if (problems.length > 0) {
        return await failed(`the page failed ${problems.length} check(s) in the browser`, problems);
      }
      rendered = await timed('pdf and pngs', () =>
        writeRenderings(opened.page, folder, options.screenshot !== undefined),
      );
    } catch (error) {
      if (error instanceof BrowserStepError) throw error;
      return await failed(
        describeBrowserFailure('the page could not be checked or rendered in', found, error),
      );
    }
    const published = await publishRenderings(rendered, outputDirectory, options.screenshot);
    return { html: htmlPath, htmlBytes, ...published, browserVersion, timings };
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
    await browser.close();
  }
}

/** The size of a written file in megabytes, for the summary line. */
export async function megabytes(path: string): Promise<string> {
  return ((await stat(path)).size / 1024 / 1024).toFixed(2);
}
