import { describe, expect, test } from 'vitest';
import { createStream, sampleWithoutReplacement } from './random.ts';

describe('createStream', () => {
  test('the first draws of seed 0, stream "init" are pinned (a change changes every run)', () => {
    const uniform = createStream(0, 'init');
    expect([uniform.uniform(), uniform.uniform(), uniform.uniform()]).toEqual([
      0.19586313914325237, 0.3525377640980516, 0.19548831352823381,
    ]);
    const normal = createStream(0, 'init');
    expect([normal.gaussian(), normal.gaussian(), normal.gaussian()]).toEqual([
      -1.1261111526542724, -0.5460004682652894, -1.4080702262414406,
    ]);
  });

  test('the same seed and name give the same sequence; another name gives another one', () => {
    const a = createStream(7, 'data');
    const b = createStream(7, 'data');
    const c = createStream(7, 'init');
    const drawA = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(drawA);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(drawA);
  });

  test('gaussian draws have mean 0 and variance 1 within 5 standard errors (n = 200000)', () => {
    const stream = createStream(3, 'solver');
    const n = 200_000;
    const draws = stream.fillGaussian(new Float64Array(n));
    const mean = draws.reduce((s, x) => s + x, 0) / n;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    // standard errors: 1/√n for the mean, √(2/n) for the variance of a normal sample
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });

  test('fillGaussian applies mean and standard deviation', () => {
    const plain = createStream(1, 'data').fillGaussian(new Float64Array(4));
    const shifted = createStream(1, 'data').fillGaussian(new Float64Array(4), 1, 2);
    expect(Array.from(shifted)).toEqual(Array.from(plain, (z) => 1 + 2 * z));
  });

  test('integer(n) rejects a non-positive or fractional n, naming it', () => {
    const stream = createStream(0, 'data');
    expect(() => stream.integer(0)).toThrow('n must be a positive integer, got 0');
    expect(() => stream.integer(2.5)).toThrow('got 2.5');
  });
});

describe('sampleWithoutReplacement', () => {
  test('returns k distinct indices in range', () => {
    const picked = sampleWithoutReplacement(createStream(0, 'data'), 100, 5);
    expect(picked).toHaveLength(5);
    expect(new Set(picked).size).toBe(5);
    expect(picked.every((i) => Number.isInteger(i) && i >= 0 && i < 100)).toBe(true);
  });

  test('k = n is a permutation', () => {
    const picked = sampleWithoutReplacement(createStream(2, 'data'), 10, 10);
    expect([...picked].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('rejects k outside [0, n]', () => {
    expect(() => sampleWithoutReplacement(createStream(0, 'data'), 3, 4)).toThrow(
      'k must be an integer in [0, 3], got 4',
    );
  });
});
