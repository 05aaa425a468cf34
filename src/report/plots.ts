import type { ClaimRun } from '../claims/claim.ts';
import type { CatapultMark, Fact } from '../claims/facts.ts';
import { downsampleMinMax, type Series, strideIndices } from '../claims/traces.ts';
import { type ContourGrid, contourGrid, landscapeOf } from './landscape.ts';

/** How many points a drawn line keeps; stored traces keep up to 1500, the run cache all. */
export interface DrawingLimits {
  /** Loss, sharpness and other lines over steps (min–max buckets keep spikes). */
  linePoints: number;
  /** Trajectories and orbits (evenly spaced in time). */
  pathPoints: number;
}

export const defaultLimits: DrawingLimits = { linePoints: 400, pathPoints: 600 };

/** A named line of a generic plot. */
export interface Line {
  name: string;
  x: number[];
  y: number[];
}

/** One point of a sweep: a final metric at its swept parameters. */
export interface SweepPoint {
  x: number;
  series: string;
  facet: string;
  /** The run the point comes from, when the sweep spans several runs (seeds), else ''. */
  row: string;
  value: number | null;
}

/** One orbit of an overview of phase portraits. */
export interface OrbitLine {
  run: string;
  facet: string;
  colour: string;
  x: number[];
  y: number[];
}

interface PlotBase {
  id: string;
  title: string;
  /** A sentence under the plot saying what it shows and what was left out. */
  note: string;
}

/** A plot of the report, as data; src/report/client.js draws it with Observable Plot. */
export type PlotSpec =
  | (PlotBase & { kind: 'loss'; loss: Series; catapults: CatapultMark[] })
  | (PlotBase & {
      kind: 'sharpness';
      sharpness: Series;
      mss: Series;
      mssLabel: string;
      yMax: number;
      catapults: CatapultMark[];
    })
  | (PlotBase & {
      kind: 'trajectory';
      x: number[];
      y: number[];
      /** Steps of the points: firstStep + i·stepStride. */
      firstStep: number;
      stepStride: number;
      contours: ContourGrid | null;
    })
  | (PlotBase & {
      kind: 'sweep-curves' | 'sweep-heatmap';
      xLabel: string;
      seriesLabel: string;
      facetLabel: string;
      rowLabel: string;
      metric: string;
      logValue: boolean;
      points: SweepPoint[];
    })
  | (PlotBase & {
      kind: 'orbits';
      xLabel: string;
      yLabel: string;
      facetLabel: string;
      colourLabel: string;
      orbits: OrbitLine[];
    })
  | (PlotBase & { kind: 'phase'; xLabel: string; yLabel: string; orbits: Line[] })
  | (PlotBase & { kind: 'lines'; xLabel: string; lines: Line[]; logY: boolean });

/** The plots of one run, drawn side by side under its label. */
export interface RunCard {
  key: string;
  label: string;
  /** Other labels the same run (same configuration, same key) has in other claims. */
  aliases: string[];
  experiment: string;
  plots: PlotSpec[];
}

/** Flattens a configuration to dotted paths of its scalar leaves (arrays as JSON). */
export function flattenConfig(value: unknown, path = ''): Record<string, Fact> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const out: Record<string, Fact> = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      Object.assign(out, flattenConfig(child, path ? `${path}.${key}` : key));
    }
    return out;
  }
  if (Array.isArray(value)) return { [path]: JSON.stringify(value) };
  if (value === undefined) return {};
  return { [path]: value as Fact };
}

/** The last segment of a dotted path: "optimizer.momentum" → "momentum". */
export function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

/** A parameter value for a label: numbers to 4 significant digits. */
export function formatParameter(value: Fact | undefined): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(4))) : String(value);
}

function finiteMax(values: readonly number[]): number {
  let best = Number.NEGATIVE_INFINITY;
  for (const v of values) if (Number.isFinite(v) && v > best) best = v;
  return best;
}

function lastFinite(values: readonly number[]): number | undefined {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i]!)) return values[i];
  return undefined;
}

function thin(series: Series, limits: DrawingLimits): Series {
  return downsampleMinMax(series.step, series.value, limits.linePoints);
}

/** How the MSS line is labelled: 2/η_t for GD, (2+2β)/η_t for heavy ball. */
export function mssLabel(config: unknown): string {
  const momentum = (config as { optimizer?: { momentum?: unknown } } | null)?.optimizer?.momentum;
  if (typeof momentum !== 'number') return 'MSS';
  return momentum === 0 ? 'MSS 2/η_t' : `MSS (2+2β)/η_t, β = ${momentum}`;
}

function lossPlot(id: string, run: ClaimRun, limits: DrawingLimits): PlotSpec | undefined {
  const traces = run.traces;
  if (!traces || traces.loss.step.length === 0) return undefined;
  // Values a log axis cannot show become gaps (NaN is written as null), not joined lines.
  const drawable: Series = {
    step: traces.loss.step,
    value: traces.loss.value.map((v) => (Number.isFinite(v) && v > 0 ? v : Number.NaN)),
  };
  const dropped = drawable.value.filter(Number.isNaN).length;
  const notes = ['Training loss on a log axis; shaded: catapult windows (src/engine/events.ts).'];
  if (dropped > 0) notes.push(`Gaps: ${dropped} stored point(s) are ≤ 0 or not finite.`);
  if (run.facts?.['outcome.status'] === 'diverged') {
    notes.push(`The run diverged at step ${run.facts['outcome.step']}.`);
  }
  return {
    kind: 'loss',
    id,
    title: 'training loss',
    note: notes.join(' '),
    loss: thin(drawable, limits),
    catapults: run.catapults ?? [],
  };
}

/** A series with every value above `cap` (or +∞) replaced by `cap`; NaN stays NaN. */
function capped(series: Series, cap: number): Series {
  return { step: series.step, value: series.value.map((v) => Math.min(v, cap)) };
}

function sharpnessPlot(id: string, run: ClaimRun, limits: DrawingLimits): PlotSpec | undefined {
  const traces = run.traces;
  if (!traces || traces.sharpness.step.length === 0) return undefined;
  const top = finiteMax(traces.sharpness.value);
  const finalMss = lastFinite(traces.mss.value) ?? top;
  const yMax = 1.25 * Math.max(top, finalMss);
  return {
    kind: 'sharpness',
    id,
    title: 'sharpness and MSS',
    note:
      'Sharpness (largest Hessian eigenvalue, solid) and the maximum stable sharpness ' +
      `(dashed) over the steps; the MSS is drawn at most up to ${yMax.toPrecision(3)}.`,
    sharpness: thin(traces.sharpness, limits),
    // The MSS is infinite while η_t = 0 and huge early in warmup: held at the top of the axis
    // instead of drawn through a clip path (which made each such plot megabytes of PDF).
    mss: capped(thin(traces.mss, limits), yMax),
    mssLabel: mssLabel(run.config),
    yMax: Number.isFinite(yMax) ? yMax : 1,
    catapults: run.catapults ?? [],
  };
}

function trajectoryPlot(id: string, run: ClaimRun, limits: DrawingLimits): PlotSpec | undefined {
  const coordinates = run.traces?.coordinates;
  const x = coordinates?.values['x'];
  const y = coordinates?.values['y'];
  if (!coordinates || !x || !y || x.length === 0) return undefined;
  const stored = coordinates.step;
  const storedStride = stored.length > 1 ? stored[1]! - stored[0]! : 1;
  const every = Math.max(1, Math.ceil(x.length / limits.pathPoints));
  // Evenly spaced points only (the stored last point is dropped when it breaks the spacing).
  const picked: number[] = [];
  for (let i = 0; i < x.length; i += every) picked.push(i);
  const xs = picked.map((i) => x[i]!);
  const ys = picked.map((i) => y[i]!);
  const landscape = landscapeOf(run);
  const stride = storedStride * every;
  return {
    kind: 'trajectory',
    id,
    title: 'trajectory (x, y)',
    note:
      `(x_t, y_t) every ${stride} step(s), joined in order; dots coloured from the first ` +
      'step (dark) to the last (yellow), black ring: start, red ring: end' +
      (landscape ? `; grey: contours of ${landscape.label}.` : '.'),
    x: xs,
    y: ys,
    firstStep: stored[0] ?? 0,
    stepStride: stride,
    contours: landscape ? contourGrid(landscape.f, xs, ys, landscape.label) : null,
  };
}

const timeNames = ['tau', 'τ', 't', 'time', 'step', 'steps'];

function prefixOf(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}

/** An (X, Y) orbit stored by a run, with its time axis when there is one. */
export interface StoredOrbit {
  prefix: string;
  xLabel: string;
  yLabel: string;
  x: number[];
  y: number[];
  time: { label: string; values: number[] } | undefined;
}

/** Every (X, Y) pair of equal length among a run's series, grouped by path prefix. */
export function storedOrbits(run: ClaimRun): StoredOrbit[] {
  const series = run.series ?? {};
  const byPrefix = new Map<string, Record<string, string>>();
  for (const name of Object.keys(series).sort()) {
    const entry = byPrefix.get(prefixOf(name)) ?? {};
    entry[lastSegment(name)] = name;
    byPrefix.set(prefixOf(name), entry);
  }
  const orbits: StoredOrbit[] = [];
  for (const [prefix, entry] of byPrefix) {
    const xName = entry['X'] ?? entry['x'];
    const yName = entry['Y'] ?? entry['y'];
    if (!xName || !yName || series[xName]!.length !== series[yName]!.length) continue;
    const x = series[xName]!;
    const timeKey = timeNames.find((t) => entry[t] && series[entry[t]]!.length === x.length);
    orbits.push({
      prefix,
      xLabel: lastSegment(xName),
      yLabel: lastSegment(yName),
      x,
      y: series[yName]!,
      time: timeKey ? { label: timeKey, values: series[entry[timeKey]!]! } : undefined,
    });
  }
  return orbits;
}

function pick(values: readonly number[], indices: readonly number[]): number[] {
  return indices.map((i) => values[i]!);
}

/** Plots of a run that is not a training record: phase portraits of (X, Y) pairs, or lines. */
function seriesPlots(idBase: string, run: ClaimRun, limits: DrawingLimits): PlotSpec[] {
  const orbits = storedOrbits(run);
  if (orbits.length > 0) {
    const { xLabel, yLabel } = orbits[0]!;
    const lines: Line[] = [];
    const timeLines: Line[] = [];
    for (const orbit of orbits) {
      const picked = strideIndices(orbit.x.length, limits.pathPoints);
      const name = orbit.prefix || run.label;
      lines.push({ name, x: pick(orbit.x, picked), y: pick(orbit.y, picked) });
      if (!orbit.time) continue;
      const time = pick(orbit.time.values, picked);
      const label = orbit.prefix ? `${orbit.prefix} ` : '';
      timeLines.push({ name: `${label}${xLabel}`, x: time, y: pick(orbit.x, picked) });
      timeLines.push({ name: `${label}${yLabel}`, x: time, y: pick(orbit.y, picked) });
    }
    const timeLabel = orbits.find((o) => o.time)?.time?.label ?? '';
    return [
      {
        kind: 'phase',
        id: `${idBase}-phase`,
        title: `phase portrait (${xLabel}, ${yLabel})`,
        note: `Each orbit from its start (dot) on; ${orbits.length} orbit(s).`,
        xLabel,
        yLabel,
        orbits: lines,
      },
      ...(timeLines.length > 0
        ? [
            {
              kind: 'lines',
              id: `${idBase}-time`,
              title: `${xLabel} and ${yLabel} over ${timeLabel}`,
              note: `The coordinates of each orbit against ${timeLabel}.`,
              xLabel: timeLabel,
              lines: timeLines,
              logY: false,
            } satisfies PlotSpec,
          ]
        : []),
    ];
  }

  // No (X, Y) pair: every series against a time array of its length, or its index.
  const series = run.series ?? {};
  const lines: Line[] = [];
  for (const name of Object.keys(series).sort()) {
    if (timeNames.includes(lastSegment(name)) || lines.length === 6) continue;
    const values = series[name]!;
    const timeKey = timeNames
      .map((t) => (prefixOf(name) ? `${prefixOf(name)}.${t}` : t))
      .find((t) => series[t]?.length === values.length);
    const time = timeKey ? series[timeKey]! : values.map((_, i) => i);
    const picked = strideIndices(values.length, limits.linePoints);
    lines.push({ name, x: pick(time, picked), y: pick(values, picked) });
  }
  if (lines.length === 0) return [];
  return [
    {
      kind: 'lines',
      id: `${idBase}-lines`,
      title: 'stored series',
      note: `The run's numeric arrays (at most 6 are drawn).`,
      xLabel: 'index or time',
      lines,
      logY: false,
    },
  ];
}

/** Every plot of one run, by the shape of what it stored. */
export function runCard(
  idBase: string,
  run: ClaimRun,
  aliases: string[],
  limits: DrawingLimits = defaultLimits,
): RunCard {
  const plots = run.traces
    ? [
        trajectoryPlot(`${idBase}-trajectory`, run, limits),
        sharpnessPlot(`${idBase}-sharpness`, run, limits),
        lossPlot(`${idBase}-loss`, run, limits),
      ].filter((p): p is PlotSpec => p !== undefined)
    : seriesPlots(idBase, run, limits);
  return { key: run.key, label: run.label, aliases, experiment: run.experiment, plots };
}
