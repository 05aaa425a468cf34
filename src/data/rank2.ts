import type { RandomStream } from '../engine/random.ts';

/**
 * A regression data set: n inputs of dimension d (row-major, n×d) and one target each.
 */
export interface RegressionData {
  inputs: Float64Array;
  targets: Float64Array;
  /** Number of examples. */
  size: number;
  /** Input dimension. */
  dimension: number;
}

/** Sizes of a rank-2 data set. */
export interface Rank2Sizes {
  dimension: number;
  trainSize: number;
  testSize: number;
}

/**
 * Named presets, "rank2-A-B" = d = A inputs, n = B training points (SPEC 6.2: the most
 * likely reading of the paper's names; reconstructed), with 1000 test points (SPEC 10).
 */
export const rank2Presets = {
  'rank2-400-200': { dimension: 400, trainSize: 200, testSize: 1000 },
  'rank2-400-4000': { dimension: 400, trainSize: 4000, testSize: 1000 },
} as const satisfies Record<string, Rank2Sizes>;

export type Rank2PresetName = keyof typeof rank2Presets;

/**
 * n draws of the rank-2 task of Zhu et al. (SPEC 6.2): x ~ 𝒩(0, I_d), y = x₁·x₂ (the
 * product of the first two coordinates). Draws x row by row from `stream`.
 *
 * @example
 * const data = rank2Data(createStream(0, 'data'), 400, 200);
 * data.targets[0] === data.inputs[0] * data.inputs[1]; // true
 */
export function rank2Data(stream: RandomStream, dimension: number, size: number): RegressionData {
  if (!Number.isInteger(dimension) || dimension < 2) {
    throw new RangeError(`dimension must be an integer ≥ 2, got ${dimension}`);
  }
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`size must be a positive integer, got ${size}`);
  }
  const inputs = stream.fillGaussian(new Float64Array(size * dimension));
  const targets = new Float64Array(size);
  for (let i = 0; i < size; i++) targets[i] = inputs[i * dimension]! * inputs[i * dimension + 1]!;
  return { inputs, targets, size, dimension };
}

/**
 * The training and test sets of one rank-2 problem, from two independent named streams
 * (`data` for training, `data-test` for the test set), so that changing the test size
 * never changes the training set.
 */
export function rank2Problem(
  stream: (name: string) => RandomStream,
  sizes: Rank2Sizes,
): { train: RegressionData; test: RegressionData } {
  return {
    train: rank2Data(stream('data'), sizes.dimension, sizes.trainSize),
    test: rank2Data(stream('data-test'), sizes.dimension, sizes.testSize),
  };
}
