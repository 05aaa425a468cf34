import type { TrainingRecord } from '../engine/record.ts';

/** A series for drawing: the steps and the values at them. */
export interface Series {
  step: number[];
  value: number[];
}

/** The traces of one run, downsampled for the report (the run cache keeps them whole). */
export interface RunTraces {
  loss: Series;
  learningRate: Series;
  sharpness: Series;
  mss: Series;
  /** Coordinates at common steps, so that pairs (x_t, y_t) stay pairs. */
  coordinates: { step: number[]; values: Record<string, number[]> };
}

/** The most points a drawn series keeps. */
export const maxPoints = 1500;

/**
 * Keeps at most `limit` points of (step, value) by taking the first, smallest and largest
 * value of each of limit/3 equal buckets, so that spikes and dips survive. NaN survives too.
 */
export function downsampleMinMax(
  step: ArrayLike<number>,
  value: ArrayLike<number>,
  limit = maxPoints,
): Series {
  const n = value.length;
  if (n <= limit) return { step: Array.from(step), value: Array.from(value) };
  const buckets = Math.max(1, Math.floor(limit / 3));
  const out: Series = { step: [], value: [] };
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    let lo = from;
    let hi = from;
    for (let i = from; i < to; i++) {
      if (Number.isNaN(value[i]!) || value[i]! < value[lo]!) lo = i;
      if (value[i]! > value[hi]!) hi = i;
    }
    for (const i of [...new Set([from, lo, hi])].sort((a, b) => a - b)) {
      out.step.push(step[i]!);
      out.value.push(value[i]!);
    }
  }
  return out;
}

/** Every k-th index of 0 … n − 1 with k chosen to keep at most `limit`, plus the last one. */
export function strideIndices(n: number, limit = maxPoints): number[] {
  const stride = Math.max(1, Math.ceil(n / limit));
  const indices: number[] = [];
  for (let i = 0; i < n; i += stride) indices.push(i);
  if (n > 0 && indices.at(-1) !== n - 1) indices.push(n - 1);
  return indices;
}

/** The report's view of a training record. */
export function runTraces(record: TrainingRecord): RunTraces {
  const steps = (n: number) => Array.from({ length: n }, (_, i) => i);
  const names = Object.keys(record.coordinates);
  const length = names.length > 0 ? record.coordinates[names[0]!]!.length : 0;
  const picked = strideIndices(length);
  return {
    loss: downsampleMinMax(steps(record.loss.length), record.loss),
    learningRate: downsampleMinMax(steps(record.learningRate.length), record.learningRate),
    sharpness: downsampleMinMax(record.sharpness.step, record.sharpness.value),
    mss: downsampleMinMax(record.sharpness.step, record.sharpness.mss),
    coordinates: {
      step: picked,
      values: Object.fromEntries(
        names.map((name) => [name, picked.map((i) => record.coordinates[name]![i]!)]),
      ),
    },
  };
}
