/**
 * The stage-wise recurrences of App. B for heavy ball near the edge of stability (SPEC
 * 5.1–5.3). Around a reference point θ* with S(θ*) = (2 + 2β)/η (heavy ball's MSS),
 * x_t = u·(θ_t − θ*) is the movement along the unstable direction, y_t = ∇S·(θ_t − θ*) the
 * change in sharpness, α = −∇L·∇S and ‖∇S‖ = 1.
 */

export interface RecurrenceParameters {
  /** α, the progressive-sharpening coefficient. */
  alpha: number;
  /** β in [0, 1). */
  momentum: number;
  /** η > 0. */
  learningRate: number;
}

/** A starting point; the previous values default to the current ones (zero velocity). */
export interface RecurrenceStart {
  x: number;
  y: number;
  previousX?: number;
  previousY?: number;
}

/** A simulated sequence: x[t] and y[t] for t = 0 … steps. */
export interface RecurrencePath {
  x: Float64Array;
  y: Float64Array;
}

function checkParameters({ alpha, momentum, learningRate }: RecurrenceParameters): void {
  if (!Number.isFinite(alpha)) throw new RangeError(`alpha must be a finite number, got ${alpha}`);
  if (!(momentum >= 0 && momentum < 1))
    throw new RangeError(`momentum must be a number in [0, 1), got ${momentum}`);
  if (!(learningRate > 0 && Number.isFinite(learningRate)))
    throw new RangeError(`learningRate must be a finite number > 0, got ${learningRate}`);
}

/**
 * Eqs. (3)–(4), the combined negative-feedback recurrence of heavy ball:
 *
 *   x_{t+1} = −(1 + β + η·y_t)·x_t − β·x_{t−1}                              (3)
 *   y_{t+1} = (1 + β)·y_t − β·y_{t−1} + η·(α − x_t²/2)                      (4)
 *
 * Allocation: two arrays of steps + 1 values; nothing else.
 *
 * @example
 * // α = 0, β = 0.5, η = 0.1 from x = 1, y = 0 at rest:
 * // x₁ = −1.5·1 − 0.5·1 = −2, y₁ = 0 − 0 + 0.1·(0 − 0.5) = −0.05
 * selfStabilizationRecurrence({ alpha: 0, momentum: 0.5, learningRate: 0.1 }, { x: 1, y: 0 }, 1);
 */
export function selfStabilizationRecurrence(
  parameters: RecurrenceParameters,
  start: RecurrenceStart,
  steps: number,
): RecurrencePath {
  checkParameters(parameters);
  const { alpha, momentum: b, learningRate: eta } = parameters;
  const x = new Float64Array(steps + 1);
  const y = new Float64Array(steps + 1);
  x[0] = start.x;
  y[0] = start.y;
  let xPrevious = start.previousX ?? start.x;
  let yPrevious = start.previousY ?? start.y;
  for (let t = 0; t < steps; t++) {
    const xt = x[t]!;
    const yt = y[t]!;
    x[t + 1] = -(1 + b + eta * yt) * xt - b * xPrevious;
    y[t + 1] = (1 + b) * yt - b * yPrevious + eta * (alpha - (xt * xt) / 2);
    xPrevious = xt;
    yPrevious = yt;
  }
  return { x, y };
}

/**
 * Damian, Nichani and Lee (2023), Sec. 3, the GD recurrence with ‖∇S‖ = 1 (SPEC 5.1):
 *
 *   x_{t+1} = −(1 + η·y_t)·x_t,   y_{t+1} = y_t + η·(α − x_t²/2).
 *
 * Written on its own, not as β = 0 of (3)–(4), so that the reduction is a comparison.
 *
 * @example
 * damianRecurrence({ alpha: 1, learningRate: 0.1 }, { x: 1, y: 0 }, 1); // x₁ = −1, y₁ = 0.05
 */
export function damianRecurrence(
  { alpha, learningRate: eta }: { alpha: number; learningRate: number },
  start: { x: number; y: number },
  steps: number,
): RecurrencePath {
  const x = new Float64Array(steps + 1);
  const y = new Float64Array(steps + 1);
  x[0] = start.x;
  y[0] = start.y;
  for (let t = 0; t < steps; t++) {
    x[t + 1] = -(1 + eta * y[t]!) * x[t]!;
    y[t + 1] = y[t]! + eta * (alpha - (x[t]! * x[t]!) / 2);
  }
  return { x, y };
}

/**
 * Stage 1 (progressive sharpening, x = 0) in closed form: (4) reads
 * y_{t+1} − y_t = ηα + β(y_t − y_{t−1}), so with v₀ = y₀ − y₋₁ and r = ηα/(1 − β),
 *
 *   y_t = y₀ + r·t + (v₀ − r)·β(1 − βᵗ)/(1 − β),
 *
 * i.e. c₁ + c₂βᵗ + ηα·t/(1 − β): sharpening runs 1/(1 − β) times faster than GD's ηα.
 *
 * @example
 * stageOneSharpening({ alpha: 1, momentum: 0.5, learningRate: 0.1 }, 0, 0, 2); // 0.1 + 0.15 = 0.25
 */
export function stageOneSharpening(
  parameters: RecurrenceParameters,
  y0: number,
  previousY: number,
  t: number,
): number {
  checkParameters(parameters);
  const { alpha, momentum: b, learningRate: eta } = parameters;
  const rate = (eta * alpha) / (1 - b);
  return y0 + rate * t + ((y0 - previousY - rate) * b * (1 - b ** t)) / (1 - b);
}

/** Extremes and crossings of a long run of (3)–(4), measured without storing it. */
export interface RecurrenceOrbit {
  /** Smallest and largest |x_t| over the run, from step `skip` on. */
  absXMin: number;
  absXMax: number;
  yMin: number;
  yMax: number;
  /** Times τ = η·t where y crosses 0 upwards, interpolated linearly between steps. */
  upwardCrossings: number[];
}

/**
 * Runs Eqs. (3)–(4) for `steps` steps and measures the orbit in τ = η·t: the range of
 * |x| and y (from step `skip` on, to pass the start-up of the −β mode) and the upward
 * zero crossings of y. Constant memory, for runs of millions of steps.
 */
export function recurrenceOrbit(
  parameters: RecurrenceParameters,
  start: RecurrenceStart,
  steps: number,
  skip = 0,
): RecurrenceOrbit {
  checkParameters(parameters);
  const { alpha, momentum: b, learningRate: eta } = parameters;
  let x = start.x;
  let y = start.y;
  let xPrevious = start.previousX ?? start.x;
  let yPrevious = start.previousY ?? start.y;
  const orbit: RecurrenceOrbit = {
    absXMin: Number.POSITIVE_INFINITY,
    absXMax: 0,
    yMin: Number.POSITIVE_INFINITY,
    yMax: Number.NEGATIVE_INFINITY,
    upwardCrossings: [],
  };
  for (let t = 0; t <= steps; t++) {
    if (t >= skip) {
      const size = Math.abs(x);
      if (size < orbit.absXMin) orbit.absXMin = size;
      if (size > orbit.absXMax) orbit.absXMax = size;
      if (y < orbit.yMin) orbit.yMin = y;
      if (y > orbit.yMax) orbit.yMax = y;
    }
    if (t === steps) break;
    const xNext = -(1 + b + eta * y) * x - b * xPrevious;
    const yNext = (1 + b) * y - b * yPrevious + eta * (alpha - (x * x) / 2);
    if (y < 0 && yNext >= 0) orbit.upwardCrossings.push(eta * (t + y / (y - yNext)));
    xPrevious = x;
    yPrevious = y;
    x = xNext;
    y = yNext;
  }
  return orbit;
}
