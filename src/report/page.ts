import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ResultsFile } from '../claims/reporter.ts';
import { html, jsonForScript, Markup } from './html.ts';
import { allPlots, figureViews } from './model.ts';
import { parametersSection } from './parameters.ts';
import { type DrawingLimits, defaultLimits } from './plots.ts';
import {
  baselineSection,
  type ExperimentRegistry,
  figureSection,
  provenanceSection,
  summarySection,
} from './sections.ts';

export type { ExperimentRegistry } from './sections.ts';

export interface PageOptions {
  /** The experiments by name, for their parameters and provenance tags. */
  experiments: ExperimentRegistry;
  /** The browser that rendered the page, when known ("Chromium 156.0…"). */
  browserVersion?: string;
  /** How many points drawn lines keep (default {@link defaultLimits}). */
  limits?: DrawingLimits;
}

const require = createRequire(import.meta.url);

/** A file of an installed package; its folder is found from its entry point, since the
 * packages' export maps hide dist/ and package.json. */
function readAsset(name: string, file: string): string {
  let folder = dirname(require.resolve(name));
  while (!existsSync(join(folder, 'package.json')) || !folder.endsWith(name)) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`cannot find the folder of the package ${name}`);
    folder = parent;
  }
  return readFileSync(join(folder, file), 'utf8');
}

/** The versions of the libraries that draw and check the report. */
export function reportLibraries(): Record<string, string> {
  const names = ['@observablehq/plot', 'd3', 'playwright-core'];
  return Object.fromEntries(
    names.map((name) => [
      name,
      (JSON.parse(readAsset(name, 'package.json')) as { version: string }).version,
    ]),
  );
}

/** The scripts the page runs, in order: d3, Observable Plot, then our drawing code. */
function pageScripts(): string[] {
  const scripts = [
    readAsset('d3', 'dist/d3.min.js'),
    readAsset('@observablehq/plot', 'dist/plot.umd.min.js'),
    readFileSync(new URL('./client.js', import.meta.url), 'utf8'),
  ];
  for (const script of scripts) {
    if (/<\/script|<!--/i.test(script))
      throw new Error('an inlined script contains </script or <!--');
  }
  return scripts;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/**
 * The page's Content-Security-Policy: nothing may be fetched (default-src 'none'), only the
 * inlined scripts with these hashes run, styles are inline, images only data: URLs.
 */
export function contentSecurityPolicy(scripts: string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scripts.map((s) => `'sha256-${sha256(s)}'`).join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Rounds drawn numbers to 4 significant digits and writes non-finite ones as null. */
function roundForDrawing(_key: string, value: unknown): unknown {
  if (typeof value !== 'number') return value;
  if (!Number.isFinite(value)) return null;
  return Number.isInteger(value) ? value : Number(value.toPrecision(4));
}

/** Arrays at least this long are stored once and referenced by index. */
const sharedArrayLength = 32;

/**
 * The data the page draws from: the plot specifications with numbers rounded for drawing,
 * and every long array stored once in `arrays` and replaced by { $ref: index } (figures
 * that share runs, such as App. C and Fig. 6, and the curves and grid of a sweep, would
 * otherwise repeat them).
 */
export function drawingData(plots: Record<string, unknown>): { plots: unknown; arrays: unknown[] } {
  const arrays: unknown[] = [];
  const index = new Map<string, number>();
  const intern = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      // Inner arrays first, so that an orbit's X(τ) is shared even inside a long list.
      const inner = value.map(intern);
      if (value.length < sharedArrayLength) return inner;
      const text = JSON.stringify(inner);
      if (!index.has(text)) {
        index.set(text, arrays.length);
        arrays.push(inner);
      }
      return { $ref: index.get(text) };
    }
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, intern(v)]));
    }
    return value;
  };
  const rounded = JSON.parse(JSON.stringify(plots, roundForDrawing)) as Record<string, unknown>;
  return { plots: intern(rounded), arrays };
}

/**
 * The report as one self-contained HTML page: summary, one section per figure (plots and
 * claims), the baseline table, parameters with provenance, and the run's provenance. All
 * text from results and configurations is escaped; the scripts are inlined and allowed by
 * hash, and the Content-Security-Policy forbids every network request.
 */
export function buildReportHtml(results: ResultsFile, options: PageOptions): string {
  const limits = options.limits ?? defaultLimits;
  const figures = figureViews(results, limits);
  const plots = Object.fromEntries(allPlots(figures).map((p) => [p.id, p]));
  const scripts = pageScripts();
  const data = jsonForScript(drawingData(plots));
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(scripts)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Catapult reproduction report (${results.profile} profile)</title>
<style>${new Markup(readFileSync(new URL('./report.css', import.meta.url), 'utf8'))}</style>
</head>
<body>
${summarySection(results, figures)}
<main>${figures.map(figureSection)}</main>
${baselineSection(results)}
${parametersSection(results, options.experiments)}
${provenanceSection(results, { ...options, libraries: reportLibraries() })}
<footer class="muted"><p>Built by <code>npm run report</code> (src/report/) from
<code>reports/results.json</code>. Plots are drawn with Observable Plot from traces
downsampled for drawing (at most ${limits.linePoints} points per line over steps,
${limits.pathPoints} per trajectory or orbit; numbers rounded to 4 significant digits); the
run cache keeps them whole.</p></footer>
<script type="application/json" id="report-data">${new Markup(data)}</script>
${scripts.map((s) => new Markup(`<script>${s}</script>`))}
</body></html>
`;
  return page.text;
}
