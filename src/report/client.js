/*
 * Draws the plots of the report page with Observable Plot (inlined before this script).
 * Plot specifications come from src/report/plots.ts through the JSON element #report-data,
 * long arrays shared through data.arrays ({ $ref: index }). Every container [data-plot-id]
 * gets its SVG and data-state="drawn", or data-state="error" and a console error, which the
 * browser step (src/report/browser.ts) treats as a failure. Nothing here reads the clock or
 * draws random numbers, so the same data gives the same SVG.
 */
(() => {
  const Plot = globalThis.Plot;
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const colours = {
    sharpness: '#1f5fa8',
    mss: '#c0392b',
    loss: '#333333',
    catapult: '#f0a020',
    contour: '#c4c4c4',
    path: '#9a9a9a',
  };
  const small = { width: 320, height: 200 };
  const wide = 720;

  const resolve = (value) => {
    if (Array.isArray(value)) return value.map(resolve);
    if (value === null || typeof value !== 'object') return value;
    if ('$ref' in value) return resolve(data.arrays[value.$ref]);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  };
  const powerOfTen = (d) => {
    const exponent = Math.round(Math.log10(d));
    return Math.abs(Math.log10(d) - exponent) < 1e-9 ? `1e${exponent}` : '';
  };
  const points = (series) => series.step.map((step, i) => ({ step, value: series.value[i] }));
  const bands = (catapults) =>
    Plot.rect(catapults, { x1: 'start', x2: 'end', fill: colours.catapult, fillOpacity: 0.25 });
  const rows = (lines, fields) =>
    lines.flatMap((line) => line.x.map((x, i) => ({ ...fields(line), x, y: line.y[i] })));
  const formatX = (x) => String(Number(x.toPrecision(3)));
  const facetCount = (items, key) => new Set(items.map((d) => d[key])).size;

  const draw = {
    loss(spec) {
      return Plot.plot({
        ...small,
        marginLeft: 56,
        x: { label: 'step' },
        y: { type: 'log', label: 'training loss', grid: true, tickFormat: powerOfTen },
        marks: [
          bands(spec.catapults),
          Plot.line(points(spec.loss), { x: 'step', y: 'value', stroke: colours.loss }),
        ],
      });
    },

    sharpness(spec) {
      const mss = points(spec.mss);
      return Plot.plot({
        ...small,
        marginLeft: 48,
        x: { label: 'step' },
        y: { domain: [0, spec.yMax], label: 'sharpness', grid: true },
        color: {
          domain: ['sharpness', spec.mssLabel],
          range: [colours.sharpness, colours.mss],
          legend: true,
        },
        marks: [
          bands(spec.catapults),
          Plot.line(mss, {
            x: 'step',
            y: 'value',
            stroke: () => spec.mssLabel,
            strokeDasharray: '5,3',
          }),
          Plot.line(points(spec.sharpness), {
            x: 'step',
            y: 'value',
            stroke: () => 'sharpness',
          }),
        ],
      });
    },

    trajectory(spec) {
      const path = spec.x.map((x, i) => ({
        x,
        y: spec.y[i],
        step: spec.firstStep + i * spec.stepStride,
      }));
      const every = Math.max(1, Math.floor(path.length / 120));
      const dots = path.filter((_, i) => i % every === 0);
      const ends = [path[0], path[path.length - 1]];
      const c = spec.contours;
      const marks = [];
      if (c) {
        const { values, nx, ny, x1, x2, y1, y2 } = c;
        marks.push(
          Plot.contour(values, {
            width: nx,
            height: ny,
            x1,
            x2,
            y1,
            y2,
            thresholds: 12,
            stroke: colours.contour,
            strokeWidth: 0.8,
          }),
        );
      }
      marks.push(
        Plot.line(path, { x: 'x', y: 'y', stroke: colours.path, strokeWidth: 0.6 }),
        Plot.dot(dots, { x: 'x', y: 'y', fill: 'step', r: 1.6 }),
        Plot.dot(ends, { x: 'x', y: 'y', r: 3.5, stroke: ['#000000', '#c0392b'] }),
      );
      return Plot.plot({
        ...small,
        marginLeft: 48,
        x: c ? { domain: [c.x1, c.x2], label: 'x' } : { label: 'x' },
        y: c ? { domain: [c.y1, c.y2], label: 'y' } : { label: 'y' },
        color: { type: 'linear', scheme: 'viridis', label: 'step' },
        marks,
      });
    },

    'sweep-curves'(spec) {
      const rowCount = spec.rowLabel ? facetCount(spec.points, 'row') : 1;
      return Plot.plot({
        width: wide,
        height: 80 + 160 * rowCount,
        marginLeft: 60,
        marginRight: spec.rowLabel ? 150 : 20,
        x: { type: 'log', label: spec.xLabel, grid: true, tickFormat: '~g' },
        y: {
          type: spec.logValue ? 'log' : 'linear',
          label: spec.metric,
          grid: true,
          tickFormat: '~g',
        },
        fx: spec.facetLabel ? { label: null } : undefined,
        fy: spec.rowLabel ? { label: null } : undefined,
        color: { type: 'ordinal', scheme: 'tableau10', legend: true, label: spec.seriesLabel },
        marks: [
          Plot.frame({ stroke: '#dddddd' }),
          Plot.line(spec.points, {
            x: 'x',
            y: 'value',
            stroke: 'series',
            fx: spec.facetLabel ? 'facet' : undefined,
            fy: spec.rowLabel ? 'row' : undefined,
            marker: 'circle',
          }),
        ],
      });
    },

    'sweep-heatmap'(spec) {
      const xs = [...new Set(spec.points.map((d) => d.x))].sort((a, b) => a - b).map(formatX);
      const series = facetCount(spec.points, 'series');
      const rowCount = spec.rowLabel ? facetCount(spec.points, 'row') : 1;
      return Plot.plot({
        width: wide,
        height: 90 + rowCount * (22 * series + 16),
        marginLeft: 90,
        marginRight: spec.rowLabel ? 150 : 20,
        marginBottom: 48,
        x: { domain: xs, label: spec.xLabel, tickRotate: -45 },
        y: { label: null },
        fx: spec.facetLabel ? { label: null } : undefined,
        fy: spec.rowLabel ? { label: null } : undefined,
        color: {
          type: spec.logValue ? 'log' : 'linear',
          scheme: 'viridis',
          legend: true,
          label: spec.metric,
          unknown: '#e6e6e6',
        },
        marks: [
          Plot.cell(spec.points, {
            x: (d) => formatX(d.x),
            y: 'series',
            fill: 'value',
            fx: spec.facetLabel ? 'facet' : undefined,
            fy: spec.rowLabel ? 'row' : undefined,
            inset: 0.5,
          }),
        ],
      });
    },

    orbits(spec) {
      const lines = rows(spec.orbits, (o) => ({ run: o.run, facet: o.facet, colour: o.colour }));
      const starts = spec.orbits.map((o) => ({ ...o, x: o.x[0], y: o.y[0] }));
      const facet = spec.facetLabel ? 'facet' : undefined;
      return Plot.plot({
        width: wide,
        height: 300,
        marginLeft: 52,
        x: { label: spec.xLabel, grid: true },
        y: { label: spec.yLabel, grid: true },
        fx: facet ? { label: null } : undefined,
        color: { type: 'ordinal', scheme: 'tableau10', legend: true, label: spec.colourLabel },
        marks: [
          Plot.frame({ stroke: '#dddddd' }),
          Plot.line(lines, { x: 'x', y: 'y', z: 'run', stroke: 'colour', fx: facet }),
          Plot.dot(starts, { x: 'x', y: 'y', fill: 'colour', r: 2.5, fx: facet }),
        ],
      });
    },

    phase(spec) {
      const starts = spec.orbits.map((o) => ({ name: o.name, x: o.x[0], y: o.y[0] }));
      return Plot.plot({
        ...small,
        marginLeft: 48,
        x: { label: spec.xLabel, grid: true },
        y: { label: spec.yLabel, grid: true },
        color: { type: 'ordinal', scheme: 'tableau10', legend: spec.orbits.length > 1 },
        marks: [
          Plot.line(
            rows(spec.orbits, (o) => ({ name: o.name })),
            {
              x: 'x',
              y: 'y',
              z: 'name',
              stroke: 'name',
            },
          ),
          Plot.dot(starts, { x: 'x', y: 'y', fill: 'name', r: 3 }),
        ],
      });
    },

    lines(spec) {
      return Plot.plot({
        ...small,
        marginLeft: 52,
        x: { label: spec.xLabel },
        y: { type: spec.logY ? 'log' : 'linear', grid: true },
        color: { type: 'ordinal', scheme: 'tableau10', legend: true },
        marks: [
          Plot.line(
            rows(spec.lines, (l) => ({ name: l.name })),
            {
              x: 'x',
              y: 'y',
              z: 'name',
              stroke: 'name',
            },
          ),
        ],
      });
    },
  };

  let drawn = 0;
  let failed = 0;
  for (const container of document.querySelectorAll('[data-plot-id]')) {
    const id = container.getAttribute('data-plot-id');
    try {
      if (!(id in data.plots)) throw new Error(`no plot specification for ${id}`);
      const spec = resolve(data.plots[id]);
      const render = draw[spec.kind];
      if (!render) throw new Error(`unknown plot kind ${spec.kind}`);
      container.querySelector('.plot-canvas').append(render(spec));
      container.setAttribute('data-state', 'drawn');
      drawn += 1;
    } catch (error) {
      container.setAttribute('data-state', 'error');
      failed += 1;
      console.error(`plot ${id} could not be drawn: ${error?.message}`);
    }
  }
  document.documentElement.setAttribute('data-report', failed === 0 ? 'drawn' : 'failed');
  document.documentElement.setAttribute('data-plots-drawn', String(drawn));
})();
