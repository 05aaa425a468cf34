import {
  heldOutMse,
  peersSparseRegression,
  populationMse,
  type SparseRegressionConfig,
  type SparseRegressionData,
  sparseRegression,
  sparseRegressionPresets,
} from '../data/sparse-regression.ts';
import {
  defaultEventDefinition,
  type EventDefinition,
  eventDefinitionSchema,
} from '../engine/events.ts';
import { fairLearningRate, maxStableSharpness } from '../engine/optimizer.ts';
import type { RandomStream } from '../engine/random.ts';
import { type TrainingRecord, trainingRecord } from '../engine/record.ts';
import type { Experiment } from '../engine/run.ts';
import {
  buildSchedule,
  type ScheduleConfig,
  type ScheduleOptions,
  scheduleSchema,
  scheduleVariantParameters,
} from '../engine/schedule.ts';
import { sharpnessEstimator } from '../engine/sharpness.ts';
import { type Outcome, train } from '../engine/train.ts';
import { ConfigError } from '../engine/validate.ts';
import { ldnModel } from '../models/ldn.ts';

/** Where the training set comes from. */
export const ldnDataSources = ['generated', 'peers-d100-n50-seed0'] as const;

/** Configuration of one LDN run (Section 2, Eq. 2; SPEC 3 and 10). */
export interface LdnConfig {
  seed: number;
  /**
   * `generated`: drawn from this run's `data` stream with the sizes below; `peers-…`: the
   * peers' exported d = 100 set (sizes below must then be d = 100, n = 50, μ = σ = 1,
   * noiseless; the test set is still drawn from the `data` stream).
   */
  data: SparseRegressionConfig & { source: (typeof ldnDataSources)[number] };
  init: {
    /** α in w₀ = α·1. */
    scale: number;
    /**
     * ε in w₀ = α·(1 + ε·z), z ~ 𝒩(0, I) from the stream `init-<replica>`; 0 gives w₀ = α·1
     * exactly.
     */
    perturbation: number;
    /** Which perturbation z (replicas of one seed share the data set, not z). */
    replica: number;
  };
  optimizer: {
    /** GD-equivalent final learning rate η (the paper's axes). */
    learningRate: number;
    /** β; 0 is GD. */
    momentum: number;
    /** Run heavy ball at (1 + β)·η so its MSS equals GD's 2/η (SPEC 2.3). */
    fairComparison: boolean;
  };
  schedule: ScheduleConfig & ScheduleOptions;
  steps: number;
  sharpness: {
    /** Lanczos sharpness every `every` steps and at w_T; 0: only at w₀ and w_T. */
    every: number;
    maxIterations: number;
    tolerance: number;
  };
  /** Keep the per-step traces and events (a training record); false keeps the summary only. */
  trace: boolean;
  lossCap: number;
  events: EventDefinition;
  /**
   * A completed run that ends with S > MSS is "above-mss-at-rounding-floor" when its loss
   * stayed below floorRelative·L(w₀) over the last `window` steps (the unstable component is
   * lost to rounding, BENCHMARKS pilot finding), otherwise "above-mss".
   */
  endState: { window: number; floorRelative: number };
}

/** How a run ended, relative to its final MSS. */
export type LdnEndState = 'diverged' | 'below-mss' | 'above-mss-at-rounding-floor' | 'above-mss';

/** What every LDN run reports; test errors and sharpness are null after divergence. */
export interface LdnSummary {
  outcome: Outcome;
  stepsDone: number;
  /** The rate heavy ball actually used: (1 + β)·η with the fair comparison, else η. */
  effectiveLearningRate: number;
  initialTrainLoss: number;
  finalTrainLoss: number;
  /** Largest train loss over the last endState.window steps. */
  lateMaxTrainLoss: number;
  testMse: number | null;
  populationTestMse: number | null;
  initialSharpness: number;
  finalSharpness: number | null;
  finalMss: number;
  finalSharpnessOverMss: number | null;
  endState: LdnEndState;
  /** Support of θ* (for the record). */
  support: number[];
}

/** A summary, plus the whole training record when the run was traced. */
export type LdnResult = LdnSummary & Partial<TrainingRecord>;

const positive = { type: 'number', exclusiveMinimum: 0 } as const;

const ldnSchema = {
  type: 'object',
  required: [
    'seed',
    'data',
    'init',
    'optimizer',
    'schedule',
    'steps',
    'sharpness',
    'trace',
    'lossCap',
    'events',
    'endState',
  ],
  properties: {
    seed: { type: 'integer' },
    data: {
      type: 'object',
      required: [
        'source',
        'dimension',
        'samples',
        'sparsity',
        'inputMean',
        'inputStd',
        'labelNoiseStd',
        'testSamples',
      ],
      properties: {
        source: { enum: [...ldnDataSources] },
        dimension: { type: 'integer', minimum: 1, maximum: 100_000 },
        samples: { type: 'integer', minimum: 1, maximum: 100_000 },
        sparsity: { type: 'integer', minimum: 1 },
        inputMean: { type: 'number' },
        inputStd: { type: 'number', minimum: 0 },
        labelNoiseStd: { type: 'number', minimum: 0 },
        testSamples: { type: 'integer', minimum: 1, maximum: 1_000_000 },
      },
      additionalProperties: false,
    },
    init: {
      type: 'object',
      required: ['scale', 'perturbation', 'replica'],
      properties: {
        scale: positive,
        perturbation: { type: 'number', minimum: 0 },
        replica: { type: 'integer', minimum: 0 },
      },
      additionalProperties: false,
    },
    optimizer: {
      type: 'object',
      required: ['learningRate', 'momentum', 'fairComparison'],
      properties: {
        learningRate: positive,
        momentum: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
        fairComparison: { type: 'boolean' },
      },
      additionalProperties: false,
    },
    schedule: scheduleSchema,
    steps: { type: 'integer', minimum: 1, maximum: 10_000_000 },
    sharpness: {
      type: 'object',
      required: ['every', 'maxIterations', 'tolerance'],
      properties: {
        every: { type: 'integer', minimum: 0 },
        maxIterations: { type: 'integer', minimum: 1 },
        tolerance: positive,
      },
      additionalProperties: false,
    },
    trace: { type: 'boolean' },
    lossCap: positive,
    events: eventDefinitionSchema,
    endState: {
      type: 'object',
      required: ['window', 'floorRelative'],
      properties: { window: { type: 'integer', minimum: 1 }, floorRelative: positive },
      additionalProperties: false,
    },
  },
  additionalProperties: false,
} as const;

/** The data set a configuration describes; throws when a peers' set is asked with other sizes. */
export function ldnData(config: LdnConfig, stream: RandomStream): SparseRegressionData {
  const { source, ...sizes } = config.data;
  if (source === 'generated') return sparseRegression(sizes, stream);
  const expected = { dimension: 100, samples: 50, inputMean: 1, inputStd: 1, labelNoiseStd: 0 };
  for (const [field, value] of Object.entries(expected)) {
    const given = sizes[field as keyof typeof expected];
    if (given !== value) {
      throw new RangeError(
        `config.data.${field} must be ${value} with source "${source}", got ${given}`,
      );
    }
  }
  return peersSparseRegression(sizes.testSamples, stream);
}

/** w₀ = α·(1 + ε·z), z from `stream` (w₀ = α·1 exactly when ε = 0, drawing nothing). */
function initialPoint(dimension: number, init: LdnConfig['init'], stream: RandomStream) {
  const w = new Float64Array(dimension).fill(init.scale);
  if (init.perturbation === 0) return w;
  const z = stream.fillGaussian(new Float64Array(dimension));
  for (let k = 0; k < dimension; k++) w[k] = init.scale * (1 + init.perturbation * z[k]!);
  return w;
}

/**
 * How a run ended: diverged; at or below its final MSS; above it while the loss stayed below
 * `floor` over the end window (converged before the MSS fell below its sharpness, so the
 * unstable component is lost to rounding and cannot grow); or above it otherwise.
 *
 * @example
 * classifyEndState({ completed: true, finalSharpness: 728, finalMss: 632,
 *   lateMaxTrainLoss: 4e-28, floor: 3e-20 }); // 'above-mss-at-rounding-floor'
 */
export function classifyEndState(end: {
  completed: boolean;
  finalSharpness: number | null;
  finalMss: number;
  lateMaxTrainLoss: number;
  floor: number;
}): LdnEndState {
  if (!end.completed || end.finalSharpness === null) return 'diverged';
  if (end.finalSharpness <= end.finalMss) return 'below-mss';
  return end.lateMaxTrainLoss < end.floor ? 'above-mss-at-rounding-floor' : 'above-mss';
}

function largest(values: Float64Array, from: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let t = Math.max(0, from); t < values.length; t++) max = Math.max(max, values[t]!);
  return max;
}

/**
 * Linear diagonal network on sparse regression (Section 2, Figs. 1, 2, 11). Defaults are
 * SPEC 10's (the `paper` sizes): d = 100, n = 50, 5-sparse θ* with entries 1/√5, x ~ 𝒩(1, I),
 * noiseless labels, 1000 test points; α = 0.5, η = 10^−1.75 (the peers' run); linear warmup
 * over 2000 steps from η/2000; 20,000 steps; Lanczos sharpness every 10 steps. Loss
 * (1/2n)‖Xθ − y‖², heavy ball (Eq. 1, difference form) at (1 + β)·η.
 */
export const ldnExperiment: Experiment<LdnConfig, LdnResult> = {
  name: 'ldn',
  title: 'Linear diagonal network on sparse regression (Section 2, Figs. 1, 2, 11)',
  schema: ldnSchema,
  defaults: {
    seed: 0,
    data: { source: 'generated', ...sparseRegressionPresets.d100 },
    init: { scale: 0.5, perturbation: 0, replica: 0 },
    optimizer: { learningRate: 10 ** -1.75, momentum: 0.9, fairComparison: true },
    schedule: { kind: 'linear-warmup', warmupSteps: 2000, initialFraction: 0 },
    steps: 20_000,
    sharpness: { every: 10, maxIterations: 100, tolerance: 1e-10 },
    trace: true,
    lossCap: 1e10,
    events: defaultEventDefinition,
    endState: { window: 1000, floorRelative: 1e-20 },
  },
  parameters: {
    'data.source': { tag: 'derived', source: 'our own seeded draw; the peers’ set for replays' },
    'data.dimension': { tag: 'reconstructed', source: 'SPEC 10: d = 100 (alternative 1000)' },
    'data.samples': { tag: 'reconstructed', source: 'SPEC 10: n = 50 (alternative 100)' },
    'data.sparsity': { tag: 'reconstructed', source: 'SPEC 3.2/10: r = 5, entries 1/√5' },
    'data.inputMean': {
      tag: 'reconstructed',
      source: 'SPEC 3.2: non-centred design (Nacson et al. 2022), μ = 1 (SPEC 10)',
    },
    'data.inputStd': { tag: 'reconstructed', source: 'SPEC 10: x ~ 𝒩(μ·1, I)' },
    'data.labelNoiseStd': {
      tag: 'reconstructed',
      source: 'SPEC 10: noiseless (the d = 1000 alternative: variance 0.01, σ_ε = 0.1)',
    },
    'data.testSamples': { tag: 'reconstructed', source: 'SPEC 10: 1000–2000 test points' },
    'init.scale': { tag: 'paper', source: 'w₀ = α·1 (Sec. 2); α from the grid of SPEC 10' },
    'init.perturbation': {
      tag: 'derived',
      source: 'BENCHMARKS pilot: the catapult grows from rounding noise; 0 is the paper’s init',
    },
    'init.replica': { tag: 'derived', source: 'names the perturbation stream of a replica' },
    'optimizer.learningRate': {
      tag: 'reconstructed',
      source: 'SPEC 10 grid logspace(−4, −1, 13); default 10^−1.75 is the peers’ run',
    },
    'optimizer.momentum': { tag: 'paper', source: 'β = 0.9 (Sec. 2), 0.99 (App. D.3.1)' },
    'optimizer.fairComparison': { tag: 'paper', source: 'SPEC 2.3: heavy ball at (1+β)η' },
    ...scheduleVariantParameters,
    'schedule.kind': { tag: 'paper', source: 'SPEC 2.5: linear warmup (Fig. 2: other forms)' },
    'schedule.warmupSteps': { tag: 'reconstructed', source: 'SPEC 3.3/10: T_w = 2000' },
    'schedule.initialFraction': {
      tag: 'reconstructed',
      source: 'SPEC 10: η₀ = 0 (η/T_w at t = 0)',
    },
    steps: { tag: 'reconstructed', source: 'SPEC 10: 20,000 steps' },
    sharpness: {
      tag: 'reconstructed',
      source: 'SPEC 3.3/10: exact λ_max every 10 steps; Lanczos on the exact product',
    },
    trace: { tag: 'derived', source: 'sweep cells keep the summary only' },
    lossCap: { tag: 'derived', source: 'divergence cap 1e10, as the peers use' },
    events: {
      tag: 'derived',
      source: 'our operational definition of SPEC 2.4 (src/engine/events.ts)',
    },
    endState: {
      tag: 'derived',
      source: 'BENCHMARKS pilot: a converged iterate can sit above the MSS without catapulting',
    },
    seed: { tag: 'derived', source: 'master seed of the data, init and solver streams' },
  },
  run(config, context) {
    if (config.schedule.freezeOnInstability && config.sharpness.every === 0) {
      throw new ConfigError(
        'config.sharpness.every must be > 0 when config.schedule.freezeOnInstability is true, ' +
          'got 0',
      );
    }
    const data = ldnData(config, context.stream('data'));
    const d = data.dimension;
    const model = ldnModel(data.inputs, data.labels, d);
    const { momentum, fairComparison } = config.optimizer;
    const learningRate = fairComparison
      ? fairLearningRate(config.optimizer.learningRate, momentum)
      : config.optimizer.learningRate;
    const schedule = buildSchedule(config.schedule, learningRate);
    const estimator = sharpnessEstimator(model, {
      method: 'lanczos',
      stream: context.stream('solver'),
      maxIterations: config.sharpness.maxIterations,
      tolerance: config.sharpness.tolerance,
    });
    const initial = initialPoint(2 * d, config.init, context.stream(`init-${config.init.replica}`));
    const every = config.sharpness.every;
    const initialSharpness = every > 0 ? undefined : estimator.estimate(initial).value;

    const result = train({
      model,
      initial,
      steps: config.steps,
      schedule,
      momentum,
      ...(every > 0 ? { sharpness: { every, estimator } } : {}),
      freezeOnInstability: config.schedule.freezeOnInstability ?? false,
      lossCap: config.lossCap,
      ...(context.progress
        ? { onProgress: (step: number) => context.progress!(step, config.steps) }
        : {}),
    });

    const completed = result.outcome.status === 'completed';
    const samples = result.sharpness;
    const finalStep = result.stepsDone;
    let finalSharpness: number | null = null;
    let finalMss = maxStableSharpness(schedule(finalStep), momentum);
    if (every > 0 && completed) {
      finalSharpness = samples.value.at(-1)!;
      finalMss = samples.mss.at(-1)!;
    } else if (completed) {
      finalSharpness = estimator.estimate(result.final).value;
    }
    const theta = model.theta(result.final);
    const initialTrainLoss = result.loss[0]!;
    const lateMaxTrainLoss = largest(result.loss, result.loss.length - config.endState.window);
    const endState = classifyEndState({
      completed,
      finalSharpness,
      finalMss,
      lateMaxTrainLoss,
      floor: config.endState.floorRelative * initialTrainLoss,
    });

    const summary: LdnSummary = {
      outcome: result.outcome,
      stepsDone: result.stepsDone,
      effectiveLearningRate: learningRate,
      initialTrainLoss,
      finalTrainLoss: result.loss.at(-1)!,
      lateMaxTrainLoss,
      testMse: completed ? heldOutMse(theta, data) : null,
      populationTestMse: completed ? populationMse(theta, data) : null,
      initialSharpness: initialSharpness ?? samples.value[0]!,
      finalSharpness,
      finalMss,
      finalSharpnessOverMss: finalSharpness === null ? null : finalSharpness / finalMss,
      endState,
      support: data.support,
    };
    return config.trace ? { ...trainingRecord(result, config.events), ...summary } : summary;
  },
};
