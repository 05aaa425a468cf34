import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { ResultsFile } from '../claims/reporter.ts';
import {
  checkReading,
  type FoundBrowser,
  findChromium,
  launchChromium,
  openReport,
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
}

export interface ReportOutputs {
  html: string;
  htmlBytes: number;
  pdf?: string;
  figures: string[];
  screenshot?: string;
  browserVersion?: string;
  /** Seconds spent in each step: page, launch, check, pdf and pngs. */
  timings: Record<string, number>;
}

/** Builds the page and writes it atomically; refuses a page above {@link maxHtmlBytes}. */
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
 * Writes reports/index.html from stored results, then (unless `browser` is false) opens it
 * in headless Chromium, checks that every figure is drawn, that nothing logged an error or
 * tried the network and that the verdicts shown are those of results.json, and writes
 * reports/report.pdf and reports/figures/<figure>.png. Throws on any failed check, after
 * the HTML is written, so that a reviewer can still open it.
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

  if (options.browser === false) {
    return { html: htmlPath, htmlBytes: await page(), figures: [], timings };
  }
  let found: FoundBrowser;
  try {
    found = findChromium();
  } catch (error) {
    await page();
    throw error;
  }
  const browser = await timed('launch', () => launchChromium(found));
  try {
    const where = `${found.path}, found by ${found.source}`;
    const browserVersion = `Chromium ${browser.version()} (${where})`;
    const htmlBytes = await page(browserVersion);
    const opened = await timed('check', () => openReport(browser, htmlPath));
    const plotIds = allPlots(figureViews(results)).map((p) => p.id);
    const problems = [...opened.failures, ...checkReading(opened.reading, results, plotIds)];
    if (problems.length > 0) {
      throw new Error(
        `the report page in ${htmlPath} failed its checks:\n  ${problems.join('\n  ')}`,
      );
    }
    const rendered = await timed('pdf and pngs', () =>
      writeRenderings(
        opened.page,
        join(outputDirectory, 'report.pdf'),
        join(outputDirectory, 'figures'),
        options.screenshot,
      ),
    );
    return { html: htmlPath, htmlBytes, ...rendered, browserVersion, timings };
  } finally {
    await browser.close();
  }
}

/** The size of a written file in megabytes, for the summary line. */
export async function megabytes(path: string): Promise<string> {
  return ((await stat(path)).size / 1024 / 1024).toFixed(2);
}
