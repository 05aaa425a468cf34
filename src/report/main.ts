/**
 * `npm run report`: rebuilds reports/index.html, reports/report.pdf and
 * reports/figures/*.png from the stored reports/results.json, without running anything.
 *
 *   npm run report                       # HTML, then the browser step (PDF, PNGs, checks)
 *   npm run report -- --no-browser       # HTML only
 *   npm run report -- --screenshot reports/screenshot.png   # also the README screenshot
 *
 * index.html is always rewritten first; report.pdf and the figure PNGs are replaced only when
 * the whole browser step succeeds, and removed when it fails or is skipped, so the folder never
 * mixes two builds. A failure is one line on stderr and exit code 1.
 */
import { dirname, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { resultsPath } from '../claims/reporter.ts';
import { experiments } from '../experiments/index.ts';
import { buildReport, megabytes } from './build.ts';
import { loadResults } from './results.ts';

export interface ReportCommand {
  results: string;
  out?: string;
  browser?: boolean;
  screenshot?: string;
}

function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}

/**
 * Builds the report and prints where it went; returns the exit code (1 with the reason on
 * stderr when the results are missing or the page fails a check).
 */
export async function runReport(options: ReportCommand): Promise<number> {
  const started = performance.now();
  try {
    const results = await loadResults(options.results);
    const outputs = await buildReport({
      results,
      experiments,
      outputDirectory: options.out ?? dirname(options.results),
      browser: options.browser ?? true,
      ...(options.screenshot ? { screenshot: options.screenshot } : {}),
    });
    const lines = [`Report: ${shown(outputs.html)} (${await megabytes(outputs.html)} MB)`];
    if (outputs.pdf)
      lines.push(`        ${shown(outputs.pdf)} (${await megabytes(outputs.pdf)} MB)`);
    if (outputs.figures.length > 0) {
      const folder = shown(dirname(outputs.figures[0]!));
      lines.push(`        ${outputs.figures.length} figure PNGs in ${folder}`);
    }
    if (outputs.screenshot) lines.push(`        ${shown(outputs.screenshot)}`);
    if (outputs.browserVersion) lines.push(`        checked in ${outputs.browserVersion}`);
    const steps = Object.entries(outputs.timings)
      .map(([step, seconds]) => `${step} ${seconds.toFixed(1)} s`)
      .join(', ');
    const total = (performance.now() - started) / 1000;
    lines.push(`        built in ${total.toFixed(1)} s (${steps})`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`report: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = new Command()
    .name('npm run report')
    .description('Build the reviewer report from stored results (reports/results.json).')
    .option('--results <path>', 'the results file', resultsPath())
    .option('--out <folder>', 'where the report goes (default: the folder of the results file)')
    .option('--no-browser', 'write index.html only (removes an older report.pdf and PNGs)')
    .option('--screenshot <path>', 'also write a PNG of the top of the page')
    .parse()
    .opts<ReportCommand>();
  process.exitCode = await runReport(options);
}
