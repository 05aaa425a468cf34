import { describe, expect, test } from 'vitest';
import { createStream } from '../engine/random.ts';
import { assertClose } from '../testing/close.ts';
import {
  heldOutMse,
  peersSparseRegression,
  populationMse,
  type SparseRegressionConfig,
  sparseRegression,
  sparseRegressionPresets,
} from './sparse-regression.ts';

const config: SparseRegressionConfig = sparseRegressionPresets.d100;

describe('sparseRegression', () => {
  const data = sparseRegression(config, createStream(0, 'data'));

  test('θ* has exactly r entries 1/√r, on the drawn support, and zeros elsewhere', () => {
    expect(new Set(data.support).size).toBe(5);
    const nonzero = [...data.thetaStar.keys()].filter((j) => data.thetaStar[j] !== 0);
    expect(nonzero).toEqual([...data.support].sort((a, b) => a - b));
    for (const j of nonzero) expect(data.thetaStar[j]).toBe(1 / Math.sqrt(5));
  });

  test('noiseless labels are exactly Xθ* and the test labels X_test θ*', () => {
    expect(data.inputs.length).toBe(5000);
    expect(data.testInputs.length).toBe(100_000);
    for (const [x, y, rows] of [
      [data.inputs, data.labels, 50],
      [data.testInputs, data.testLabels, 1000],
    ] as const) {
      for (let i = 0; i < rows; i++) {
        const expected = data.support.reduce(
          (sum, j) => sum + x[i * 100 + j]! * data.thetaStar[j]!,
          0,
        );
        assertClose(y[i]!, expected, { absolute: 1e-15, relative: 1e-15 }, `label ${i}`);
      }
    }
  });

  test('the inputs have mean μ and standard deviation σ (5 standard errors)', () => {
    const shifted = sparseRegression(
      { ...config, inputMean: 2, inputStd: 0.5 },
      createStream(1, 'data'),
    );
    const x = shifted.testInputs;
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
    assertClose(mean, 2, { absolute: (5 * 0.5) / Math.sqrt(x.length) }, 'mean');
    assertClose(Math.sqrt(variance), 0.5, { absolute: (5 * 0.5) / Math.sqrt(2 * x.length) }, 'σ');
  });

  test('the same seed gives the same set; another seed another support and design', () => {
    const again = sparseRegression(config, createStream(0, 'data'));
    expect(again.inputs).toEqual(data.inputs);
    expect(again.support).toEqual(data.support);
    const other = sparseRegression(config, createStream(1, 'data'));
    expect(other.inputs[0]).not.toBe(data.inputs[0]);
  });

  test('label noise changes only the training labels, by draws of standard deviation σ_ε', () => {
    const noisy = sparseRegression({ ...config, labelNoiseStd: 0.1 }, createStream(0, 'data'));
    expect(noisy.inputs).toEqual(data.inputs);
    expect(noisy.testInputs).toEqual(data.testInputs);
    const noise = noisy.labels.map((y, i) => y - data.labels[i]!);
    const rms = Math.sqrt(noise.reduce((s, e) => s + e * e, 0) / noise.length);
    expect(rms).toBeGreaterThan(0.05);
    expect(rms).toBeLessThan(0.15);
  });
});

describe('test errors', () => {
  const data = sparseRegression(
    { ...config, inputMean: 1.5, inputStd: 0.8, testSamples: 20_000 },
    createStream(2, 'data'),
  );

  test('population MSE at θ = 0 is σ²‖θ*‖² + μ²(Σθ*)² = 0.64 + 2.25·5', () => {
    assertClose(
      populationMse(new Float64Array(100), data),
      0.64 + 2.25 * 5,
      { relative: 1e-15 },
      'MSE',
    );
  });

  test('population MSE is zero at θ* and held-out MSE is zero there too', () => {
    expect(populationMse(data.thetaStar, data)).toBe(0);
    expect(heldOutMse(data.thetaStar, data)).toBe(0);
  });

  test('held-out MSE on 20,000 points is the population MSE within 5 standard errors', () => {
    const theta = createStream(3, 'theta').fillGaussian(new Float64Array(100), 0, 0.05);
    const population = populationMse(theta, data);
    // ⟨δ, x⟩ is Gaussian, so its square has variance 2·E², and the mean's standard error is
    // E·√(2/m).
    const standardError = population * Math.sqrt(2 / 20_000);
    assertClose(heldOutMse(theta, data), population, { absolute: 5 * standardError }, 'MSE');
  });
});

describe('peersSparseRegression', () => {
  test('reads the peers’ X (50 × 100), y and θ* as stored, and draws a test set', () => {
    const data = peersSparseRegression(200, createStream(0, 'data'));
    expect([data.samples, data.dimension, data.inputs.length]).toEqual([50, 100, 5000]);
    // The first entries of X and y in peers/data/ldn_d100_n50_seed0.json.
    expect(data.inputs[0]).toBe(1.3615950549094848);
    expect(data.inputs[1]).toBe(2.3040000451301372);
    expect(data.labels[0]).toBe(3.4462091327748414);
    expect(data.support).toEqual([26, 30, 50, 61, 81]);
    expect(data.testLabels.length).toBe(200);
    assertClose(populationMse(new Float64Array(100), data), 6, { relative: 1e-14 }, 'MSE at θ = 0');
  });
});
