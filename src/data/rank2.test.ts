import { describe, expect, test } from 'vitest';
import { createStream } from '../engine/random.ts';
import { rank2Data, rank2Presets, rank2Problem } from './rank2.ts';

describe('rank-2 data (SPEC 6.2)', () => {
  test('every target is the product of the first two input coordinates', () => {
    const data = rank2Data(createStream(0, 'data'), 6, 50);
    for (let i = 0; i < data.size; i++) {
      expect(data.targets[i]).toBe(data.inputs[i * 6]! * data.inputs[i * 6 + 1]!);
    }
  });

  test('inputs are standard normal: mean within 0.02 and variance within 0.03 of 0 and 1', () => {
    // 40,000 draws: the standard errors are 0.005 (mean) and 0.007 (variance).
    const { inputs } = rank2Data(createStream(1, 'data'), 400, 100);
    const mean = inputs.reduce((s, x) => s + x, 0) / inputs.length;
    const variance = inputs.reduce((s, x) => s + (x - mean) ** 2, 0) / inputs.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });

  test('the presets read rank2-A-B as d = A, n = B with 1000 test points', () => {
    expect(rank2Presets['rank2-400-200']).toEqual({
      dimension: 400,
      trainSize: 200,
      testSize: 1000,
    });
    expect(rank2Presets['rank2-400-4000'].trainSize).toBe(4000);
  });

  test('the training set does not depend on the test size (separate streams)', () => {
    const stream = (name: string) => createStream(5, name);
    const a = rank2Problem(stream, { dimension: 8, trainSize: 20, testSize: 10 });
    const b = rank2Problem(stream, { dimension: 8, trainSize: 20, testSize: 30 });
    expect(Array.from(b.train.inputs)).toEqual(Array.from(a.train.inputs));
    expect(Array.from(b.test.inputs.subarray(0, 80))).toEqual(Array.from(a.test.inputs));
  });

  test('bad sizes name the argument, the rule and the value', () => {
    expect(() => rank2Data(createStream(0, 'data'), 1, 5)).toThrow(
      'dimension must be an integer ≥ 2, got 1',
    );
    expect(() => rank2Data(createStream(0, 'data'), 4, 0)).toThrow(
      'size must be a positive integer, got 0',
    );
  });
});
