import {
  defaultEventDefinition,
  type EventDefinition,
  eventDefinitionSchema,
} from '../engine/events.ts';
import { fairLearningRate } from '../engine/optimizer.ts';
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
import { train } from '../engine/train.ts';
import { type ToyLossName, toyLossNames, toyModel } from '../models/toy.ts';

/** Configuration of one run on the 2-D toy loss of Section 3. */
export interface ToyConfig {
  seed: number;
  loss: ToyLossName;
  init: { x: number; y: number };
  optimizer: {
    /** GD-equivalent final learning rate η (the paper's axes). */
    learningRate: number;
    /** β; 0 is GD. */
    momentum: number;
    /** Run heavy ball at (1 + β)·η so its MSS equals GD's 2/η (SPEC 2.3). */
    fairComparison: boolean;
    /** App. C.1: false gives x the plain GD update while y keeps momentum. */
    momentumInX: boolean;
  };
  schedule: ScheduleConfig & ScheduleOptions;
  steps: number;
  /** After each update, |x| below this is raised to it, keeping the sign (0: off). */
  xFloor: number;
  lossCap: number;
  events: EventDefinition;
}

/** A toy run: the training record (coordinates x and y at every step) and the rate used. */
export interface ToyResult extends TrainingRecord {
  effectiveLearningRate: number;
  formula: string;
  /** S(y) = 2h(y) on the minimum manifold at the final y. */
  finalManifoldSharpness: number;
}

const toySchema = {
  type: 'object',
  required: [
    'seed',
    'loss',
    'init',
    'optimizer',
    'schedule',
    'steps',
    'xFloor',
    'lossCap',
    'events',
  ],
  properties: {
    seed: { type: 'integer' },
    loss: { enum: [...toyLossNames] },
    init: {
      type: 'object',
      required: ['x', 'y'],
      properties: {
        x: { type: 'number' },
        y: { type: 'number', exclusiveMinimum: 0 },
      },
      additionalProperties: false,
    },
    optimizer: {
      type: 'object',
      required: ['learningRate', 'momentum', 'fairComparison', 'momentumInX'],
      properties: {
        learningRate: { type: 'number', exclusiveMinimum: 0 },
        momentum: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
        fairComparison: { type: 'boolean' },
        momentumInX: { type: 'boolean' },
      },
      additionalProperties: false,
    },
    schedule: scheduleSchema,
    steps: { type: 'integer', minimum: 1, maximum: 10_000_000 },
    xFloor: { type: 'number', minimum: 0 },
    lossCap: { type: 'number', exclusiveMinimum: 0 },
    events: eventDefinitionSchema,
  },
  additionalProperties: false,
} as const;

/**
 * The toy experiment. Defaults follow the peers' reference run (BENCHMARKS.md, workload 1):
 * f = x²/(2y), (x₀, y₀) = (0.1, 0.1), η = 2 reached by a linear warmup over 1000 steps,
 * 4000 steps; sharpness in closed form at every step.
 */
export const toyExperiment: Experiment<ToyConfig, ToyResult> = {
  name: 'toy',
  title: 'Toy loss f(x, y) = x²·h(y) on y > 0 (Section 3, App. C, D.1, D.3.2)',
  schema: toySchema,
  defaults: {
    seed: 0,
    loss: 'x2-over-2y',
    init: { x: 0.1, y: 0.1 },
    optimizer: { learningRate: 2, momentum: 0.9, fairComparison: true, momentumInX: true },
    schedule: { kind: 'linear-warmup', warmupSteps: 1000, initialFraction: 0 },
    steps: 4000,
    xFloor: 1e-12,
    lossCap: 1e10,
    events: defaultEventDefinition,
  },
  parameters: {
    loss: { tag: 'reconstructed', source: "SPEC 4.1: the paper's toy loss is not recoverable" },
    init: {
      tag: 'reconstructed',
      source: 'SPEC 10 range (0.1, 0.05–0.2); the peers use (0.1, 0.1)',
    },
    'optimizer.learningRate': {
      tag: 'reconstructed',
      source: 'SPEC 10: final GD-equivalent η in [1, 10]',
    },
    'optimizer.momentum': { tag: 'paper', source: 'β = 0.9 (Sec. 3), 0.99 (App. D.3.2)' },
    'optimizer.fairComparison': { tag: 'paper', source: 'SPEC 2.3: heavy ball at (1+β)η' },
    'optimizer.momentumInX': { tag: 'paper', source: 'App. C.1 switches x-momentum off' },
    ...scheduleVariantParameters,
    'schedule.kind': { tag: 'paper', source: 'SPEC 2.5: linear warmup' },
    'schedule.warmupSteps': { tag: 'reconstructed', source: 'SPEC 10: T_w in [300, 1000]' },
    'schedule.initialFraction': { tag: 'reconstructed', source: 'SPEC 10: warmup from η/T_w' },
    steps: { tag: 'reconstructed', source: 'SPEC 10: 3000+ steps after warmup' },
    xFloor: {
      tag: 'derived',
      source:
        'BENCHMARKS pilot: without a floor x underflows to exactly 0, a fixed point, and GD ' +
        'stops catapulting',
    },
    lossCap: { tag: 'derived', source: 'divergence cap, as the peers use' },
    events: {
      tag: 'derived',
      source: 'our operational definition of SPEC 2.4 (src/engine/events.ts)',
    },
    seed: { tag: 'derived', source: 'the toy draws no random numbers; kept for the run key' },
  },
  run(config, context) {
    const model = toyModel(config.loss);
    const { momentum, fairComparison, momentumInX } = config.optimizer;
    const learningRate = fairComparison
      ? fairLearningRate(config.optimizer.learningRate, momentum)
      : config.optimizer.learningRate;
    const floor = config.xFloor;
    const result = train({
      model,
      initial: Float64Array.of(config.init.x, config.init.y),
      steps: config.steps,
      schedule: buildSchedule(config.schedule, learningRate),
      momentum: momentumInX ? momentum : Float64Array.of(0, momentum),
      // x, the leading eigendirection, is stable up to (2 + 2β)/η with momentum, 2/η without.
      mssMomentum: momentumInX ? momentum : 0,
      sharpness: {
        every: 1,
        estimator: sharpnessEstimator(model, { stream: context.stream('solver') }),
      },
      freezeOnInstability: config.schedule.freezeOnInstability ?? false,
      recordCoordinates: [0, 1],
      lossCap: config.lossCap,
      onProgress: context.progress && ((step) => context.progress!(step, config.steps)),
      project:
        floor > 0
          ? (w) => {
              const x = w[0]!;
              if (Math.abs(x) < floor) w[0] = x < 0 || Object.is(x, -0) ? -floor : floor;
            }
          : undefined,
    });
    return {
      ...trainingRecord(result, config.events, { 0: 'x', 1: 'y' }),
      effectiveLearningRate: learningRate,
      formula: model.formula,
      finalManifoldSharpness: model.manifoldSharpness(result.final[1]!),
    };
  },
};
