import { type Rank2Sizes, rank2Presets, rank2Problem } from '../data/rank2.ts';
import {
  defaultEventDefinition,
  type EventDefinition,
  eventDefinitionSchema,
} from '../engine/events.ts';
import { lanczosLargest } from '../engine/lanczos.ts';
import { fairLearningRate } from '../engine/optimizer.ts';
import type { RandomStream } from '../engine/random.ts';
import { type TrainingRecord, trainingRecord } from '../engine/record.ts';
import type { Experiment, RunContext } from '../engine/run.ts';
import {
  buildSchedule,
  type ScheduleConfig,
  type ScheduleOptions,
  scheduleSchema,
  scheduleVariantParameters,
} from '../engine/schedule.ts';
import { sharpnessEstimator } from '../engine/sharpness.ts';
import { train } from '../engine/train.ts';
import { initialMlpParameters, mlpModel } from '../models/mlp.ts';
import type { Model } from '../models/model.ts';

/** Sharpness sampling shared by the network experiments. */
export interface SharpnessSampling {
  /** Lanczos sharpness every `every` steps (and at w_T). */
  every: number;
  maxIterations: number;
  /** Stop when the Ritz residual ≤ tolerance·θ. */
  tolerance: number;
  /** Weight of the fresh random part of each warm start (src/engine/sharpness.ts). */
  freshWeight: number;
  /** Products of the cold-start Lanczos that re-measures the final sharpness as a check. */
  finalCheckIterations: number;
}

export const sharpnessSamplingSchema = {
  type: 'object',
  required: ['every', 'maxIterations', 'tolerance', 'freshWeight', 'finalCheckIterations'],
  properties: {
    every: { type: 'integer', minimum: 1 },
    maxIterations: { type: 'integer', minimum: 1, maximum: 1000 },
    tolerance: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    freshWeight: { type: 'number', minimum: 0 },
    finalCheckIterations: { type: 'integer', minimum: 0, maximum: 1000 },
  },
  additionalProperties: false,
} as const;

/** Optimizer settings shared by the network experiments. */
export interface NetworkOptimizer {
  /** GD-equivalent final learning rate η. */
  learningRate: number;
  /** β; 0 is GD. */
  momentum: number;
  /** Run heavy ball at (1 + β)·η so that its MSS equals GD's 2/η (SPEC 2.3). */
  fairComparison: boolean;
}

export const networkOptimizerSchema = {
  type: 'object',
  required: ['learningRate', 'momentum', 'fairComparison'],
  properties: {
    learningRate: { type: 'number', exclusiveMinimum: 0 },
    momentum: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
    fairComparison: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

/** The training settings the network experiments share. */
export interface NetworkTraining {
  optimizer: NetworkOptimizer;
  schedule: ScheduleConfig & ScheduleOptions;
  steps: number;
  sharpness: SharpnessSampling;
  lossCap: number;
  events: EventDefinition;
}

/** Provenance of the shared training settings (paths of {@link NetworkTraining}). */
export const networkTrainingParameters: Experiment<{ seed: number }, unknown>['parameters'] = {
  'optimizer.fairComparison': { tag: 'paper', source: 'SPEC 2.3: heavy ball at (1+β)η' },
  ...scheduleVariantParameters,
  'schedule.kind': { tag: 'paper', source: 'SPEC 6.1: linear warmup, then constant' },
  'schedule.warmupSteps': { tag: 'reconstructed', source: 'not recovered' },
  'schedule.initialFraction': { tag: 'reconstructed', source: 'warmup from η/T_w' },
  lossCap: { tag: 'derived', source: 'divergence cap' },
  events: { tag: 'derived', source: 'our operational definition (src/engine/events.ts)' },
};

/** Configuration of one run of the ReLU MLP on rank-2 data (Section 4, SPEC 6.2). */
export interface MlpConfig extends NetworkTraining {
  seed: number;
  /** d, n and the test size; "rank2-A-B" presets are in src/data/rank2.ts. */
  data: Rank2Sizes;
  /** Hidden width m of both hidden layers. */
  width: number;
}

/** The final sharpness re-measured by a cold-start Lanczos run, to check the warm starts. */
export interface SharpnessCheck {
  value: number;
  residual: number;
  iterations: number;
}

/** An MLP run: the training record plus what the claims and the report need besides it. */
export interface MlpResult extends TrainingRecord {
  /** The rate heavy ball actually used ((1 + β)·η under the fair comparison). */
  effectiveLearningRate: number;
  /** "rank2-400-200" when the sizes match a preset, else "rank2-<d>-<n>". */
  dataName: string;
  parameterCount: number;
  /** (1/2n_test)·Σ (f − y)² at w_T (null after divergence). */
  finalTestLoss: number | null;
  finalSharpnessCheck: SharpnessCheck | null;
}

const mlpSchema = {
  type: 'object',
  required: [
    'seed',
    'data',
    'width',
    'optimizer',
    'schedule',
    'steps',
    'sharpness',
    'lossCap',
    'events',
  ],
  properties: {
    seed: { type: 'integer' },
    data: {
      type: 'object',
      required: ['dimension', 'trainSize', 'testSize'],
      properties: {
        dimension: { type: 'integer', minimum: 2 },
        trainSize: { type: 'integer', minimum: 1 },
        testSize: { type: 'integer', minimum: 1 },
      },
      additionalProperties: false,
    },
    width: { type: 'integer', minimum: 1, maximum: 8192 },
    optimizer: networkOptimizerSchema,
    schedule: scheduleSchema,
    steps: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    sharpness: sharpnessSamplingSchema,
    lossCap: { type: 'number', exclusiveMinimum: 0 },
    events: eventDefinitionSchema,
  },
  additionalProperties: false,
} as const;

/** The name of a rank-2 data set: its preset's name, or rank2-<d>-<n>. */
export function rank2Name(sizes: Rank2Sizes): string {
  for (const [name, preset] of Object.entries(rank2Presets)) {
    if (
      preset.dimension === sizes.dimension &&
      preset.trainSize === sizes.trainSize &&
      preset.testSize === sizes.testSize
    ) {
      return name;
    }
  }
  return `rank2-${sizes.dimension}-${sizes.trainSize}`;
}

/**
 * The MLP experiment (Section 4, Figs. 4, 10, 14): the three-layer ReLU network in the
 * NTK parameterisation (src/models/mlp.ts) trained full-batch on rank-2 data by GD or heavy
 * ball (Eq. 1, difference form) with a learning-rate warmup, loss (1/2n)·Σ(f − y)², and
 * Lanczos sharpness on the exact Hessian-vector product every few steps.
 *
 * Defaults are the quick profile's Fig. 4 setting: rank2-400-200 at width 64 (SPEC 10
 * suggests 512; the paper profile uses it), η = 20 reached by a linear warmup over 1000
 * steps, 1500 steps.
 */
export const mlpExperiment: Experiment<MlpConfig, MlpResult> = {
  name: 'mlp',
  title: 'Three-layer ReLU MLP on rank-2 data (Section 4, App. D.2, D.3.3)',
  schema: mlpSchema,
  defaults: {
    seed: 0,
    data: { ...rank2Presets['rank2-400-200'] },
    width: 64,
    optimizer: { learningRate: 20, momentum: 0.9, fairComparison: true },
    schedule: { kind: 'linear-warmup', warmupSteps: 1000, initialFraction: 0 },
    steps: 1500,
    sharpness: {
      every: 20,
      maxIterations: 40,
      tolerance: 1e-6,
      freshWeight: 0.1,
      finalCheckIterations: 60,
    },
    lossCap: 1e6,
    events: defaultEventDefinition,
  },
  parameters: {
    data: {
      tag: 'reconstructed',
      source: 'SPEC 6.2: rank2-A-B read as d = A, n = B; x ~ 𝒩(0, I), y = x₁x₂; 1000 test points',
    },
    width: {
      tag: 'reconstructed',
      source: 'SPEC 10 suggests 512 (paper profile); the quick profile uses 64',
    },
    'optimizer.learningRate': {
      tag: 'reconstructed',
      source:
        'not recovered; chosen so that 2/η = 0.1 lies well below the sharpness the MLP ' +
        'reaches (about 0.3)',
    },
    ...networkTrainingParameters,
    'optimizer.momentum': { tag: 'paper', source: 'β = 0.9 (Figs. 4, 10), 0.99 (Fig. 14)' },
    steps: { tag: 'reconstructed', source: 'not recovered; 500 steps after the warmup' },
    sharpness: {
      tag: 'reconstructed',
      source: 'SPEC 6.1: Lanczos every 10–50 steps on the full training set',
    },
    seed: { tag: 'derived', source: 'master seed of the data, data-test, init and solver streams' },
  },
  run(config, context) {
    const { train: data, test } = rank2Problem(context.stream, config.data);
    const model = mlpModel(data, config.width);
    const initial = initialMlpParameters(context.stream('init'), data.dimension, config.width);
    const run = trainNetwork(model, initial, config, context, 100);
    return {
      ...run.record,
      effectiveLearningRate: run.learningRate,
      dataName: rank2Name(config.data),
      parameterCount: model.dimension,
      finalTestLoss: run.final ? model.lossOn(run.final, test) : null,
      finalSharpnessCheck: run.finalSharpnessCheck,
    };
  },
};

/**
 * Trains `model` from `initial` with the shared network settings: heavy ball (Eq. 1) at
 * (1 + β)η under the fair comparison, the configured schedule, Lanczos sharpness warm-started
 * from the `solver` stream every few steps, and at the end a cold-start Lanczos check from
 * the `final-check` stream. `final` is w_T, or null after divergence.
 */
export function trainNetwork(
  model: Model,
  initial: Float64Array,
  config: NetworkTraining,
  context: RunContext,
  progressEvery: number,
): {
  record: TrainingRecord;
  learningRate: number;
  final: Float64Array | null;
  finalSharpnessCheck: SharpnessCheck | null;
} {
  const { momentum, fairComparison } = config.optimizer;
  const learningRate = fairComparison
    ? fairLearningRate(config.optimizer.learningRate, momentum)
    : config.optimizer.learningRate;
  const sampling = config.sharpness;
  const result = train({
    model,
    initial,
    steps: config.steps,
    schedule: buildSchedule(config.schedule, learningRate),
    momentum,
    sharpness: {
      every: sampling.every,
      estimator: sharpnessEstimator(model, {
        method: 'lanczos',
        stream: context.stream('solver'),
        maxIterations: sampling.maxIterations,
        tolerance: sampling.tolerance,
        freshWeight: sampling.freshWeight,
      }),
    },
    freezeOnInstability: config.schedule.freezeOnInstability ?? false,
    lossCap: config.lossCap,
    onProgress: context.progress && ((step) => context.progress!(step, config.steps)),
    progressEvery,
  });
  const completed = result.outcome.status === 'completed';
  return {
    record: trainingRecord(result, config.events),
    learningRate,
    final: completed ? result.final : null,
    finalSharpnessCheck:
      completed && sampling.finalCheckIterations > 0
        ? coldSharpness(model, result.final, context.stream('final-check'), sampling)
        : null,
  };
}

/** λ_max at w by Lanczos from a fresh random start (no warm start), as a check. */
export function coldSharpness(
  model: Model,
  w: Float64Array,
  stream: RandomStream,
  sampling: SharpnessSampling,
): SharpnessCheck {
  const start = stream.fillGaussian(new Float64Array(model.dimension));
  const result = lanczosLargest(model.hessianOperator(w), model.dimension, {
    start,
    maxIterations: sampling.finalCheckIterations,
    tolerance: sampling.tolerance,
  });
  return { value: result.value, residual: result.residual, iterations: result.iterations };
}
