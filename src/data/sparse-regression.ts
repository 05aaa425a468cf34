import { readFileSync } from 'node:fs';
import { type RandomStream, sampleWithoutReplacement } from '../engine/random.ts';

/**
 * Sparse regression with a non-centred Gaussian design (SPEC 3.2 and 10, after Nacson et
 * al. 2022 and the Woodworth data set of Azulay et al. 2021):
 *
 *   θ* has r non-zero entries 1/√r on a support drawn uniformly without replacement,
 *   x_i ~ 𝒩(μ·1, σ²·I_d),   y_i = ⟨θ*, x_i⟩ + ε_i,   ε_i ~ 𝒩(0, σ_ε²),
 *
 * and a held-out test set of the same design with noiseless labels.
 */
export interface SparseRegressionConfig {
  /** d, the input dimension. */
  dimension: number;
  /** n, the number of training points. */
  samples: number;
  /** r, the number of non-zero entries of θ*. */
  sparsity: number;
  /** μ, the mean of every input coordinate. */
  inputMean: number;
  /** σ, the standard deviation of every input coordinate. */
  inputStd: number;
  /** σ_ε, the standard deviation of the training-label noise (0: noiseless). */
  labelNoiseStd: number;
  /** Number of held-out test points (noiseless labels). */
  testSamples: number;
}

/**
 * SPEC 10's sizes: `d100` the default (d = 100, n = 50, noiseless, 1000 test points), `d1000`
 * the alternative closer to Woodworth/Azulay (d = 1000, n = 100, label-noise variance 0.01,
 * 2000 test points); both 5-sparse with the mean shift μ = 1 and σ = 1.
 */
export const sparseRegressionPresets = {
  d100: {
    dimension: 100,
    samples: 50,
    sparsity: 5,
    inputMean: 1,
    inputStd: 1,
    labelNoiseStd: 0,
    testSamples: 1000,
  },
  d1000: {
    dimension: 1000,
    samples: 100,
    sparsity: 5,
    inputMean: 1,
    inputStd: 1,
    labelNoiseStd: 0.1,
    testSamples: 2000,
  },
} as const satisfies Record<string, SparseRegressionConfig>;

/** A sparse-regression data set; matrices are row-major Float64Arrays, one row per point. */
export interface SparseRegressionData {
  dimension: number;
  samples: number;
  /** X, n × d. */
  inputs: Float64Array;
  /** y, length n. */
  labels: Float64Array;
  /** θ*, length d. */
  thetaStar: Float64Array;
  /** Indices of the non-zero entries of θ*, in the order drawn. */
  support: number[];
  /** X_test, n_test × d. */
  testInputs: Float64Array;
  /** y_test = X_test θ*, length n_test. */
  testLabels: Float64Array;
  /** μ and σ of the input distribution, for the population test error. */
  inputMean: number;
  inputStd: number;
}

/** out = M·x for the row-major m × d matrix M; returns out. */
function multiply(matrix: Float64Array, x: Float64Array, out: Float64Array): Float64Array {
  const d = x.length;
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    const row = i * d;
    for (let j = 0; j < d; j++) sum += matrix[row + j]! * x[j]!;
    out[i] = sum;
  }
  return out;
}

/**
 * Draws a sparse-regression data set from `stream`, in this order: the support of θ*,
 * X row by row, the n label noises (drawn even when σ_ε = 0, so that the test set does not
 * depend on the noise level), then X_test row by row.
 *
 * @example
 * const data = sparseRegression(
 *   { dimension: 100, samples: 50, sparsity: 5, inputMean: 1, inputStd: 1,
 *     labelNoiseStd: 0, testSamples: 1000 },
 *   createStream(0, 'data'),
 * );
 * data.thetaStar.filter((t) => t !== 0); // five entries 1/√5 ≈ 0.4472
 */
export function sparseRegression(
  config: SparseRegressionConfig,
  stream: RandomStream,
): SparseRegressionData {
  const { dimension: d, samples: n, sparsity, inputMean, inputStd } = config;
  const support = sampleWithoutReplacement(stream, d, sparsity);
  const thetaStar = new Float64Array(d);
  for (const index of support) thetaStar[index] = 1 / Math.sqrt(sparsity);

  const inputs = stream.fillGaussian(new Float64Array(n * d), inputMean, inputStd);
  const labels = multiply(inputs, thetaStar, new Float64Array(n));
  const noise = stream.fillGaussian(new Float64Array(n), 0, config.labelNoiseStd);
  for (let i = 0; i < n; i++) labels[i]! += noise[i]!;

  const testInputs = stream.fillGaussian(
    new Float64Array(config.testSamples * d),
    inputMean,
    inputStd,
  );
  const testLabels = multiply(testInputs, thetaStar, new Float64Array(config.testSamples));
  return {
    dimension: d,
    samples: n,
    inputs,
    labels,
    thetaStar,
    support,
    testInputs,
    testLabels,
    inputMean,
    inputStd,
  };
}

/**
 * The peers' exported training set (`../shared/peers/data/ldn_d100_n50_seed0.json`), copied
 * into src/data/fixtures; the copy is laid out by the formatter, every number unchanged.
 */
export const peersDataFile = new URL('./fixtures/peers-ldn-d100-n50-seed0.json', import.meta.url);

/**
 * The peers' d = 100, n = 50 training set (numpy `default_rng(0)`, μ = σ = 1, noiseless;
 * support {26, 30, 50, 61, 81}), read from the copy of `peers/data/ldn_d100_n50_seed0.json`
 * in src/data/fixtures. numpy's generator cannot be reproduced here, so its X, y and θ* are
 * read as stored; the file has no test set, so X_test (n_test × 100, same design) is drawn
 * from `stream` and y_test = X_test θ*.
 */
export function peersSparseRegression(
  testSamples: number,
  stream: RandomStream,
): SparseRegressionData {
  const raw = JSON.parse(readFileSync(peersDataFile, 'utf8')) as {
    X: number[][];
    y: number[];
    theta_star: number[];
  };
  const n = raw.X.length;
  const d = raw.theta_star.length;
  const thetaStar = Float64Array.from(raw.theta_star);
  const testInputs = stream.fillGaussian(new Float64Array(testSamples * d), 1, 1);
  return {
    dimension: d,
    samples: n,
    inputs: Float64Array.from(raw.X.flat()),
    labels: Float64Array.from(raw.y),
    thetaStar,
    support: [...thetaStar.keys()].filter((j) => thetaStar[j] !== 0),
    testInputs,
    testLabels: multiply(testInputs, thetaStar, new Float64Array(testSamples)),
    inputMean: 1,
    inputStd: 1,
  };
}

/**
 * Held-out test error of the regression vector θ: (1/n_test)·Σ_i (⟨θ, x_i⟩ − y_i)² over the
 * test set (the peers' `test_mse`).
 */
export function heldOutMse(theta: Float64Array, data: SparseRegressionData): number {
  const d = data.dimension;
  const m = data.testLabels.length;
  let sum = 0;
  for (let i = 0; i < m; i++) {
    let prediction = 0;
    const row = i * d;
    for (let j = 0; j < d; j++) prediction += data.testInputs[row + j]! * theta[j]!;
    const error = prediction - data.testLabels[i]!;
    sum += error * error;
  }
  return sum / m;
}

/**
 * Population test error of θ, exactly: with δ = θ − θ* and x ~ 𝒩(μ·1, σ²·I),
 *
 *   E_x ⟨δ, x⟩² = σ²·‖δ‖² + μ²·(Σ_j δ_j)²,
 *
 * the peers' `test_mse_population` (μ = σ = 1). It needs no test set.
 *
 * @example
 * // θ = 0, θ* with five entries 1/√5, μ = σ = 1: ‖θ*‖² + (Σθ*)² = 1 + 5 = 6
 */
export function populationMse(theta: Float64Array, data: SparseRegressionData): number {
  let squares = 0;
  let sum = 0;
  for (let j = 0; j < data.dimension; j++) {
    const delta = theta[j]! - data.thetaStar[j]!;
    squares += delta * delta;
    sum += delta;
  }
  const { inputMean: mu, inputStd: sigma } = data;
  return sigma * sigma * squares + mu * mu * sum * sum;
}
