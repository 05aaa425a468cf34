import { describe, expect, test } from 'vitest';
import type { Model } from '../models/model.ts';
import { toyModel } from '../models/toy.ts';
import { assertClose } from '../testing/close.ts';
import { createStream } from './random.ts';
import { constantSchedule, linearWarmup } from './schedule.ts';
import { sharpnessEstimator } from './sharpness.ts';
import { train } from './train.ts';

/** f = λx²/2 in one dimension, with closed-form sharpness λ. */
function quadratic(lambda: number): Model {
  return {
    dimension: 1,
    loss: (w) => 0.5 * lambda * w[0]! * w[0]!,
    lossAndGradient(w, g) {
      g[0] = lambda * w[0]!;
      return 0.5 * lambda * w[0]! * w[0]!;
    },
    hessianOperator: () => (v, out) => {
      out[0] = lambda * v[0]!;
    },
    sharpness: () => lambda,
  };
}

const closedForm = (model: Model) =>
  sharpnessEstimator(model, { stream: createStream(0, 'solver') });

describe('train', () => {
  test('records loss at w₀ … w_T, the rate of each update, and coordinates', () => {
    const result = train({
      model: quadratic(1),
      initial: Float64Array.of(1),
      steps: 3,
      schedule: constantSchedule(0.5),
      momentum: 0,
      recordCoordinates: [0],
    });
    // GD with η = 0.5 on x²/2 halves x: 1, 0.5, 0.25, 0.125
    expect(Array.from(result.coordinates[0]!)).toEqual([1, 0.5, 0.25, 0.125]);
    expect(Array.from(result.loss)).toEqual([0.5, 0.125, 0.03125, 0.0078125]);
    expect(Array.from(result.learningRate)).toEqual([0.5, 0.5, 0.5]);
    expect(result.outcome).toEqual({ status: 'completed' });
  });

  test('samples sharpness every k steps and at w_T, with MSS (2 + 2β)/η_t', () => {
    const model = quadratic(3);
    const result = train({
      model,
      initial: Float64Array.of(1),
      steps: 10,
      schedule: linearWarmup(0, 0.1, 5),
      momentum: 0.5,
      sharpness: { every: 4, estimator: closedForm(model) },
    });
    expect(result.sharpness.step).toEqual([0, 4, 8, 10]);
    expect(result.sharpness.value).toEqual([3, 3, 3, 3]);
    // η_0 = 0.02, η_4 = η_8 = η_10 = 0.1
    assertClose(result.sharpness.mss, [150, 30, 30, 30], { relative: 1e-14 }, 'MSS');
  });

  test.each([
    ['above the cap', 3, 1e3, 'above-cap'],
    ['to infinity', 3, Number.POSITIVE_INFINITY, 'infinite'],
  ])(
    'a run whose loss grows %s ends as diverged with its step, without throwing',
    (_l, lambda, cap, reason) => {
      // GD with ηλ = 3 multiplies x by −2 per step: loss 1.5·4^t
      const result = train({
        model: quadratic(lambda),
        initial: Float64Array.of(1),
        steps: 10_000,
        schedule: constantSchedule(1),
        momentum: 0,
        lossCap: cap,
      });
      expect(result.outcome.status).toBe('diverged');
      if (result.outcome.status !== 'diverged') return;
      expect(result.outcome.reason).toBe(reason);
      if (reason === 'above-cap') {
        // 1.5·4^t > 1000 first at t = 5 (1536)
        expect(result.outcome.step).toBe(5);
        expect(result.loss).toHaveLength(6);
      }
      expect(result.stepsDone).toBe(result.outcome.step);
    },
  );

  test('a NaN loss (the toy leaving y > 0) ends the run as diverged with reason nan', () => {
    const result = train({
      model: toyModel('x2-over-2y'),
      initial: Float64Array.of(0.1, -1),
      steps: 5,
      schedule: constantSchedule(0.1),
      momentum: 0,
    });
    expect(result.outcome).toMatchObject({ status: 'diverged', step: 0, reason: 'nan' });
  });

  test(
    'freezeOnInstability keeps η at its value from the first sample with S > MSS (Fig. ' + '2b)',
    () => {
      const model = quadratic(10);
      // warmup to η = 1 over 100 steps; MSS = 2/η_t falls below S = 10 once η_t > 0.2, i.e.
      // (t + 1)/100 > 0.2, first at t = 20 (η_20 = 0.21)
      const result = train({
        model,
        initial: Float64Array.of(1e-3),
        steps: 60,
        schedule: linearWarmup(0, 1, 100),
        momentum: 0,
        sharpness: { every: 1, estimator: closedForm(model) },
        freezeOnInstability: true,
      });
      expect(result.freezeStep).toBe(20);
      expect(result.learningRate[20]).toBe(0.21);
      expect(result.learningRate[59]).toBe(0.21);
    },
  );

  test('project is applied to every new iterate', () => {
    const result = train({
      model: quadratic(1),
      initial: Float64Array.of(1),
      steps: 4,
      schedule: constantSchedule(1),
      momentum: 0,
      recordCoordinates: [0],
      project: (w) => {
        w[0] = Math.max(w[0]!, 0.25);
      },
    });
    expect(Array.from(result.coordinates[0]!)).toEqual([1, 0.25, 0.25, 0.25, 0.25]);
  });
});
