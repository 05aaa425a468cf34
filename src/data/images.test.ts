import { describe, expect, test } from 'vitest';
import { balancedFirst, downsample, type ImageDataSet, standardiseChannels } from './images.ts';

function images(values: number[], height: number, width: number, channels = 1): ImageDataSet {
  const size = values.length / (height * width * channels);
  return {
    name: 'test',
    images: Float32Array.from(values),
    labels: new Int32Array(size),
    size,
    height,
    width,
    channels,
    classes: [0, 1],
  };
}

describe('balancedFirst', () => {
  test('takes the first examples of each class and interleaves them', () => {
    expect(balancedFirst([5, 3, 5, 3, 5], [3, 5], 3)).toEqual([
      { index: 1, label: 0 },
      { index: 0, label: 1 },
      { index: 3, label: 0 },
    ]);
  });

  test('says which class is short', () => {
    expect(() => balancedFirst([5, 3, 5], [3, 5], 4)).toThrow(
      'class 3 has 1 examples, 2 are needed for 4 images',
    );
  });
});

describe('standardiseChannels', () => {
  test('gives every channel mean 0 and standard deviation 1', () => {
    const data = images([1, 10, 2, 20, 3, 30, 4, 40], 2, 2, 2);
    standardiseChannels(data);
    for (const c of [0, 1]) {
      const values = Array.from(data.images).filter((_, i) => i % 2 === c);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
      expect(Math.abs(mean)).toBeLessThan(1e-6);
      expect(Math.abs(variance - 1)).toBeLessThan(1e-6);
    }
  });

  test('only centres a constant channel', () => {
    const data = images([2, 2, 2, 2], 2, 2);
    standardiseChannels(data);
    expect(Array.from(data.images)).toEqual([0, 0, 0, 0]);
  });
});

describe('downsample', () => {
  test('averages 2×2 blocks of a 4×2 image into a 2×1 image', () => {
    const out = downsample(images([1, 2, 3, 4, 5, 6, 7, 8], 4, 2), 2);
    expect([out.height, out.width]).toEqual([2, 1]);
    expect(Array.from(out.images)).toEqual([2.5, 6.5]);
  });

  test('rejects a factor that does not divide the size', () => {
    expect(() => downsample(images([1, 2, 3, 4, 5, 6], 3, 2), 2)).toThrow(
      'downsample factor must be a positive integer dividing 3×2, got 2',
    );
  });
});
