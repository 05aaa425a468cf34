import type { Catapult } from '../engine/events.ts';
import { largestEigenvalue2x2 } from '../models/toy.ts';

/**
 * The largest one-step decrease of a sequence, max_t (v_t − v_{t+1}), or 0 when it never
 * decreases.
 *
 * @example
 * largestDecrease([1, 2, 1.5, 3]); // 0.5
 */
export function largestDecrease(values: readonly number[]): number {
  let largest = 0;
  for (let t = 0; t + 1 < values.length; t++)
    largest = Math.max(largest, values[t]! - values[t + 1]!);
  return largest;
}

/**
 * The limit ȳ of the y-recurrence (13) once x no longer drives it, Eq. (14):
 * y_t = y_T + (y_T − y_{T−1})·β(1 − β^{t−T})/(1 − β) → ȳ = y_T + β(y_T − y_{T−1})/(1 − β).
 *
 * @example
 * predictedYLimit([1, 1.1], 1, 0.9); // 1.1 + 0.9·0.1/0.1 = 2
 */
export function predictedYLimit(y: readonly number[], from: number, momentum: number): number {
  return y[from]! + (momentum * (y[from]! - y[from - 1]!)) / (1 - momentum);
}

export interface RecurrenceFit {
  /** Least-squares p̂ in x_{t+1} = p·x_t − b·x_{t−1}: Σ x_t(x_{t+1} + b·x_{t−1}) / Σ x_t². */
  coefficient: number;
  /** Steps used: from `from` while |x| stays above `smallest`. */
  steps: number;
  /** Sign changes of x in the window. */
  signChanges: number;
  /** Envelope rate: mean ratio √(q_{t+1}/q_t) with q_t = x_t² − x_{t−1}x_{t+1} (NaN if q ≤ 0). */
  envelopeRate: number;
}

/**
 * Fits the second-order recurrence x_{t+1} = p·x_t − b·x_{t−1} (Eq. 15 with b = β; Eq. 16
 * with b = 0) to x from step `from` on, while |x| > smallest. For a solution of such a
 * recurrence, q_t = x_t² − x_{t−1}x_{t+1} satisfies q_{t+1} = b·q_t, so with complex roots
 * the envelope shrinks by √b per step.
 */
export function fitRecurrence(
  x: readonly number[],
  from: number,
  b: number,
  smallest = 1e-250,
): RecurrenceFit {
  const start = Math.max(from, 1);
  let end = start;
  let scale = 0;
  while (end + 1 < x.length && Math.abs(x[end]!) > smallest) {
    scale = Math.max(scale, Math.abs(x[end - 1]!), Math.abs(x[end]!), Math.abs(x[end + 1]!));
    end++;
  }
  // Work on x / max|x| so that squares of tiny late-phase values do not underflow to 0.
  const z = (t: number) => x[t]! / scale;
  let numerator = 0;
  let denominator = 0;
  let signChanges = 0;
  let logRatio = 0;
  let ratios = 0;
  let previousQ = Number.NaN;
  for (let t = start; t < end; t++) {
    numerator += z(t) * (z(t + 1) + b * z(t - 1));
    denominator += z(t) * z(t);
    if (Math.sign(x[t + 1]!) !== Math.sign(x[t]!)) signChanges++;
    const q = z(t) * z(t) - z(t - 1) * z(t + 1);
    if (q > 0 && previousQ > 0) {
      logRatio += Math.log(q / previousQ);
      ratios++;
    }
    previousQ = q;
  }
  return {
    coefficient: numerator / denominator,
    steps: end - start,
    signChanges,
    envelopeRate: ratios > 0 ? Math.exp(logRatio / (2 * ratios)) : Number.NaN,
  };
}

export interface CatapultMechanism {
  /** max |x| over the catapult divided by |x| at its start. */
  xGrowth: number;
  /** y at the end of the catapult window minus y at its start. */
  yRise: number;
  /** |cos| of the angle between the Hessian's top eigenvector and the x axis at the start. */
  alignmentWithX: number;
}

/**
 * How one catapult moved the toy iterate: growth along x, rise in y, and whether x is
 * the leading eigendirection where it started. `hessian` gives (f_xx, f_xy, f_yy).
 */
export function catapultMechanism(
  catapult: Catapult,
  x: readonly number[],
  y: readonly number[],
  hessian: (x: number, y: number) => [number, number, number],
  settleSteps: number,
): CatapultMechanism {
  const start = catapult.start;
  const end = Math.min(catapult.end + settleSteps, x.length - 1);
  let largest = 0;
  for (let t = start; t <= end; t++) largest = Math.max(largest, Math.abs(x[t]!));
  const [a, b, c] = hessian(x[start]!, y[start]!);
  const lambda = largestEigenvalue2x2(a, b, c);
  // (λ − c, b) and (b, λ − a) are both eigenvectors; take the better-conditioned one.
  const [u, v] = Math.abs(lambda - c) >= Math.abs(lambda - a) ? [lambda - c, b] : [b, lambda - a];
  return {
    xGrowth: largest / Math.abs(x[start]!),
    yRise: y[end]! - y[start]!,
    alignmentWithX: Math.abs(u) / Math.hypot(u, v),
  };
}
