import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ResultsFile } from '../claims/reporter.ts';
import { experiments } from '../experiments/index.ts';
import {
  browserVariable,
  checkReading,
  describeBrowserFailure,
  findChromium,
  launchChromium,
  openReport,
  printableWidthPx,
  printOverflow,
  readPage,
  systemChromium,
} from './browser.ts';
import { BrowserStepError, buildReport } from './build.ts';
import { fixtureResults } from './fixture.ts';
import { allPlots, figureViews } from './model.ts';
import { buildReportHtml } from './page.ts';

describe('findChromium looks where DESIGN.md item 4 says, in order', () => {
  const everywhere = () => true;

  test('the environment variable comes first', () => {
    const found = findChromium({ [browserVariable]: '/opt/chrome' }, everywhere, '/pw/chrome');
    expect(found).toEqual({ path: '/opt/chrome', source: 'environment' });
  });

  test("then Playwright's own browser, then /usr/bin/chromium", () => {
    expect(findChromium({}, everywhere, '/pw/chrome').source).toBe('playwright');
    const onlySystem = (path: string) => path === systemChromium;
    expect(findChromium({}, onlySystem, '/pw/chrome')).toEqual({
      path: systemChromium,
      source: 'system',
    });
  });

  test('a variable naming a missing file is an error that names the variable and the value', () => {
    expect(() => findChromium({ [browserVariable]: '/nope' }, () => false, undefined)).toThrow(
      `${browserVariable} must name an existing Chromium executable, got /nope`,
    );
  });

  test('no browser anywhere is an error that says how to get one', () => {
    expect(() => findChromium({}, () => false, '/pw/chrome')).toThrow(
      /no Chromium found: .*apt-get install -y chromium.*CATAPULT_CHROMIUM/,
    );
  });
});

describe('a failed browser step is one line', () => {
  test("it names the executable and what failed, without Playwright's call log", () => {
    const playwright = new Error(
      'browserType.launch: Target page, context or browser has been closed\nBrowser logs:\n\n' +
        '<launching> /bin/true --disable-gpu --no-sandbox\n<launched> pid=7\n' +
        '[pid=7][err] libnss3.so: cannot open shared object file\nCall log:\n' +
        '\u001b[2m  - [pid=7] <process did exit: exitCode=127, signal=null>\u001b[22m\n',
    );
    const found = { path: '/opt/chrome', source: 'environment' } as const;
    expect(describeBrowserFailure('cannot start the browser', found, playwright)).toBe(
      `cannot start the browser /opt/chrome (named by ${browserVariable}): it exited with ` +
        'code 127 before Playwright could connect; its last error line: libnss3.so: cannot ' +
        'open shared object file; is it a Chromium or Chrome executable?',
    );
    const spawn = new Error('browserType.launch: Failed to launch: Error: spawn /tmp EACCES\n…');
    expect(
      describeBrowserFailure('cannot start the browser', { path: '/tmp', source: 'system' }, spawn),
    ).toBe('cannot start the browser /tmp (the system Chromium): spawn /tmp EACCES');
  });
});

describe('the report in a real browser', () => {
  let browser: Browser;
  let folder: string;
  let results: ResultsFile;
  let plotIds: string[];

  beforeAll(async () => {
    browser = await launchChromium();
    folder = await mkdtemp(join(tmpdir(), 'catapult-report-test-'));
    results = await fixtureResults();
    plotIds = allPlots(figureViews(results)).map((p) => p.id);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  let pages = 0;
  async function open(text: string) {
    pages += 1;
    const path = join(folder, `page-${pages}.html`);
    await writeFile(path, text);
    return openReport(browser, path, 30_000);
  }

  test('shows the verdicts of results.json, draws every figure, logs no error', async () => {
    const opened = await open(buildReportHtml(results, { experiments }));
    expect(opened.failures).toEqual([]);
    expect(checkReading(opened.reading, results, plotIds)).toEqual([]);
    expect(opened.reading.verdicts['fixture/not-reproduced']).toEqual({
      verdict: 'not-reproduced',
      chip: 'NOT reproduced',
    });
    expect(opened.reading.verdicts['fixture/error']?.verdict).toBe('error');
    expect(opened.reading.verdicts['fixture/skipped']?.verdict).toBe('skipped');
    expect(opened.reading.figures).toEqual([
      'Fig. 1',
      'Fig. 3',
      'Fig. 4',
      'Fig. 5',
      'Fig. 11',
      'Fig. 14',
      'App. B',
    ]);
    const kinds = new Set(plotIds.map((id) => id.replace(/^.*-/, '')));
    for (const kind of ['curves', 'heatmap', 'trajectory', 'sharpness', 'loss', 'phase', 'time']) {
      expect(kinds).toContain(kind);
    }
    expect(plotIds).toContain('fig-5-ode-fixture-orbits-phase');
    expect(plotIds).toContain('fig-1-ldn-sweep-fixture-table-curves');

    // Hostile text from configurations shows as text and runs nothing.
    expect(await opened.page.evaluate('window.__pwned')).toBeUndefined();
    const body = (await opened.page.evaluate('document.body.innerText')) as string;
    expect(body).toContain('</script><script>window.__pwned = 1</script>');
    await opened.page.close();
  });

  test('draws the same SVG twice from the same data', async () => {
    const text = buildReportHtml(results, { experiments });
    const drawings: unknown[] = [];
    for (const _ of [1, 2]) {
      const opened = await open(text);
      drawings.push(
        await opened.page.evaluate(
          'Array.from(document.querySelectorAll(".plot-canvas")).map((c) => c.innerHTML)',
        ),
      );
      await opened.page.close();
    }
    expect((drawings[0] as string[]).length).toBe(plotIds.length);
    expect(drawings[1]).toEqual(drawings[0]);
  });

  test('the check fails when a verdict shown differs from results.json', async () => {
    const opened = await open(buildReportHtml(results, { experiments }));
    await opened.page.evaluate(`(() => {
      const article = document.querySelector('[data-claim-id="fixture/not-reproduced"]');
      article.setAttribute('data-verdict', 'reproduced');
      article.querySelector('h3 .chip').textContent = 'reproduced';
    })()`);
    expect(checkReading(await readPage(opened.page), results, plotIds)).toEqual([
      'claim fixture/not-reproduced: results.json says not-reproduced, the page shows ' +
        'reproduced ("reproduced")',
    ]);
    await opened.page.close();
  });

  test('a plot that cannot be drawn is a console error and a missing figure', async () => {
    const broken = buildReportHtml(results, { experiments }).replace(
      '"kind":"phase"',
      '"kind":"no-such-kind"',
    );
    const opened = await open(broken);
    expect(opened.failures).toEqual([
      expect.stringMatching(/^console error: plot app-b-run1-phase could not be drawn/),
    ]);
    expect(checkReading(opened.reading, results, plotIds)).toEqual([
      'plot app-b-run1-phase was not drawn (error)',
    ]);
    await opened.page.close();
  });

  test('the Content-Security-Policy blocks a network request; the step reports it', async () => {
    const leaky = buildReportHtml(results, { experiments }).replace(
      '<main>',
      '<main><img src="http://example.invalid/pixel.png" alt="">',
    );
    const opened = await open(leaky);
    expect(opened.failures.some((f) => /console error: .*example\.invalid/.test(f))).toBe(true);
    await opened.page.close();
  });

  test('the printed page (A4 at 80%) cuts off no table; a wider element is reported', async () => {
    const opened = await open(buildReportHtml(results, { experiments }));
    expect(printableWidthPx).toBe(897);
    expect(await printOverflow(opened.page)).toEqual([]);
    // The browser step leaves the screen layout as it found it.
    expect(opened.page.viewportSize()?.width).toBe(1200);
    await opened.page.evaluate(`(() => {
      const cell = document.querySelector('#baselines td');
      cell.innerHTML = '<span style="white-space: nowrap">' + 'x'.repeat(400) + '</span>';
    })()`);
    const [problem, ...more] = await printOverflow(opened.page);
    expect(more).toEqual([]);
    expect(problem).toMatch(/^table\.baselines in baselines \("metric value baseline difference/);
    expect(problem).toMatch(
      /reaches \d{4} px; the printed page is 897 px wide, so the PDF cuts it/,
    );
    await opened.page.close();
  });

  test('a browser that cannot start: new index.html, no PDF or PNGs, one line', async () => {
    const out = join(folder, 'no-browser');
    await mkdir(join(out, 'figures'), { recursive: true });
    await writeFile(join(out, 'index.html'), 'old page');
    await writeFile(join(out, 'report.pdf'), 'old pdf');
    await writeFile(join(out, 'figures', 'fig-1.png'), 'old png');
    const chromium = { path: '/bin/true', source: 'environment' } as const;
    const failure = await buildReport({ results, experiments, outputDirectory: out, chromium })
      .then(() => undefined)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BrowserStepError);
    const message = (failure as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^cannot start the browser \/bin\/true \(named by CATAPULT_CHROMIUM\)/);
    expect(message).toContain(': it exited with code 0 before Playwright could connect;');
    expect(message).toMatch(/index\.html is written; report\.pdf and the figure PNGs were not/);
    expect(message).toMatch(/ not produced \(the older ones are removed\)\.$/);
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('data-claim-id');
    expect((await readdir(out)).sort()).toEqual(['figures', 'index.html']);
    expect(await readdir(join(out, 'figures'))).toEqual([]);
  });

  test('without the browser step, index.html is new and the older PDF and PNGs are gone', async () => {
    const out = join(folder, 'html-only');
    await mkdir(join(out, 'figures'), { recursive: true });
    await writeFile(join(out, 'report.pdf'), 'old pdf');
    await writeFile(join(out, 'figures', 'fig-1.png'), 'old png');
    const outputs = await buildReport({
      results,
      experiments,
      outputDirectory: out,
      browser: false,
    });
    expect(outputs.pdf).toBeUndefined();
    expect((await readdir(out)).sort()).toEqual(['figures', 'index.html']);
    expect(await readdir(join(out, 'figures'))).toEqual([]);
  });

  test('the browser step writes index.html, report.pdf and one PNG per figure', async () => {
    const out = join(folder, 'step');
    // A PNG of a figure that no longer exists goes; the step leaves no staging folder.
    await mkdir(join(out, 'figures'), { recursive: true });
    await writeFile(join(out, 'figures', 'fig-99.png'), 'stale');
    const outputs = await buildReport({ results, experiments, outputDirectory: out });
    expect(outputs.figures.map((p) => p.slice(out.length + 1)).sort()).toEqual([
      'figures/app-b.png',
      'figures/fig-1.png',
      'figures/fig-11.png',
      'figures/fig-14.png',
      'figures/fig-3.png',
      'figures/fig-4.png',
      'figures/fig-5.png',
    ]);
    expect((await readFile(join(out, 'report.pdf'))).subarray(0, 5).toString()).toBe('%PDF-');
    const png = await readFile(outputs.figures[0]!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect((await stat(outputs.html)).size).toBe(outputs.htmlBytes);
    expect(await readFile(outputs.html, 'utf8')).toContain(`Chromium ${browser.version()}`);
    expect((await readdir(out)).sort()).toEqual(['figures', 'index.html', 'report.pdf']);
  }, 60_000);
});
