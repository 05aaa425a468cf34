import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { createStream } from '../engine/random.ts';
import { tfBackend } from './backend.ts';
import { initialNetworkParameters, resnet20, smallResidualCnn } from './network.ts';

beforeAll(async () => {
  await tfBackend();
});

describe('ResNet20 (SPEC 6.3, no batch normalisation)', () => {
  const network = resnet20([32, 32, 3], 10);

  test('has 268,346 parameters: stem 432, stages 13,824 + 50,688 + 202,752, head 650', () => {
    expect(network.parameterCount).toBe(268_346);
  });

  test('maps two CIFAR-sized images to 10 outputs of order one, with a finite gradient', () => {
    const theta = initialNetworkParameters(network, createStream(0, 'init'));
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = tf.tensor4d(
        Float32Array.from(createStream(0, 'x').fillGaussian(new Float64Array(2 * 32 * 32 * 3))),
        [2, 32, 32, 3],
      );
      const t = tf.tensor1d(Float32Array.from(theta));
      const f = network.apply(t, x);
      expect(f.shape).toEqual([2, 10]);
      const values = Array.from(f.dataSync());
      expect(values.every(Number.isFinite)).toBe(true);
      // The Fixup-style scaling keeps the output of the untrained net of order one.
      expect(Math.max(...values.map(Math.abs))).toBeLessThan(10);
      const g = tf.grad((p: tf.Tensor) => tf.sum(tf.square(network.apply(p as tf.Tensor1D, x))))(t);
      expect(g.shape).toEqual([268_346]);
      expect(Array.from(g.dataSync()).every(Number.isFinite)).toBe(true);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('initialNetworkParameters', () => {
  test('draws each block with its own standard deviation and zero biases, from the stream', () => {
    const network = smallResidualCnn([7, 7, 1], 2, 8, 1);
    const theta = initialNetworkParameters(network, createStream(1, 'init'));
    const again = initialNetworkParameters(network, createStream(1, 'init'));
    expect(Array.from(again)).toEqual(Array.from(theta));
    // Blocks: stem 72 (std √(2/9)), block0a 576, block0b 576 (std √(2/72)), dense 16, bias 2.
    const std = (from: number, to: number) =>
      Math.sqrt(theta.slice(from, to).reduce((s, v) => s + v * v, 0) / (to - from));
    expect(std(72, 648) / Math.sqrt(2 / 72)).toBeGreaterThan(0.9);
    expect(std(72, 648) / Math.sqrt(2 / 72)).toBeLessThan(1.1);
    expect(Array.from(theta.slice(-2))).toEqual([0, 0]);
  });
});
