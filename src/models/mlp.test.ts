import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, test } from 'vitest';
import { type RegressionData, rank2Data } from '../data/rank2.ts';
import { lanczosLargest } from '../engine/lanczos.ts';
import { createStream } from '../engine/random.ts';
import { initialMlpParameters, mlpModel, mlpParameterCount } from './mlp.ts';
import { denseHessian, type Model } from './model.ts';

/**
 * The loss written out with scalar loops straight from the definition, as an independent
 * reference: f(x) = m^{−1/2} Σ_k W₃[k] σ(m^{−1/2} Σ_j W₂[k,j] σ(d^{−1/2} Σ_l W₁[j,l] x_l)).
 */
function referenceLoss(w: Float64Array, data: RegressionData, m: number): number {
  const d = data.dimension;
  let sum = 0;
  for (let i = 0; i < data.size; i++) {
    const h1 = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      let z = 0;
      for (let l = 0; l < d; l++) z += w[j * d + l]! * data.inputs[i * d + l]!;
      h1[j] = Math.max(0, z / Math.sqrt(d));
    }
    let f = 0;
    for (let k = 0; k < m; k++) {
      let z = 0;
      for (let j = 0; j < m; j++) z += w[m * d + k * m + j]! * h1[j]!;
      f += w[m * d + m * m + k]! * Math.max(0, z / Math.sqrt(m));
    }
    sum += (f / Math.sqrt(m) - data.targets[i]!) ** 2;
  }
  return sum / (2 * data.size);
}

function norm(x: Float64Array): number {
  return Math.sqrt(x.reduce((s, v) => s + v * v, 0));
}

function relativeDifference(x: Float64Array, y: Float64Array): number {
  return norm(x.map((v, i) => v - y[i]!)) / norm(y);
}

/** (∇L(w + h·v) − ∇L(w − h·v)) / (2h), the central difference of the gradient along v. */
function gradientDifference(model: Model, w: Float64Array, v: Float64Array, h: number) {
  const plus = new Float64Array(model.dimension);
  const minus = new Float64Array(model.dimension);
  model.lossAndGradient(
    w.map((x, i) => x + h * v[i]!),
    plus,
  );
  model.lossAndGradient(
    w.map((x, i) => x - h * v[i]!),
    minus,
  );
  return plus.map((x, i) => (x - minus[i]!) / (2 * h));
}

/** A tiny instance: d = 5, m = 4, n = 7, so P = 20 + 16 + 4 = 40. */
function tiny(seed = 3) {
  const data = rank2Data(createStream(seed, 'data'), 5, 7);
  const model = mlpModel(data, 4);
  const w = initialMlpParameters(createStream(seed, 'init'), 5, 4);
  return { data, model, w };
}

describe('mlpModel', () => {
  test('has P = m·d + m² + m parameters (67,712 at d = 400, m = 128)', () => {
    expect(mlpParameterCount(400, 128)).toBe(67_712);
    expect(tiny().model.dimension).toBe(40);
  });

  test('loss equals the scalar-loop definition of (1/2n)Σ(f(x) − y)² to 1e-14', () => {
    for (const seed of [3, 4, 5]) {
      const { data, model, w } = tiny(seed);
      const expected = referenceLoss(w, data, 4);
      expect(Math.abs(model.loss(w) - expected)).toBeLessThanOrEqual(1e-14 * expected);
      const g = new Float64Array(model.dimension);
      expect(model.lossAndGradient(w, g)).toBe(model.loss(w));
    }
  });

  test('lossOn a second data set equals the definition there', () => {
    const { model, w } = tiny();
    const test = rank2Data(createStream(3, 'data-test'), 5, 11);
    const expected = referenceLoss(w, test, 4);
    expect(Math.abs(model.lossOn(w, test) - expected)).toBeLessThanOrEqual(1e-14 * expected);
  });

  test('gradient agrees with central differences of the loss (step 1e-6) to 1e-7', () => {
    const { data, model, w } = tiny();
    const g = new Float64Array(model.dimension);
    model.lossAndGradient(w, g);
    const h = 1e-6;
    const fd = new Float64Array(model.dimension);
    for (let i = 0; i < model.dimension; i++) {
      const plus = Float64Array.from(w);
      const minus = Float64Array.from(w);
      plus[i]! += h;
      minus[i]! -= h;
      fd[i] = (referenceLoss(plus, data, 4) - referenceLoss(minus, data, 4)) / (2 * h);
    }
    expect(relativeDifference(g, fd)).toBeLessThan(1e-7);
  });

  test('Hessian-vector product agrees with central differences of the gradient (step 1e-6)', () => {
    // Larger steps cross ReLU kinks, where the gradient jumps (BENCHMARKS.md).
    for (const seed of [3, 4]) {
      const { model, w } = tiny(seed);
      const v = createStream(seed, 'direction').fillGaussian(new Float64Array(model.dimension));
      const hv = new Float64Array(model.dimension);
      model.hessianOperator(w)(v, hv);
      expect(relativeDifference(hv, gradientDifference(model, w, v, 1e-6))).toBeLessThan(1e-7);
    }
  });

  test('the dense Hessian is symmetric and matches gradient differences column by column', () => {
    const { model, w } = tiny();
    const columns = denseHessian(model, w);
    const p = model.dimension;
    let scale = 0;
    let asymmetry = 0;
    for (let i = 0; i < p; i++)
      for (let j = 0; j < p; j++) {
        scale = Math.max(scale, Math.abs(columns[j]![i]!));
        asymmetry = Math.max(asymmetry, Math.abs(columns[j]![i]! - columns[i]![j]!));
      }
    expect(asymmetry).toBeLessThanOrEqual(1e-13 * scale);

    const h = 1e-6;
    const gPlus = new Float64Array(p);
    const gMinus = new Float64Array(p);
    let worst = 0;
    for (let j = 0; j < p; j++) {
      const plus = Float64Array.from(w);
      const minus = Float64Array.from(w);
      plus[j]! += h;
      minus[j]! -= h;
      model.lossAndGradient(plus, gPlus);
      model.lossAndGradient(minus, gMinus);
      for (let i = 0; i < p; i++) {
        const fd = (gPlus[i]! - gMinus[i]!) / (2 * h);
        worst = Math.max(worst, Math.abs(fd - columns[j]![i]!));
      }
    }
    expect(worst).toBeLessThanOrEqual(1e-7 * scale);
  });

  test('Lanczos on the product finds the largest eigenvalue of the dense Hessian', () => {
    const { model, w } = tiny(4);
    const columns = denseHessian(model, w);
    const dense = new Matrix(columns.map((c) => Array.from(c)));
    const values = new EigenvalueDecomposition(dense, { assumeSymmetric: true }).realEigenvalues;
    const largest = Math.max(...values);
    const start = createStream(4, 'solver').fillGaussian(new Float64Array(model.dimension));
    const result = lanczosLargest(model.hessianOperator(w), model.dimension, { start });
    expect(Math.abs(result.value - largest)).toBeLessThanOrEqual(1e-9 * Math.abs(largest));
  });

  test('the MLP at width 17 (d = 24, n = 10): product matches gradient differences', () => {
    // A size where every 4×4 tile of the kernels and its remainders is used.
    const data = rank2Data(createStream(7, 'data'), 24, 10);
    const model = mlpModel(data, 17);
    const w = initialMlpParameters(createStream(7, 'init'), 24, 17);
    const v = createStream(7, 'direction').fillGaussian(new Float64Array(model.dimension));
    const hv = new Float64Array(model.dimension);
    model.hessianOperator(w)(v, hv);
    expect(relativeDifference(hv, gradientDifference(model, w, v, 1e-7))).toBeLessThan(1e-6);
  });

  test('a stale Hessian operator throws instead of answering for the wrong point', () => {
    const { model, w } = tiny();
    const first = model.hessianOperator(w);
    model.hessianOperator(w);
    const out = new Float64Array(model.dimension);
    expect(() => first(w, out)).toThrow(/stale/);
  });

  test('bad input names the argument, the rule and the value', () => {
    const { data, model } = tiny();
    expect(() => model.loss(new Float64Array(3))).toThrow('w must have length 40, got 3');
    expect(() => mlpModel(data, 0)).toThrow('width must be a positive integer, got 0');
  });
});
