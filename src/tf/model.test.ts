import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ImageDataSet } from '../data/images.ts';
import { rank2Data } from '../data/rank2.ts';
import { createStream } from '../engine/random.ts';
import { sharpnessEstimator } from '../engine/sharpness.ts';
import { train } from '../engine/train.ts';
import { initialMlpParameters, mlpModel } from '../models/mlp.ts';
import { tfBackend } from './backend.ts';
import { tfClassifierModel } from './classifier.ts';
import { conv3x3 } from './conv.ts';
import { tfMlpLoss } from './mlp.ts';
import { tfModel } from './model.ts';
import { initialNetworkParameters, smallResidualCnn } from './network.ts';

function norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s);
}

function relativeDifference(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const d = Array.from(x, (v, i) => v - y[i]!);
  return norm(d) / norm(y);
}

beforeAll(async () => {
  await tfBackend();
});

describe('the MLP in tfjs against the float64 kernels', () => {
  const data = rank2Data(createStream(11, 'data'), 20, 30);
  const width = 16;
  const w = initialMlpParameters(createStream(11, 'init'), 20, width);
  const exact = mlpModel(data, width);

  test('loss and gradient agree at float32 precision (1e-5 and 1e-4 relative)', () => {
    const { loss, dispose } = tfMlpLoss(data, width);
    const model = tfModel(exact.dimension, loss, { relativeStep: 1e-3 });
    const g32 = new Float64Array(exact.dimension);
    const g64 = new Float64Array(exact.dimension);
    const l32 = model.lossAndGradient(w, g32);
    const l64 = exact.lossAndGradient(w, g64);
    expect(Math.abs(l32 - l64)).toBeLessThan(1e-5 * l64);
    expect(relativeDifference(g32, g64)).toBeLessThan(1e-4);
    dispose();
  });

  test('the central-difference product is within 1e-3 of the exact R-operator one', () => {
    const { loss, dispose } = tfMlpLoss(data, width);
    const model = tfModel(exact.dimension, loss, { relativeStep: 1e-3 });
    for (const seed of [1, 2, 3]) {
      const v = createStream(seed, 'direction').fillGaussian(new Float64Array(exact.dimension));
      const fd = new Float64Array(exact.dimension);
      const hv = new Float64Array(exact.dimension);
      model.hessianOperator(w)(v, fd);
      exact.hessianOperator(w)(v, hv);
      expect(relativeDifference(fd, hv)).toBeLessThan(1e-3);
    }
    dispose();
  });
});

/** Direct float64 evaluation of conv3x3 (padding 1, stride 1) on NHWC data. */
function convReference(
  x: Float64Array,
  [n, h, w, cin]: number[],
  k: ArrayLike<number>,
  cout: number,
): Float64Array {
  const out = new Float64Array(n! * h! * w! * cout);
  for (let b = 0; b < n!; b++)
    for (let i = 0; i < h!; i++)
      for (let j = 0; j < w!; j++)
        for (let o = 0; o < cout; o++) {
          let s = 0;
          for (let a = 0; a < 3; a++)
            for (let c = 0; c < 3; c++) {
              const y = i + a - 1;
              const z = j + c - 1;
              if (y < 0 || y >= h! || z < 0 || z >= w!) continue;
              for (let ci = 0; ci < cin!; ci++)
                s +=
                  x[((b * h! + y) * w! + z) * cin! + ci]! *
                  k[((a * 3 + c) * cin! + ci) * cout + o]!;
            }
          out[((b * h! + i) * w! + j) * cout + o] = s;
        }
  return out;
}

describe('conv3x3', () => {
  // wasm has no Conv2DBackpropFilter: both gradients come from src/tf/conv.ts.
  test('forward and both gradients match a float64 direct evaluation', () => {
    const shape = [2, 5, 6, 3];
    const cout = 4;
    const stream = createStream(5, 'conv');
    const x = stream.fillGaussian(new Float64Array(2 * 5 * 6 * 3));
    const k = stream.fillGaussian(new Float64Array(9 * 3 * cout));
    const r = stream.fillGaussian(new Float64Array(2 * 5 * 6 * cout));
    // L = Σ r ⊙ conv(x, k): ∂L/∂k and ∂L/∂x are linear in r, checked by differences of L.
    const objective = (xv: Float64Array, kv: Float64Array) =>
      convReference(xv, shape, kv, cout).reduce((s, v, i) => s + v * r[i]!, 0);
    const [gx, gk, value] = tf.tidy(() => {
      const xt = tf.tensor4d(Float32Array.from(x), shape as [number, number, number, number]);
      const kt = tf.tensor4d(Float32Array.from(k), [3, 3, 3, cout]);
      const rt = tf.tensor4d(Float32Array.from(r), [2, 5, 6, cout]);
      const f = (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(conv3x3(a as tf.Tensor4D, b as tf.Tensor4D), rt));
      const [ga, gb] = tf.grads(f)([xt, kt]);
      return [ga!.dataSync(), gb!.dataSync(), f(xt, kt).dataSync()[0]!];
    });
    expect(Math.abs(value - objective(x, k))).toBeLessThan(1e-4 * Math.abs(objective(x, k)) + 1e-4);
    // L is bilinear, so a central difference with any step is exact up to rounding.
    const fdK = Array.from(k, (_, i) => {
      const p = Float64Array.from(k);
      const m = Float64Array.from(k);
      p[i]! += 0.5;
      m[i]! -= 0.5;
      return objective(x, p) - objective(x, m);
    });
    const fdX = Array.from(x, (_, i) => {
      const p = Float64Array.from(x);
      const m = Float64Array.from(x);
      p[i]! += 0.5;
      m[i]! -= 0.5;
      return objective(p, k) - objective(m, k);
    });
    expect(relativeDifference(gk, fdK)).toBeLessThan(1e-5);
    expect(relativeDifference(gx, fdX)).toBeLessThan(1e-5);
  });

  test('stride 2 halves the size and its gradients have the shapes of x and the filter', () => {
    tf.tidy(() => {
      const x = tf.ones([1, 6, 6, 2]) as tf.Tensor4D;
      const k = tf.ones([3, 3, 2, 3]) as tf.Tensor4D;
      expect(conv3x3(x, k, 2).shape).toEqual([1, 3, 3, 3]);
      const [gx, gk] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(conv3x3(a as tf.Tensor4D, b as tf.Tensor4D, 2)),
      )([x, k]);
      expect(gx!.shape).toEqual([1, 6, 6, 2]);
      expect(gk!.shape).toEqual([3, 3, 2, 3]);
      // ∂/∂k[a, b, i, o] of Σ y = number of output positions reading x̄ at offset (a, b):
      // the corner offset (0, 0) misses the top row and left column (padding) at stride 2.
      expect(gk!.dataSync()[0]).toBe(4);
    });
  });
});

/** A 4×4, one-channel, two-class image set drawn from a stream. */
function tinyImages(seed: number, n: number): ImageDataSet {
  const stream = createStream(seed, 'images');
  return {
    name: 'tiny',
    images: Float32Array.from(stream.fillGaussian(new Float64Array(n * 16))),
    labels: Int32Array.from({ length: n }, (_, i) => i % 2),
    size: n,
    height: 4,
    width: 4,
    channels: 1,
    classes: [0, 1],
  };
}

/**
 * The loss of smallResidualCnn([4, 4, 1], 2, c, 1) written out in float64 loops from its
 * definition (block order stem, block0a, block0b, dense, bias).
 */
function cnnReferenceLoss(theta: Float64Array, data: ImageDataSet, c: number): number {
  const n = data.size;
  const x = Float64Array.from(data.images);
  let offset = 0;
  const take = (k: number) => {
    offset += k;
    return theta.subarray(offset - k, offset);
  };
  const stem = take(9 * c);
  const a = take(9 * c * c);
  const b = take(9 * c * c);
  const dense = take(2 * c);
  const bias = take(2);
  const relu = (v: Float64Array) => v.map((e) => Math.max(0, e));
  const h = relu(convReference(x, [n, 4, 4, 1], stem, c));
  const inner = relu(convReference(h, [n, 4, 4, c], a, c));
  const branch = convReference(inner, [n, 4, 4, c], b, c);
  const out = relu(h.map((e, i) => e + branch[i]!));
  let loss = 0;
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < 2; k++) {
      let f = bias[k]!;
      for (let ch = 0; ch < c; ch++) {
        let pooled = 0;
        for (let p = 0; p < 16; p++) pooled += out[(s * 16 + p) * c + ch]!;
        f += (pooled / 16) * dense[ch * 2 + k]!;
      }
      loss += 0.5 * (f - (data.labels[s] === k ? 1 : 0)) ** 2;
    }
  }
  return loss / n;
}

describe('the small residual CNN', () => {
  const data = tinyImages(3, 6);
  const network = smallResidualCnn([4, 4, 1], 2, 3, 1);
  const theta = initialNetworkParameters(network, createStream(3, 'init'));

  test('its loss equals the float64 definition at float32 precision', () => {
    const model = tfClassifierModel(network, data, { relativeStep: 1e-3 });
    const expected = cnnReferenceLoss(theta, data, 3);
    expect(Math.abs(model.loss(theta) - expected)).toBeLessThan(1e-5 * expected);
    model.dispose();
  });

  test('its Hessian-vector product is within 1e-3 of a float64 double difference', () => {
    // Reference: (Hv)_i = ∂²L/∂θ_i∂v by the four-point difference of the float64 loss at
    // step 1e-5 (no ReLU of this net changes sign within it), accurate to about 1e-6.
    const model = tfClassifierModel(network, data, { relativeStep: 1e-3 });
    const v = createStream(3, 'direction').fillGaussian(new Float64Array(network.parameterCount));
    const hv = new Float64Array(network.parameterCount);
    model.hessianOperator(theta)(v, hv);
    const h = 1e-5;
    const at = (si: number, i: number, sv: number) => {
      const p = Float64Array.from(theta);
      p[i]! += si * h;
      for (let j = 0; j < p.length; j++) p[j]! += sv * h * v[j]!;
      return cnnReferenceLoss(p, data, 3);
    };
    const reference = Array.from(
      theta,
      (_, i) => (at(1, i, 1) - at(1, i, -1) - at(-1, i, 1) + at(-1, i, -1)) / (4 * h * h),
    );
    expect(relativeDifference(hv, reference)).toBeLessThan(1e-3);
    model.dispose();
  });

  test('training leaves no tensor behind but the activation pattern of the last sample', () => {
    const model = tfClassifierModel(network, data, { relativeStep: 1e-3 });
    const before = tf.memory().numTensors;
    const run = (steps: number) =>
      train({
        model,
        initial: theta,
        steps,
        schedule: () => 0.1,
        momentum: 0.9,
        sharpness: {
          every: 2,
          estimator: sharpnessEstimator(model, {
            method: 'lanczos',
            stream: createStream(3, 'solver'),
            maxIterations: 5,
            tolerance: 1e-3,
          }),
        },
      });
    run(6);
    model.accuracy(theta);
    // The last sample (at w_T) keeps one frozen ReLU mask per ReLU of the net: three.
    expect(tf.memory().numTensors).toBe(before + 3);
    run(12);
    expect(tf.memory().numTensors).toBe(before + 3);
    model.lossAndGradient(theta, new Float64Array(network.parameterCount));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before - 2);
  });

  test('a Hessian operator used after the next gradient throws instead of answering', () => {
    const model = tfClassifierModel(network, data, { relativeStep: 1e-3 });
    const operator = model.hessianOperator(theta);
    model.lossAndGradient(theta, new Float64Array(network.parameterCount));
    const out = new Float64Array(network.parameterCount);
    expect(() => operator(theta, out)).toThrow(/stale/);
    model.dispose();
  });

  test('bad input names the argument, the rule and the value', () => {
    const model = tfClassifierModel(network, data, { relativeStep: 1e-3 });
    expect(() => model.loss(new Float64Array(2))).toThrow(
      `w must have length ${network.parameterCount}, got 2`,
    );
    model.dispose();
    expect(() =>
      tfClassifierModel(smallResidualCnn([5, 5, 1], 2, 3, 1), data, { relativeStep: 1e-3 }),
    ).toThrow('data must be 5×5×1 images for small-residual-c3-b1, got 4×4×1');
  });
});
