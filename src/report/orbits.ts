import type { ClaimRun } from '../claims/claim.ts';
import { strideIndices } from '../claims/traces.ts';
import {
  type DrawingLimits,
  defaultLimits,
  flattenConfig,
  formatParameter,
  lastSegment,
  type OrbitLine,
  type PlotSpec,
  type StoredOrbit,
  storedOrbits,
} from './plots.ts';

/** An overview of many orbits: its plots and the runs it draws. */
export interface OrbitOverview {
  runKeys: string[];
  plots: PlotSpec[];
}

function pick(values: readonly number[], indices: readonly number[]): number[] {
  return indices.map((i) => values[i]!);
}

/** How many of an orbit's first samples lie within `span` of its start time (all without one). */
function firstWithin(orbit: StoredOrbit, span: number): number {
  const time = orbit.time?.values;
  if (!time || !Number.isFinite(span)) return orbit.x.length;
  const start = time[0] ?? 0;
  let n = 0;
  while (n < time.length && time[n]! - start <= span) n++;
  return Math.max(n, 2);
}

/**
 * Draws the orbits of several ODE runs together, as the paper's Fig. 5 does: one panel per
 * value of a varying `alpha` leaf of the configuration, colour by a varying momentum β,
 * every run its own line; then X and Y against the time axis in the same panels. Only runs
 * with exactly one (X, Y) orbit take part; undefined for fewer than two of them.
 */
export function orbitOverview(
  idBase: string,
  runs: ClaimRun[],
  limits: DrawingLimits = defaultLimits,
): OrbitOverview | undefined {
  const members = runs
    .map((run) => ({ run, orbits: storedOrbits(run) }))
    .filter((m) => m.orbits.length === 1)
    .map((m) => ({ run: m.run, orbit: m.orbits[0]! }));
  if (members.length < 2) return undefined;

  const flat = members.map((m) => flattenConfig(m.run.config));
  const paths = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  const varying = paths.filter((p) => new Set(flat.map((f) => JSON.stringify(f[p]))).size > 1);
  const facet = varying.find((p) => /^alpha$/i.test(lastSegment(p)));
  const colour = varying.find((p) => /momentum|beta/i.test(lastSegment(p)));
  const label = (p: string | undefined, i: number) =>
    p ? `${lastSegment(p)} ${formatParameter(flat[i]![p])}` : '';

  // Periodic orbits (a numeric fact `period`) are shown over four periods of the slowest one
  // against time, so that the oscillations stay readable; the phase portrait keeps them whole.
  const periods = members
    .map((m) => m.run.facts?.['period'])
    .filter((p): p is number => typeof p === 'number' && Number.isFinite(p));
  const longest = periods.length > 0 ? Math.max(...periods) : Number.NaN;
  const window = Number.isFinite(longest) && longest > 0 ? 4 * longest : Number.POSITIVE_INFINITY;

  const phase: OrbitLine[] = [];
  const xOverTime: OrbitLine[] = [];
  const yOverTime: OrbitLine[] = [];
  members.forEach(({ run, orbit }, i) => {
    const line = { run: run.label, facet: label(facet, i), colour: label(colour, i) || run.label };
    // A periodic orbit closes on itself: its first four periods draw it at full resolution.
    const period = run.facts?.['period'];
    const own = typeof period === 'number' && period > 0 ? 4 * period : Number.POSITIVE_INFINITY;
    const picked = strideIndices(firstWithin(orbit, own), limits.pathPoints);
    phase.push({ ...line, x: pick(orbit.x, picked), y: pick(orbit.y, picked) });
    if (orbit.time) {
      const shown = strideIndices(firstWithin(orbit, window), limits.pathPoints);
      const time = pick(orbit.time.values, shown);
      xOverTime.push({ ...line, x: time, y: pick(orbit.x, shown) });
      yOverTime.push({ ...line, x: time, y: pick(orbit.y, shown) });
    }
  });

  const { xLabel, yLabel } = members[0]!.orbit;
  const timeLabel = members.find((m) => m.orbit.time)?.orbit.time?.label ?? '';
  const common = {
    facetLabel: facet ? lastSegment(facet) : '',
    colourLabel: colour ? lastSegment(colour) : 'run',
  };
  const panels = facet ? `, one panel per ${common.facetLabel}` : '';
  const plots: PlotSpec[] = [
    {
      kind: 'orbits',
      id: `${idBase}-phase`,
      title: `phase portraits (${xLabel}, ${yLabel})`,
      note:
        `${members.length} orbits, each from its start (dot) on, coloured by ` +
        `${common.colourLabel}${panels}; a periodic orbit (with a numeric fact period) is drawn ` +
        'over its first four periods.',
      xLabel,
      yLabel,
      ...common,
      orbits: phase,
    },
  ];
  for (const [name, lines] of [
    [xLabel, xOverTime],
    [yLabel, yOverTime],
  ] as const) {
    if (lines.length === 0) continue;
    plots.push({
      kind: 'orbits',
      id: `${idBase}-${name.toLowerCase()}-time`,
      title: `${name}(${timeLabel})`,
      note:
        `${name} of the same orbits against ${timeLabel}${panels}` +
        (Number.isFinite(window)
          ? `, over four periods of the slowest periodic orbit ` +
            `(${timeLabel} ≤ ${window.toPrecision(3)} from the start).`
          : '.'),
      xLabel: timeLabel,
      yLabel: name,
      ...common,
      orbits: lines,
    });
  }
  return { runKeys: members.map((m) => m.run.key), plots };
}
