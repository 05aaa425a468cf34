import { describe, expect, test } from 'vitest';
import type { ClaimRun } from '../claims/claim.ts';
import {
  compareFigures,
  figureCaption,
  figureGroup,
  figureNumbers,
  figureSlug,
} from './figures.ts';
import { gridCells } from './fixture.ts';
import { escapeHtml, html, jsonForScript, Markup, row } from './html.ts';
import { contourGrid, landscapeOf } from './landscape.ts';
import { orbitOverview } from './orbits.ts';
import { flattenConfig, mssLabel, type PlotSpec, runCard } from './plots.ts';
import { runsSweep, tableSweep } from './sweeps.ts';

describe('escaping', () => {
  test('escapeHtml turns the five markup characters into entities', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
  });

  test('html escapes interpolations, joins arrays and passes Markup through', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${['<', '>']}${null}${false}${3}</p>`.text).toBe(
      '<p><b>&lt;i&gt;</b>&lt;&gt;3</p>',
    );
    expect(html`${new Markup('<br>')}`.text).toBe('<br>');
    expect(row(['<a>', html`<i>b</i>`], 'td', { 'data-x': '"q"' }).text).toBe(
      '<tr data-x="&quot;q&quot;"><td>&lt;a&gt;</td><td><i>b</i></td></tr>',
    );
  });

  test('jsonForScript leaves no way out of a script element and parses back the same', () => {
    const value = { text: '</script><!-- \u2028 \u2029' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/<|\u2028|\u2029/);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('figure labels', () => {
  test('panel letters share their figure section', () => {
    expect(figureGroup('Fig. 1(a, b)')).toBe('Fig. 1');
    expect(figureGroup('Fig. 1(e)')).toBe('Fig. 1');
    expect(figureGroup('Figs. 7, 8')).toBe('Figs. 7, 8');
    expect(figureGroup('App. C')).toBe('App. C');
  });

  test('numbers, captions, slugs and the paper order', () => {
    expect(figureNumbers('Figs. 7, 8')).toEqual([7, 8]);
    expect(figureNumbers('App. C')).toEqual([]);
    expect(figureSlug('Figs. 12, 13')).toBe('figs-12-13');
    expect(figureCaption('Figs. 7, 8')).toMatch(/trajectories\. .*sharpness/);
    expect(figureCaption('App. C')).toBeUndefined();
    const labels = ['App. C', 'Figs. 12, 13', 'Fig. 3', 'Fig. 1', 'Figs. 7, 8', 'App. B'];
    expect(labels.sort(compareFigures)).toEqual([
      'Fig. 1',
      'Fig. 3',
      'Figs. 7, 8',
      'Figs. 12, 13',
      'App. B',
      'App. C',
    ]);
  });
});

describe('contourGrid', () => {
  const f = (x: number, y: number) => (x * x) / (2 * y);

  test('samples log10 f row by row from y1 to y2, matching the closed form', () => {
    const grid = contourGrid(f, [-0.5, 0.2, 0.4], [0.1, 0.5, 2], 'x²/(2y)', 5)!;
    expect(grid.nx).toBe(5);
    expect(grid.x1).toBeCloseTo(-0.525, 12);
    expect(grid.x2).toBeCloseTo(0.525, 12);
    for (const [i, j] of [
      [0, 0],
      [4, 0],
      [1, 3],
      [4, 4],
    ] as const) {
      const x = grid.x1 + ((grid.x2 - grid.x1) * i) / 4;
      const y = grid.y1 + ((grid.y2 - grid.y1) * j) / 4;
      expect(Math.abs(grid.values[i + 5 * j]! - Math.log10(f(x, y)))).toBeLessThan(1e-12);
    }
    // Along x = const the loss falls as y grows: the first row lies at the smallest y.
    expect(grid.values[0]!).toBeGreaterThan(grid.values[20]!);
  });

  test('clamps the minimum manifold x = 0 to 1e-12 of the largest value instead of −∞', () => {
    const grid = contourGrid(f, [-1, 1], [1, 2], 'f', 3)!;
    const top = Math.max(...grid.values);
    expect(grid.values[1]).toBeCloseTo(top - 12, 12);
    expect(grid.values.every(Number.isFinite)).toBe(true);
  });

  test('keeps y above 0 where the toy losses live, and gives null without finite points', () => {
    const grid = contourGrid(f, [0.1, 0.1], [0.01, 10], 'f', 4)!;
    expect(grid.y1).toBeGreaterThan(0);
    expect(contourGrid(f, [Number.NaN], [1], 'f')).toBeNull();
  });
});

describe('plot shapes', () => {
  const toyRun: ClaimRun = {
    label: 'heavy ball',
    experiment: 'toy',
    key: 'k1',
    config: { seed: 0, loss: 'x2-over-2y', optimizer: { momentum: 0.9, learningRate: 2 } },
    wallSeconds: 0.1,
    traces: {
      loss: { step: [0, 1, 2, 3], value: [1, 0, Number.NaN, 1e-3] },
      learningRate: { step: [0, 1, 2], value: [0.1, 0.2, 0.3] },
      sharpness: { step: [0, 1, 2, 3], value: [10, 10, 2, 1] },
      mss: { step: [0, 1, 2, 3], value: [Number.POSITIVE_INFINITY, 20, 10, 4] },
      coordinates: {
        step: [0, 1, 2, 3],
        values: { x: [0.1, -0.2, 0.3, 0], y: [0.1, 0.2, 0.5, 1] },
      },
    },
    catapults: [{ start: 1, end: 3, peakStep: 2, sharpnessDrop: 0.9 }],
  };

  test('a toy run gets a trajectory over contours, sharpness with its MSS, and its loss', () => {
    const card = runCard('fig', toyRun, ['alias']);
    expect(card.plots.map((p) => p.kind)).toEqual(['trajectory', 'sharpness', 'loss']);
    const [trajectory, sharpness, loss] = card.plots as [PlotSpec, PlotSpec, PlotSpec];
    if (trajectory.kind !== 'trajectory' || sharpness.kind !== 'sharpness' || loss.kind !== 'loss')
      throw new Error('wrong kinds');
    expect(trajectory.contours?.label).toBe('log10 of x²/(2y)');
    expect([trajectory.x, trajectory.firstStep, trajectory.stepStride]).toEqual([
      [0.1, -0.2, 0.3, 0],
      0,
      1,
    ]);
    expect(sharpness.mssLabel).toBe('MSS (2+2β)/η_t, β = 0.9');
    expect(sharpness.yMax).toBeCloseTo(1.25 * 10, 12);
    // Values a log axis cannot show become gaps, not joined lines.
    expect(loss.loss.value.map(Number.isNaN)).toEqual([false, true, true, false]);
    expect(loss.note).toContain('Gaps: 2 stored point(s)');
    expect(loss.catapults).toEqual(toyRun.catapults);
  });

  test('GD is labelled 2/η_t; an experiment without momentum says MSS', () => {
    expect(mssLabel({ optimizer: { momentum: 0 } })).toBe('MSS 2/η_t');
    expect(mssLabel({})).toBe('MSS');
  });

  test('only the toy experiment has a known landscape', () => {
    expect(landscapeOf(toyRun)?.f(1, 0.5)).toBe(1);
    expect(landscapeOf({ ...toyRun, experiment: 'ldn' })).toBeUndefined();
  });

  test('an ODE result with (X, Y) and τ gets a phase portrait and its coordinates over τ', () => {
    const run: ClaimRun = {
      label: 'ode',
      experiment: 'ode',
      key: 'k2',
      config: {},
      wallSeconds: 0,
      series: {
        'orbits[0].tau': [0, 1],
        'orbits[0].X': [1, 2],
        'orbits[0].Y': [3, 4],
        'orbits[1].tau': [0, 1],
        'orbits[1].X': [5, 6],
        'orbits[1].Y': [7, 8],
      },
    };
    const card = runCard('f5', run, []);
    expect(card.plots.map((p) => p.kind)).toEqual(['phase', 'lines']);
    const time = card.plots[1]!;
    if (time.kind !== 'lines') throw new Error('not lines');
    expect(time.xLabel).toBe('tau');
    expect(time.lines.map((l) => l.name)).toEqual([
      'orbits[0] X',
      'orbits[0] Y',
      'orbits[1] X',
      'orbits[1] Y',
    ]);
    const phase = card.plots[0]!;
    if (phase.kind !== 'phase') throw new Error('not a phase plot');
    expect(phase.orbits).toEqual([
      { name: 'orbits[0]', x: [1, 2], y: [3, 4] },
      { name: 'orbits[1]', x: [5, 6], y: [7, 8] },
    ]);
  });

  test('other series are drawn as lines against their time array', () => {
    const run: ClaimRun = {
      label: 'r',
      experiment: 'e',
      key: 'k3',
      config: {},
      wallSeconds: 0,
      series: { t: [0, 2, 4], energy: [3, 2, 1] },
    };
    const [plot] = runCard('f', run, []).plots;
    expect(plot).toMatchObject({ kind: 'lines', lines: [{ name: 'energy', x: [0, 2, 4] }] });
  });
});

describe('sweeps', () => {
  function run(learningRate: number, scale: number, momentum: number, testLoss: number | null) {
    return {
      label: `${learningRate} ${scale} ${momentum}`,
      experiment: 'ldn',
      key: `${learningRate}-${scale}-${momentum}`,
      config: { seed: 3, init: { scale }, optimizer: { learningRate, momentum } },
      wallSeconds: 1,
      facts: { testLoss, 'final.loss': 0.1 },
    } satisfies ClaimRun;
  }

  test('runs varying (η, α, β): η is x, α the series, β the panel, the test loss the value', () => {
    const runs = [0.1, 0.01, 0.03].flatMap((eta) =>
      [0.5, 1].flatMap((alpha) => [0, 0.9].map((beta) => run(eta, alpha, beta, eta * alpha))),
    );
    runs[0]!.facts.testLoss = null;
    const sweep = runsSweep('s', runs)!;
    expect(sweep.runKeys).toHaveLength(12);
    const curves = sweep.plots[0]!;
    if (curves.kind !== 'sweep-curves') throw new Error('not curves');
    expect(curves).toMatchObject({
      xLabel: 'learningRate',
      seriesLabel: 'scale',
      facetLabel: 'momentum',
      rowLabel: '',
      metric: 'testLoss',
    });
    expect(curves.points[0]).toEqual({
      x: 0.01,
      series: 'scale 0.5',
      facet: 'momentum 0',
      row: '',
      value: 0.005,
    });
    expect(curves.points.filter((p) => p.value === null)).toHaveLength(1);
    expect(curves.note).toContain('1 point(s) without a finite value');
    expect(sweep.plots[1]!.kind).toBe('sweep-heatmap');
  });

  test('is no sweep without a varying learning rate, a test metric or enough runs', () => {
    const fixed = [0.5, 1, 2, 3, 4, 5].map((alpha) => run(0.1, alpha, 0, 1));
    expect(runsSweep('s', fixed)).toBeUndefined();
    const noMetric = [1, 2, 3, 4, 5, 6].map((eta) => ({ ...run(eta, 1, 0, 1), facts: {} }));
    expect(runsSweep('s', noMetric)).toBeUndefined();
    expect(
      runsSweep(
        's',
        [1, 2, 3].map((eta) => run(eta, 1, 0, 1)),
      ),
    ).toBeUndefined();
  });

  test('is no sweep when the curves would have fewer than 3 learning rates', () => {
    // GD against heavy ball at two rates each, for three α: runs to draw one by one.
    const pairs = [0.5, 1, 2].flatMap((alpha) => [
      run(0.01, alpha, 0, 1),
      run(0.02, alpha, 0.9, 1),
      run(0.03, alpha, 0, 1),
      run(0.04, alpha, 0.9, 1),
    ]);
    expect(runsSweep('s', pairs)).toBeUndefined();
  });

  test('a table of cells: the swept columns are the arrays of the configuration', () => {
    const config = { seed: 0, alphas: [0.5, 1], learningRates: [0.01, 0.1], momenta: [0, 0.9] };
    const cells = gridCells(config, (alpha, learningRate) => alpha * learningRate);
    const make = (seed: number): ClaimRun => ({
      label: `seed ${seed}`,
      experiment: 'ldn-sweep',
      key: `k${seed}`,
      config: { ...config, seed },
      wallSeconds: 1,
      // The second copy of the first cell is drawn once.
      tables: { cells: [...cells, cells[0]!] },
    });
    const one = tableSweep('t', [make(0)])!;
    const curves = one.plots[0]!;
    if (curves.kind !== 'sweep-curves') throw new Error('not curves');
    expect(curves.points).toHaveLength(8);
    expect(curves).toMatchObject({ metric: 'testMse', seriesLabel: 'alpha', rowLabel: '' });
    expect(curves.points[0]).toEqual({
      x: 0.01,
      series: 'alpha 0.5',
      facet: 'momentum 0',
      row: '',
      value: 0.005,
    });
    const two = tableSweep('t', [make(0), make(1)])!;
    expect(two.runKeys).toEqual(['k0', 'k1']);
    const rows = two.plots[0]!;
    if (rows.kind !== 'sweep-curves') throw new Error('not curves');
    expect(rows.rowLabel).toBe('run');
    expect(new Set(rows.points.map((p) => p.row))).toEqual(new Set(['seed 0', 'seed 1']));
    expect(tableSweep('t', [{ ...make(0), tables: {} }])).toBeUndefined();
  });

  test('flattenConfig gives dotted paths of scalar leaves, arrays as JSON', () => {
    expect(flattenConfig({ b: { c: 1, a: [1, 2] }, a: 'x' })).toEqual({
      a: 'x',
      'b.a': '[1,2]',
      'b.c': 1,
    });
  });
});

describe('orbitOverview', () => {
  const orbit = (alpha: number, momentum: number): ClaimRun => ({
    label: `α=${alpha} β=${momentum}`,
    experiment: 'theory-ode',
    key: `${alpha}-${momentum}`,
    config: { alpha, momentum, init: { X: 0.5, Y: 0 } },
    wallSeconds: 0,
    series: { 'trajectory.tau': [0, 1], 'trajectory.X': [1, 2], 'trajectory.Y': [3, 4] },
  });

  test('one panel per α, colour by β, and X, Y over τ', () => {
    const overview = orbitOverview('o', [orbit(1, 0), orbit(1, 0.9), orbit(0, 0.9)])!;
    expect(overview.plots.map((p) => p.id)).toEqual(['o-phase', 'o-x-time', 'o-y-time']);
    const phase = overview.plots[0]!;
    if (phase.kind !== 'orbits') throw new Error('not orbits');
    expect(phase).toMatchObject({ facetLabel: 'alpha', colourLabel: 'momentum' });
    expect(phase.orbits.map((o) => [o.facet, o.colour])).toEqual([
      ['alpha 1', 'momentum 0'],
      ['alpha 1', 'momentum 0.9'],
      ['alpha 0', 'momentum 0.9'],
    ]);
    expect(overview.plots[1]).toMatchObject({ xLabel: 'tau', yLabel: 'X' });
  });

  test('needs two runs with one orbit each', () => {
    expect(orbitOverview('o', [orbit(1, 0)])).toBeUndefined();
  });
});
