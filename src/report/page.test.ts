import { describe, expect, test } from 'vitest';
import type { ResultsFile } from '../claims/reporter.ts';
import { noteFor, schemaPaths } from '../engine/parameters.ts';
import type { ParameterNote } from '../engine/run.ts';
import { experiments } from '../experiments/index.ts';
import { fittingPage, maxHtmlBytes } from './build.ts';
import { fixtureResults, hostileText } from './fixture.ts';
import { buildReportHtml } from './page.ts';
import { parametersSection, parameterText } from './parameters.ts';
import { formatValue } from './sections.ts';

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

  test('says at the top that NOT reproduced is a finding and what a claim test checks', () => {
    const top = page.slice(page.indexOf('<body>'), page.indexOf('Claims at a glance'));
    expect(top).toMatch(/<b>NOT reproduced<\/b> is a finding about the paper,\s+not a failure/);
    expect(top).toMatch(/each claim's test checks that the verdict and numbers match\s+the stored/);
  });

  test('groups the baseline table by claim, with every metric of the claim below it', () => {
    const baselines = page.slice(page.indexOf('<section id="baselines">'));
    const head = baselines.indexOf('<a href="#claim-fixture-traced">fixture/traced</a>');
    const metric = baselines.indexOf('data-claim="fixture/traced" data-metric="ratio"');
    expect(head).toBeGreaterThan(0);
    expect(metric).toBeGreaterThan(head);
    // A per-seed array may wrap after its commas (class "list"); a lone number does not.
    const cells = baselines.slice(metric, baselines.indexOf('</tr>', metric));
    expect(cells).toContain(
      '<span class="num list">[3.734e-7, 9.322e-7, 6.359e-6, 1.619e-7, 3.057e-7, 2.100e-6]',
    );
    expect(cells).toContain('<span class="num">9.32e-16</span>');
  });
});

/** The rows of a rendered parameter table: path → [default, tag]. */
function parameterRows(text: string): Map<string, [string, string]> {
  const rows = new Map<string, [string, string]>();
  const pattern =
    /<tr><td><code>([^<]+)<\/code><\/td><td>(.*?)<\/td><td><span class="tag tag-([a-z]+)">/g;
  for (const m of text.matchAll(pattern)) rows.set(m[1]!, [m[2]!, m[3]!]);
  return rows;
}

/** A results file with one run of each named experiment at its defaults. */
function runsOf(names: string[]): ResultsFile {
  const runs = Object.fromEntries(
    names.map((name) => [
      name,
      { label: name, experiment: name, key: name, config: { seed: 0 }, wallSeconds: 1 },
    ]),
  );
  return { ...results, runs } as ResultsFile;
}

describe('the parameters section', () => {
  test('lists every schema field of every experiment with a provenance tag, none untagged', () => {
    const names = Object.keys(experiments);
    const text = parametersSection(runsOf(names), experiments).text;
    for (const name of names) {
      const block = text.slice(text.indexOf(`data-experiment="${name}"`)).split('</table>')[0]!;
      const rows = parameterRows(block);
      const fields = schemaPaths(experiments[name]!.schema);
      expect(fields.length).toBeGreaterThan(3);
      // Beyond the schema's fields, only the fields of an open object the defaults fill in.
      const beyond = [...rows.keys()].filter((path) => !fields.includes(path));
      expect(beyond.filter((path) => !fields.some((f) => path.startsWith(`${f}.`)))).toEqual([]);
      const shown = [...rows.keys()];
      const missing = fields.filter(
        (f) => !rows.has(f) && !shown.some((path) => path.startsWith(`${f}.`)),
      );
      expect(missing).toEqual([]);
      for (const path of shown) {
        expect({ path, tag: rows.get(path)?.[1] }).toEqual({
          path,
          tag: noteFor(path, experiments[name]!.parameters)?.tag,
        });
      }
    }
    expect(text).not.toContain('untagged');
  });

  test('tags a field by its own entry or a parent entry, never by a sibling entry', () => {
    const schema = {
      properties: {
        seed: {},
        schedule: {
          oneOf: [
            { properties: { kind: {}, warmupSteps: {} } },
            { properties: { kind: {}, delaySteps: {}, delayFraction: {} } },
          ],
        },
      },
    };
    const experiment = (parameters: Record<string, ParameterNote>) => ({
      name: 'x',
      title: 'x',
      schema,
      defaults: { seed: 0, schedule: { kind: 'linear-warmup', warmupSteps: 5 } },
      parameters,
      run: () => null,
    });
    const seed: ParameterNote = { tag: 'derived', source: 's' };
    const byParent = parameterRows(
      parametersSection(runsOf(['x']), {
        x: experiment({ seed, schedule: { tag: 'paper', source: 'p' } }),
      }).text,
    );
    expect(byParent.get('schedule.delaySteps')).toEqual(['<span>—</span>', 'paper']);
    expect(byParent.get('schedule.warmupSteps')).toEqual(['<span class="num">5</span>', 'paper']);
    const bySibling = parameterRows(
      parametersSection(runsOf(['x']), {
        x: experiment({ seed, 'schedule.kind': { tag: 'paper', source: 'p' } }),
      }).text,
    );
    expect(bySibling.get('schedule.kind')?.[1]).toBe('paper');
    expect(bySibling.get('schedule.delaySteps')?.[1]).toBe('none');
  });

  test('schemaPaths lists the fields of every branch of a union, arrays as leaves', () => {
    expect(
      schemaPaths({
        properties: {
          grid: { type: 'array', items: { type: 'number' } },
          schedule: {
            oneOf: [{ properties: { kind: {}, warmupSteps: {} } }, { properties: { kind: {} } }],
          },
          seed: { type: 'integer' },
        },
      }),
    ).toEqual(['grid', 'schedule.kind', 'schedule.warmupSteps', 'seed']);
  });

  test('shows a grid of learning rates as every value to 4 digits, ready to wrap', () => {
    expect(parameterText('[0.0031622776601683794,0.005623413251903491,0.1]')).toBe(
      '[0.003162, 0.005623, 0.1]',
    );
    expect(parameterText('"[not json"')).toBe('"\\"[not json\\""');
    expect(parameterText(2000)).toBe('2000');
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
