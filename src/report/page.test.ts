import { describe, expect, test } from 'vitest';
import type { ResultsFile } from '../claims/reporter.ts';
import { experiments } from '../experiments/index.ts';
import { fittingPage, maxHtmlBytes } from './build.ts';
import { fixtureResults, hostileText } from './fixture.ts';
import { buildReportHtml } from './page.ts';
import { formatValue, noteFor } from './sections.ts';

const results: ResultsFile = await fixtureResults();
const page = buildReportHtml(results, { experiments });

describe('the report page', () => {
  test('is the same text for the same results (plots are drawn from the same data)', () => {
    expect(buildReportHtml(results, { experiments })).toBe(page);
  });

  test('forbids every network request in its Content-Security-Policy', () => {
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1];
    expect(policy).toMatch(
      /^default-src &#39;none&#39;; script-src (&#39;sha256-[^&]+&#39; ?){3};/,
    );
    expect(policy).not.toMatch(/unsafe-eval|http|\*/);
  });

  test('loads nothing from anywhere: no src or href attribute outside the page', () => {
    const outside = [...page.matchAll(/\s(src|href)="([^"]*)"/g)]
      .map((m) => m[2]!)
      .filter((target) => !target.startsWith('#'));
    expect(outside).toEqual([]);
    expect(page).not.toMatch(/<link|<iframe|<object|<embed/i);
  });

  test('escapes text from results and configurations', () => {
    expect(page).not.toContain('<script>window.__pwned');
    expect(page).not.toContain('<img src="http://example.invalid');
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(hostileText).toContain('</script>');
    // Exactly the three inlined scripts and the JSON data block open a script element.
    expect(page.match(/<script/g)).toHaveLength(4);
  });

  test('stays far below the size limit for the fixture', () => {
    expect(Buffer.byteLength(page)).toBeLessThan(maxHtmlBytes);
    expect(page).toContain('at most 400 points per line over steps');
  });

  test('draws fewer points per line when the page would exceed its size limit', () => {
    const size = Buffer.byteLength(page);
    const smaller = fittingPage(results, { experiments }, size - 1);
    expect(Buffer.byteLength(smaller)).toBeLessThan(size);
    expect(smaller).toContain('at most 200 points per line over steps');
    expect(fittingPage(results, { experiments }, size)).toBe(page);
  });

  test('shows the summary counts, every claim, the baseline table and the provenance', () => {
    expect(page).toMatch(/data-count="reproduced">\s*<b>6<\/b>/);
    expect(page).toMatch(/data-count="skipped">\s*<b>1<\/b>/);
    expect(page).toContain('Not run: CIFAR-10 is not in data/cifar-10-batches-bin.');
    for (const id of ['fixture/reproduced', 'fixture/not-reproduced', 'fixture/error']) {
      expect(page).toContain(`data-claim-id="${id}"`);
    }
    expect(page).toContain('data-claim="fixture/not-reproduced" data-metric="ratio"');
    expect(page).toContain('0123456789abcdef0123456789abcdef01234567');
    expect(page).toContain('not rendered in a browser');
    expect(page).toContain('<td>wasm (tfjs 4.22.0)</td>');
  });

  test('lists the toy parameters with their provenance tags', () => {
    expect(page).toContain('data-experiment="toy"');
    expect(page).toMatch(
      /<code>optimizer\.momentum<\/code><\/td><td>.*?<\/td><td><span class="tag tag-paper">/,
    );
    const tagOf = (path: string) =>
      new RegExp(`<code>${path}</code></td><td>.*?</td><td><span class="tag tag-([a-z]+)">`).exec(
        page,
      )?.[1];
    expect(tagOf('schedule\\.warmupSteps')).toBe('reconstructed');
    expect(page).toContain('This experiment is not in src/experiments/index.ts');
  });
});

describe('formatting helpers', () => {
  test('formatValue gives 6 significant digits, exponents for extremes, short arrays', () => {
    expect(formatValue(0.40681547982035293)).toBe('0.406815');
    expect(formatValue(6.41e-11)).toBe('6.41000e-11');
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue([1, 2, 3, 4, 5, 6, 7])).toBe('[1, 2, 3, 4, 5, 6, … 7 values]');
    expect(formatValue(true)).toBe('true');
  });

  test('noteFor picks the longest matching dotted prefix', () => {
    const notes = {
      optimizer: { tag: 'paper', source: 'a' },
      'optimizer.learningRate': { tag: 'reconstructed', source: 'b' },
    } as const;
    expect(noteFor('optimizer.learningRate', notes)?.source).toBe('b');
    expect(noteFor('optimizer.momentum', notes)?.source).toBe('a');
    expect(noteFor('optimizerX', notes)).toBeUndefined();
  });
});
