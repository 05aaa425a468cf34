import type { ClaimRun } from '../claims/claim.ts';
import { type ToyLossName, toyLossNames, toyModel } from '../models/toy.ts';

/** Cells per side of the grid a loss landscape is sampled on for its contours. */
export const contourCells = 32;

/** A loss sampled on a regular grid: log10 of the loss, row by row from y1 to y2. */
export interface ContourGrid {
  /** values[i + j·nx] = log10 f(x1 + i·(x2 − x1)/(nx − 1), y1 + j·(y2 − y1)/(ny − 1)). */
  values: number[];
  nx: number;
  ny: number;
  x1: number;
  x2: number;
  y1: number;
  y2: number;
  /** What was sampled, for the caption ("log10 of x²/(2y)"). */
  label: string;
}

/** A loss of two coordinates the report can draw contours of. */
export interface Landscape {
  f: (x: number, y: number) => number;
  label: string;
}

/**
 * The loss surface behind a run's (x, y) coordinates, when the report knows it: the toy
 * losses of Section 3 (src/models/toy.ts). Other experiments get no contours.
 */
export function landscapeOf(run: ClaimRun): Landscape | undefined {
  const loss = (run.config as { loss?: unknown } | null)?.loss;
  if (run.experiment !== 'toy' || !(toyLossNames as readonly unknown[]).includes(loss)) {
    return undefined;
  }
  const model = toyModel(loss as ToyLossName);
  const w = new Float64Array(2);
  return {
    f: (x, y) => {
      w[0] = x;
      w[1] = y;
      return model.loss(w);
    },
    label: `log10 of ${model.formula}`,
  };
}

function finiteMax(values: readonly number[]): number {
  let best = Number.NEGATIVE_INFINITY;
  for (const v of values) if (Number.isFinite(v) && v > best) best = v;
  return best;
}

/**
 * Samples log10 f on a cells × cells grid over the box the trajectory spans (x symmetric
 * about 0, padded by 5%; y kept above 0, where the toy losses live); values below 1e-12 of
 * the largest are clamped there, so that the minimum manifold x = 0 does not give −∞.
 */
export function contourGrid(
  f: (x: number, y: number) => number,
  x: readonly number[],
  y: readonly number[],
  label: string,
  cells = contourCells,
): ContourGrid | null {
  const xs = x.filter(Number.isFinite);
  const ys = y.filter(Number.isFinite);
  if (xs.length === 0 || ys.length === 0) return null;
  const xReach = Math.max(...xs.map(Math.abs)) * 1.05 || 1;
  const yLow = Math.min(...ys);
  const yHigh = Math.max(...ys);
  const yPad = (yHigh - yLow) * 0.05 || Math.abs(yHigh) * 0.05 || 0.05;
  const y1 = yLow > 0 ? Math.max(yLow - yPad, yLow / 2) : yLow - yPad;
  const y2 = yHigh + yPad;
  const raw: number[] = [];
  for (let j = 0; j < cells; j++) {
    const yj = y1 + ((y2 - y1) * j) / (cells - 1);
    for (let i = 0; i < cells; i++) raw.push(f(-xReach + (2 * xReach * i) / (cells - 1), yj));
  }
  const top = finiteMax(raw);
  if (!(top > 0)) return null;
  const floor = top * 1e-12;
  return {
    values: raw.map((v) => Math.log10(Number.isFinite(v) && v > floor ? v : floor)),
    nx: cells,
    ny: cells,
    x1: -xReach,
    x2: xReach,
    y1,
    y2,
    label,
  };
}
