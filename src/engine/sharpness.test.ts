import { describe, expect, test } from 'vitest';
import { toyModel } from '../models/toy.ts';
import { assertClose } from '../testing/close.ts';
import { createStream } from './random.ts';
import { linearWarmup } from './schedule.ts';
import { sharpnessEstimator } from './sharpness.ts';
import { train } from './train.ts';

describe('sharpnessEstimator', () => {
  test('uses the closed form when the model has one', () => {
    const model = toyModel('x2-over-2y');
    const estimator = sharpnessEstimator(model, { stream: createStream(0, 'solver') });
    expect(estimator.method).toBe('closed-form');
    expect(estimator.estimate(Float64Array.of(0, 0.1))).toEqual({
      value: 10,
      residual: 0,
      iterations: 0,
      converged: true,
    });
  });

  test('warm-started Lanczos follows the closed form along a whole heavy-ball run', () => {
    const model = toyModel('x2-over-2y');
    const run = (method: 'closed-form' | 'lanczos') =>
      train({
        model,
        initial: Float64Array.of(0.1, 0.1),
        steps: 1500,
        schedule: linearWarmup(0, 3.8, 1000),
        momentum: 0.9,
        sharpness: {
          every: 10,
          estimator: sharpnessEstimator(model, { method, stream: createStream(0, 'solver') }),
        },
      });
    const exact = run('closed-form');
    const lanczos = run('lanczos');
    assertClose(
      lanczos.sharpness.value,
      exact.sharpness.value,
      { relative: 1e-10 },
      'sharpness trace',
    );
    expect(lanczos.sharpness.iterations.every((k) => k >= 1 && k <= 2)).toBe(true);
  });

  test('refuses closed-form on a model without one', () => {
    const { sharpness: _s, ...model } = toyModel('x2-over-y');
    expect(() =>
      sharpnessEstimator(model, { method: 'closed-form', stream: createStream(0, 'solver') }),
    ).toThrow('needs a model with a closed-form sharpness');
  });
});
