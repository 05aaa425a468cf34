import { heavyBallStep } from '../engine/optimizer.ts';
import type { Model } from '../models/model.ts';

/**
 * The late-phase analysis of App. C (SPEC 4.4): once the catapult is over, y is slow and
 * nearly frozen, x is fast and obeys a linear recurrence with constant coefficients. These
 * are the recurrences themselves; claims/toy-late-phase.spec.ts tests them on toy runs.
 */

/**
 * Eq. (13), the y-recurrence without its O(x²) forcing, y_{t+1} = y_t + β(y_t − y_{t−1}),
 * simulated from (y_{T−1}, y_T); returns y_T … y_{T+steps}.
 */
export function simulateCoastingY(
  yT: number,
  previousY: number,
  momentum: number,
  steps: number,
): Float64Array {
  const y = new Float64Array(steps + 1);
  y[0] = yT;
  let before = previousY;
  for (let t = 0; t < steps; t++) {
    y[t + 1] = y[t]! + momentum * (y[t]! - before);
    before = y[t]!;
  }
  return y;
}

/**
 * Eq. (14): y_{T+k} = y_T + (y_T − y_{T−1})·β(1 − βᵏ)/(1 − β), which tends to
 * ȳ = y_T + β(y_T − y_{T−1})/(1 − β) (src/experiments/toy-analysis.ts predictedYLimit).
 *
 * @example
 * coastingYClosedForm(1.1, 1, 0.5, 1); // 1.1 + 0.1·0.5 = 1.15
 */
export function coastingYClosedForm(
  yT: number,
  previousY: number,
  momentum: number,
  k: number,
): number {
  return yT + ((yT - previousY) * momentum * (1 - momentum ** k)) / (1 - momentum);
}

/**
 * The stability condition of App. C for x_{t+1} = (1 + β − ηS)x_t − βx_{t−1} (Eq. 15):
 * |1 + β − ηS| < 1 + β (with β < 1), i.e. 0 < ηS < 2 + 2β.
 */
export function stabilityCondition(etaS: number, momentum: number): boolean {
  return Math.abs(1 + momentum - etaS) < 1 + momentum;
}

/** The oscillation condition of App. C for Eq. (15): (1 + β − ηS)² < 4β (complex roots). */
export function oscillationCondition(etaS: number, momentum: number): boolean {
  const p = 1 + momentum - etaS;
  return p * p < 4 * momentum;
}

/** What a simulated sequence of a linear recurrence did, measured from the sequence alone. */
export interface SequenceBehaviour {
  /**
   * Growth rate per step of ‖(x_{t−1}, x_t)‖ over the second half of the run: < 1 decays,
   * > 1 grows; for a solution of a two-term recurrence it tends to the largest root modulus.
   */
  rate: number;
  /** Sign changes of x_t in the second half of the run. */
  lateSignChanges: number;
  /** Sign changes of x_t over the whole run. */
  signChanges: number;
}

/**
 * Simulates x_{t+1} = p·x_t − b·x_{t−1} (Eq. 15 with p = 1 + β − ηS, b = β; Eq. 16 with
 * b = 0) for `steps` steps from (x₀, x₁), rescaling the pair whenever its size leaves
 * [1e-100, 1e100] (the recurrence is linear, so signs and ratios are unchanged), and
 * measures its growth rate and sign changes.
 *
 * @example
 * sequenceBehaviour(0.5, 0, 1, 0.5, 100).rate; // 0.5, no sign change
 */
export function sequenceBehaviour(
  p: number,
  b: number,
  x0: number,
  x1: number,
  steps: number,
): SequenceBehaviour {
  if (!(Number.isInteger(steps) && steps >= 4))
    throw new RangeError(`steps must be an integer ≥ 4, got ${steps}`);
  let before = x0;
  let current = x1;
  let logScale = 0;
  let signChanges = (x0 < 0 && x1 > 0) || (x0 > 0 && x1 < 0) ? 1 : 0;
  let lateSignChanges = 0;
  const half = Math.floor(steps / 2);
  let logNormAtHalf = 0;
  for (let t = 1; t < steps; t++) {
    if (t === half) logNormAtHalf = logScale + Math.log(Math.hypot(before, current));
    const next = p * current - b * before;
    if ((next < 0 && current > 0) || (next > 0 && current < 0)) {
      signChanges++;
      if (t >= half) lateSignChanges++;
    }
    before = current;
    current = next;
    const size = Math.max(Math.abs(before), Math.abs(current));
    if (size > 1e100 || size < 1e-100) {
      if (size === 0) return { rate: 0, lateSignChanges, signChanges };
      before /= size;
      current /= size;
      logScale += Math.log(size);
    }
  }
  const logNormAtEnd = logScale + Math.log(Math.hypot(before, current));
  return {
    rate: Math.exp((logNormAtEnd - logNormAtHalf) / (steps - half)),
    lateSignChanges,
    signChanges,
  };
}

/**
 * Eq. (17), x-momentum off: x_{T+k} = (1 − ηS)ᵏ·x_T, the solution of Eq. (16)
 * x_{t+1} = (1 − ηS)x_t. It decays iff 0 < ηS < 2 and keeps its sign iff ηS ≤ 1.
 *
 * @example
 * momentumOffX(0.25, 8, 2); // 8·0.75² = 4.5
 */
export function momentumOffX(etaS: number, xT: number, k: number): number {
  return (1 - etaS) ** k * xT;
}

/** Heavy ball on a 2-D toy model at constant η, with the y-forcing of each step. */
export interface ToyPath {
  x: Float64Array;
  y: Float64Array;
  /** f_t = −η·∂f/∂y(x_t, y_t), the O(x²) term that Eq. (13) drops from Eq. (11). */
  forcing: Float64Array;
}

/**
 * Eqs. (10)–(11): heavy ball (Eq. 1, difference form) at a constant rate η on a toy loss
 * f(x, y) = x²·h(y), from (x_{T−1}, y_{T−1}) and (x_T, y_T), for `steps` steps. With
 * v_t = y_t − y_{t−1}, (11) reads v_{t+1} = βv_t + f_t, so Z_t = y_t + βv_t/(1 − β) moves by
 * exactly f_t/(1 − β) per step: Z_N = ȳ + Σ_{T≤t<N} f_t/(1 − β) and y_∞ = ȳ + Σ_{t≥T}
 * f_t/(1 − β). The error of Eq. (14) is the dropped forcing, which is O(x_T²).
 */
export function toyHeavyBall(
  model: Model,
  learningRate: number,
  momentum: number,
  start: { x: number; y: number; previousX: number; previousY: number },
  steps: number,
): ToyPath {
  const path: ToyPath = {
    x: new Float64Array(steps + 1),
    y: new Float64Array(steps + 1),
    forcing: new Float64Array(steps + 1),
  };
  let w = Float64Array.of(start.x, start.y);
  let previous = Float64Array.of(start.previousX, start.previousY);
  let next = new Float64Array(2);
  const gradient = new Float64Array(2);
  for (let t = 0; ; t++) {
    model.lossAndGradient(w, gradient);
    path.x[t] = w[0]!;
    path.y[t] = w[1]!;
    path.forcing[t] = -learningRate * gradient[1]!;
    if (t === steps) return path;
    heavyBallStep(w, previous, gradient, learningRate, momentum, next);
    [previous, w, next] = [w, next, previous];
  }
}
