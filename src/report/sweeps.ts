import type { ClaimRun } from '../claims/claim.ts';
import type { Fact } from '../claims/facts.ts';
import {
  flattenConfig,
  formatParameter,
  lastSegment,
  type PlotSpec,
  type SweepPoint,
} from './plots.ts';

/** A sweep read from some runs: its plots and the runs it draws. */
export interface Sweep {
  runKeys: string[];
  plots: PlotSpec[];
}

/** Runs with at least this many members and a varying learning rate are drawn as a sweep. */
export const sweepMinimumRuns = 6;

/** A record of parameters and outcomes: a run's flattened config and facts, or a table row. */
type Record_ = Record<string, Fact>;

/** The metric a sweep draws: the first name like "test…mse/loss", else "test…", numeric or null. */
function sweepMetric(records: Record_[]): string | undefined {
  const names = Object.keys(records[0] ?? {})
    .filter((k) => /test/i.test(k))
    .filter((k) => records.every((r) => typeof r[k] === 'number' || r[k] === null))
    .sort(
      (a, b) =>
        Number(!/mse|loss/i.test(a)) - Number(!/mse|loss/i.test(b)) ||
        a.length - b.length ||
        a.localeCompare(b),
    );
  return names[0];
}

interface Axes {
  x: string;
  facet: string | undefined;
  series: string[];
}

/** x is the learning rate, the panel a momentum, the series every other swept parameter. */
function sweepAxes(swept: string[]): Axes | undefined {
  const x = swept.find((p) => /learningRate$/.test(p));
  if (!x) return undefined;
  const facet = swept.find((p) => /momentum|beta/i.test(lastSegment(p)));
  return { x, facet, series: swept.filter((p) => p !== x && p !== facet) };
}

function sweepPoint(record: Record_, axes: Axes, metric: string, row: string): SweepPoint {
  const value = record[metric];
  const label = (p: string) => `${lastSegment(p)} ${formatParameter(record[p])}`;
  return {
    x: record[axes.x] as number,
    series: axes.series.map(label).join(', ') || 'all',
    facet: axes.facet ? label(axes.facet) : '',
    row,
    value: typeof value === 'number' && Number.isFinite(value) ? value : null,
  };
}

function sweepPlots(idBase: string, points: SweepPoint[], axes: Axes, metric: string): PlotSpec[] {
  points.sort(
    (a, b) =>
      a.row.localeCompare(b.row) ||
      a.facet.localeCompare(b.facet, 'en', { numeric: true }) ||
      a.series.localeCompare(b.series, 'en', { numeric: true }) ||
      a.x - b.x,
  );
  const logValue = points.every((p) => p.value === null || p.value > 0);
  const missing = points.filter((p) => p.value === null).length;
  const rows = new Set(points.map((p) => p.row)).size;
  const common = {
    xLabel: lastSegment(axes.x),
    seriesLabel: axes.series.map(lastSegment).join(', ') || 'runs',
    facetLabel: axes.facet ? lastSegment(axes.facet) : '',
    rowLabel: rows > 1 ? 'run' : '',
    metric,
    logValue,
    points,
  };
  const panels = [
    axes.facet ? `one panel per ${common.facetLabel}` : '',
    rows > 1 ? `one row per run (${rows})` : '',
  ].filter(Boolean);
  const where = panels.length > 0 ? `; ${panels.join(', ')}` : '';
  const gaps =
    missing > 0 ? ` ${missing} point(s) without a finite value (diverged) are gaps.` : '';
  return [
    {
      kind: 'sweep-curves',
      id: `${idBase}-curves`,
      title: `${metric} over ${common.xLabel}`,
      note:
        `Final ${metric} against ${common.xLabel} (log axis), one curve per ` +
        `${common.seriesLabel}${where}.${gaps}`,
      ...common,
    },
    {
      kind: 'sweep-heatmap',
      id: `${idBase}-heatmap`,
      title: `${metric} over (${common.seriesLabel}, ${common.xLabel})`,
      note: `The same points as a grid; colour is ${logValue ? 'log10 of ' : ''}${metric}.${gaps}`,
      ...common,
    },
  ];
}

/**
 * Reads runs of one experiment that differ in their learning rate as a sweep: x is the
 * varying `…learningRate` leaf of the configuration, the panel a varying momentum (GD
 * against heavy ball), the series every other varying leaf (the initialisation scale α),
 * one row of panels per seed when seeds differ, and the value the run's final test
 * metric. Undefined when the runs do not form such a grid ({@link looksLikeGrid}).
 */
export function runsSweep(idBase: string, runs: ClaimRun[]): Sweep | undefined {
  if (runs.length < sweepMinimumRuns) return undefined;
  const records = runs.map((r) => ({ ...flattenConfig(r.config), ...r.facts }));
  const metric = sweepMetric(runs.map((r) => r.facts ?? {}));
  if (!metric) return undefined;
  const paths = [...new Set(runs.flatMap((r) => Object.keys(flattenConfig(r.config))))].sort();
  const swept = paths.filter(
    (p) => p !== 'seed' && new Set(records.map((r) => JSON.stringify(r[p]))).size > 1,
  );
  const axes = sweepAxes(swept);
  if (!axes || !records.every((r) => typeof r[axes.x] === 'number' && (r[axes.x] as number) > 0))
    return undefined;
  const seeds = new Set(records.map((r) => r['seed']));
  const points = records.map((r) =>
    sweepPoint(r, axes, metric, seeds.size > 1 ? `seed ${r['seed']}` : ''),
  );
  if (!looksLikeGrid(points)) return undefined;
  return { runKeys: runs.map((r) => r.key), plots: sweepPlots(idBase, points, axes, metric) };
}

/**
 * Whether points form curves worth drawing: at most 10 series, and every curve (series,
 * panel, row) with at least 3 distinct x values and no x twice. Runs that merely differ
 * in their learning rate among other settings (GD against heavy ball at a few settings)
 * are drawn run by run instead.
 */
export function looksLikeGrid(points: SweepPoint[]): boolean {
  if (new Set(points.map((p) => p.series)).size > 10) return false;
  const curves = new Map<string, number[]>();
  for (const p of points) {
    const key = JSON.stringify([p.series, p.facet, p.row]);
    curves.set(key, [...(curves.get(key) ?? []), p.x]);
  }
  return [...curves.values()].every((xs) => xs.length >= 3 && new Set(xs).size === xs.length);
}

/** Every numeric array in a configuration, as sets of values. */
function configArrays(config: unknown): Set<number>[] {
  if (Array.isArray(config)) {
    return config.every((v) => typeof v === 'number') ? [new Set(config as number[])] : [];
  }
  if (typeof config === 'object' && config !== null) {
    return Object.values(config).flatMap(configArrays);
  }
  return [];
}

function sameSet(a: Set<unknown>, b: Set<unknown>): boolean {
  return a.size === b.size && [...a].every((v) => b.has(v));
}

/**
 * Reads runs that store their sweep as a table of cells (one record per grid point, as
 * src/experiments/ldn-sweep.ts does): the swept columns are those whose values are exactly
 * an array of the run's configuration (alphas, learningRates, momenta); x is the learning
 * rate, the panel the momentum, the series the rest, the value the test metric, and each
 * run (seed) gets its own row of panels. Cells with the same `key` are drawn once per run.
 */
export function tableSweep(idBase: string, runs: ClaimRun[]): Sweep | undefined {
  const points: SweepPoint[] = [];
  const keys: string[] = [];
  let found: { axes: Axes; metric: string } | undefined;
  for (const run of runs) {
    const arrays = configArrays(run.config);
    for (const rows of Object.values(run.tables ?? {})) {
      const metric = sweepMetric(rows);
      if (!metric) continue;
      const columns = Object.keys(rows[0]!).filter((c) =>
        rows.every((r) => typeof r[c] === 'number'),
      );
      const swept = columns.filter((c) =>
        arrays.some((a) => a.size > 1 && sameSet(a, new Set(rows.map((r) => r[c])))),
      );
      const axes = sweepAxes(swept);
      if (!axes || (found && (found.metric !== metric || found.axes.x !== axes.x))) continue;
      found ??= { axes, metric };
      const seen = new Set<string>();
      for (const record of rows) {
        const cellKey = typeof record['key'] === 'string' ? record['key'] : undefined;
        if (cellKey !== undefined && seen.has(cellKey)) continue;
        if (cellKey !== undefined) seen.add(cellKey);
        points.push(sweepPoint(record, axes, metric, run.label));
      }
      keys.push(run.key);
      break;
    }
  }
  if (!found) return undefined;
  if (keys.length === 1) for (const p of points) p.row = '';
  return { runKeys: keys, plots: sweepPlots(idBase, points, found.axes, found.metric) };
}
