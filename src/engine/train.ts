import type { Model } from '../models/model.ts';
import { heavyBallStep, maxStableSharpness } from './optimizer.ts';
import { frozenAt, type Schedule } from './schedule.ts';
import type { SharpnessEstimator } from './sharpness.ts';

export interface TrainOptions {
  model: Model;
  /** w₀; also w₋₁, so the initial velocity is zero. */
  initial: Float64Array;
  /** Number of updates T; the run visits w₀ … w_T. */
  steps: number;
  /** η_t as a function of the step. */
  schedule: Schedule;
  /** β, or per-coordinate β_i (App. C.1 turns momentum off in x). */
  momentum: number | Float64Array;
  /** β in MSS_t = (2 + 2β)/η_t; defaults to `momentum` when it is a number. */
  mssMomentum?: number;
  /** Measure S(w_t) every `every` steps (and at w_T). */
  sharpness?: { every: number; estimator: SharpnessEstimator };
  /** Fig. 2b: from the first sample with S(w_t) > MSS_t on, keep η at η_t. */
  freezeOnInstability?: boolean;
  /** Indices of parameters to record at every step. */
  recordCoordinates?: readonly number[];
  /** A loss above this cap (or NaN, or ±Infinity) ends the run as diverged. */
  lossCap?: number;
  /** Applied to w_{t+1} in place after each update (for example the toy's x floor). */
  project?: (w: Float64Array) => void;
  /** Called every `progressEvery` steps with the step just done. */
  onProgress?: (step: number) => void;
  progressEvery?: number;
}

export type Outcome =
  | { status: 'completed' }
  | { status: 'diverged'; step: number; reason: 'nan' | 'infinite' | 'above-cap'; loss: number };

/** Everything a training run records. Arrays indexed by step t hold the value at w_t. */
export interface TrainResult {
  outcome: Outcome;
  /** Updates actually made (T, or fewer when the run diverged). */
  stepsDone: number;
  /** f(w_t) for t = 0 … stepsDone (the last entry is the diverging loss, if any). */
  loss: Float64Array;
  /** η_t used by update t, for t = 0 … stepsDone − 1. */
  learningRate: Float64Array;
  /** Sharpness samples: step, S(w_step), MSS at that step, residual, products spent. */
  sharpness: {
    step: number[];
    value: number[];
    mss: number[];
    residual: number[];
    iterations: number[];
  };
  /** Recorded coordinates: index → w_t[index] for t = 0 … stepsDone. */
  coordinates: Record<number, Float64Array>;
  /** The last iterate w_{stepsDone}. */
  final: Float64Array;
  /** The step at which the schedule froze (Fig. 2b), if it did. */
  freezeStep?: number;
}

/** The divergence outcome at `step` when `loss` is NaN, infinite or above `cap`. */
function divergence(loss: number, cap: number, step: number): Outcome | undefined {
  if (Number.isNaN(loss)) return { status: 'diverged', step, reason: 'nan', loss };
  if (!Number.isFinite(loss)) return { status: 'diverged', step, reason: 'infinite', loss };
  if (loss > cap) return { status: 'diverged', step, reason: 'above-cap', loss };
  return undefined;
}

/**
 * Runs heavy ball (Eq. 1, difference form; GD when β = 0) from w₀ for T steps and records
 * loss, learning rate, MSS and sharpness. Divergence is an outcome with its step, never
 * an exception: the run stops at the first step whose loss is NaN, infinite or above
 * the cap.
 */
export function train(options: TrainOptions): TrainResult {
  const { model, steps } = options;
  const n = model.dimension;
  const cap = options.lossCap ?? 1e10;
  const mssMomentum =
    options.mssMomentum ?? (typeof options.momentum === 'number' ? options.momentum : 0);
  const every = options.sharpness?.every ?? 0;
  const coordinates = options.recordCoordinates ?? [];
  const progressEvery = options.progressEvery ?? 1000;

  let previous = Float64Array.from(options.initial);
  let current = Float64Array.from(options.initial);
  let next = new Float64Array(n);
  const gradient = new Float64Array(n);
  const loss = new Float64Array(steps + 1);
  const learningRate = new Float64Array(steps);
  const recorded: Record<number, Float64Array> = {};
  for (const index of coordinates) recorded[index] = new Float64Array(steps + 1);
  const sharpness = {
    step: [],
    value: [],
    mss: [],
    residual: [],
    iterations: [],
  } as TrainResult['sharpness'];
  let schedule = options.schedule;
  let freezeStep: number | undefined;
  let outcome: Outcome = { status: 'completed' };
  let t = 0;

  const sample = (step: number, rate: number) => {
    const estimate = options.sharpness!.estimator.estimate(current);
    const mss = maxStableSharpness(rate, mssMomentum);
    sharpness.step.push(step);
    sharpness.value.push(estimate.value);
    sharpness.mss.push(mss);
    sharpness.residual.push(estimate.residual);
    sharpness.iterations.push(estimate.iterations);
    if (options.freezeOnInstability && freezeStep === undefined && estimate.value > mss) {
      freezeStep = step;
      schedule = frozenAt(schedule, step);
    }
  };

  for (; t < steps; t++) {
    const value = model.lossAndGradient(current, gradient);
    loss[t] = value;
    for (const index of coordinates) recorded[index]![t] = current[index]!;
    const diverged = divergence(value, cap, t);
    if (diverged) {
      outcome = diverged;
      break;
    }
    let rate = schedule(t);
    if (every > 0 && t % every === 0) {
      sample(t, rate);
      rate = schedule(t);
    }
    learningRate[t] = rate;
    heavyBallStep(current, previous, gradient, rate, options.momentum, next);
    options.project?.(next);
    const spare = previous;
    previous = current;
    current = next;
    next = spare;
    if (options.onProgress && (t + 1) % progressEvery === 0) options.onProgress(t + 1);
  }

  if (outcome.status === 'completed') {
    const value = model.loss(current);
    loss[t] = value;
    for (const index of coordinates) recorded[index]![t] = current[index]!;
    const diverged = divergence(value, cap, t);
    if (diverged) outcome = diverged;
    else if (every > 0) sample(t, schedule(t));
  }

  const trim = (array: Float64Array, length: number) =>
    array.length === length ? array : array.slice(0, length);
  for (const index of coordinates) recorded[index] = trim(recorded[index]!, t + 1);
  return {
    outcome,
    stepsDone: t,
    loss: trim(loss, t + 1),
    learningRate: trim(learningRate, t),
    sharpness,
    coordinates: recorded,
    final: current,
    ...(freezeStep === undefined ? {} : { freezeStep }),
  };
}
