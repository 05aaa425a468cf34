import { describe, expect, test } from 'vitest';
import { createStream } from '../engine/random.ts';
import { predictedYLimit } from '../experiments/toy-analysis.ts';
import { toyModel } from '../models/toy.ts';
import {
  coastingYClosedForm,
  momentumOffX,
  oscillationCondition,
  sequenceBehaviour,
  simulateCoastingY,
  stabilityCondition,
  toyHeavyBall,
} from './late-phase.ts';
import { modulus, quadraticRoots } from './roots.ts';

describe('App. C, Eqs. (13)–(14): y coasting on its momentum', () => {
  test('the closed form (14) matches the simulated (13) and tends to ȳ', () => {
    for (const momentum of [0.5, 0.9, 0.99]) {
      const y = simulateCoastingY(2, 1.9, momentum, 3000);
      for (const k of [0, 1, 2, 50, 3000]) {
        const exact = coastingYClosedForm(2, 1.9, momentum, k);
        // Each step adds a rounding error of about one ulp of y.
        expect(Math.abs(y[k]! - exact)).toBeLessThan((k + 1) * 1e-15 * exact);
      }
      const limit = predictedYLimit([1.9, 2], 1, momentum);
      expect(Math.abs(coastingYClosedForm(2, 1.9, momentum, 1e6) - limit)).toBeLessThan(1e-12);
    }
  });
});

describe('App. C, Eq. (15): stability and oscillation conditions', () => {
  test('conditions at hand-picked points', () => {
    // β = 0.9: stable for 0 < ηS < 3.8; complex roots for (1 − √β)² < ηS < (1 + √β)²
    expect(stabilityCondition(3.79, 0.9)).toBe(true);
    expect(stabilityCondition(3.81, 0.9)).toBe(false);
    expect(stabilityCondition(-0.01, 0.9)).toBe(false);
    expect(oscillationCondition(1, 0.9)).toBe(true);
    expect(oscillationCondition(0.002, 0.9)).toBe(false);
    expect(oscillationCondition(1, 0)).toBe(false);
  });

  test('the measured rate is the largest root modulus, at 30 seeded (p, b)', () => {
    const stream = createStream(4, 'theory-test');
    for (let i = 0; i < 30; i++) {
      const p = -2.5 + 5 * stream.uniform();
      const b = 0.99 * stream.uniform();
      const roots = quadraticRoots(p, b);
      const largest = Math.max(modulus(roots[0]), modulus(roots[1]));
      const measured = sequenceBehaviour(p, b, 1, -0.3, 20000).rate;
      // ‖(x_{t−1}, x_t)‖ is within constant factors of largestᵗ (a t·rᵗ factor when
      // the roots nearly coincide), so over 10,000 steps the rate is off by < 1e-3.
      expect(Math.abs(measured / largest - 1)).toBeLessThan(1e-3);
    }
  });

  test('rescaling keeps the sequence: an unrescaled run counts the same sign changes', () => {
    let before = 1;
    let current = 0.2;
    let changes = 0;
    for (let t = 1; t < 200; t++) {
      const next = 1.2 * current - 0.81 * before;
      if (next * current < 0) changes++;
      before = current;
      current = next;
    }
    const measured = sequenceBehaviour(1.2, 0.81, 1, 0.2, 200);
    expect(measured.signChanges).toBe(changes);
    expect(Math.abs(measured.rate - 0.9)).toBeLessThan(1e-2);
    // The same run rescaled 20 times over (roots of modulus 0.9 for 40,000 steps).
    expect(Math.abs(sequenceBehaviour(1.2, 0.81, 1, 0.2, 40000).rate - 0.9)).toBeLessThan(1e-4);
  });

  test('Eq. (17) is Eq. (16) iterated, and an exact zero stops the sequence', () => {
    let x = 3;
    for (let k = 1; k <= 50; k++) {
      x *= 1 - 0.3;
      expect(Math.abs(x - momentumOffX(0.3, 3, k))).toBeLessThan(1e-14 * Math.abs(x));
    }
    expect(sequenceBehaviour(0, 0, 1, 1, 10).rate).toBe(0);
    expect(() => sequenceBehaviour(0.5, 0, 1, 1, 3)).toThrow('steps must be an integer ≥ 4, got 3');
  });
});

describe('App. C, Eqs. (10)–(11): heavy ball on x²/(2y) at constant η', () => {
  test('one step by hand, and y_N + βv_N/(1 − β) = ȳ + Σ_{t<N} f_t/(1 − β) to rounding', () => {
    const model = toyModel('x2-over-2y');
    const start = { x: 0.01, y: 2, previousX: -0.0105, previousY: 1.999 };
    const path = toyHeavyBall(model, 1.5, 0.9, start, 4000);
    // x₁ = 0.01 − 1.5·0.01/2 + 0.9·(0.01 + 0.0105) = 0.02095; y₁ = 2 + 1.5·1e-4/8 + 0.9·0.001
    expect(path.x[1]).toBeCloseTo(0.02095, 15);
    expect(path.y[1]).toBeCloseTo(2 + 1.875e-5 + 0.0009, 15);
    let forcing = 0;
    for (let t = 0; t < 4000; t++) forcing += path.forcing[t]!;
    const limit = predictedYLimit([1.999, 2], 1, 0.9) + forcing / (1 - 0.9);
    const coasted = predictedYLimit(Array.from(path.y), 4000, 0.9);
    // Each of the 4000 steps adds a rounding error of about one ulp of y (≈ 4e-16).
    expect(Math.abs(coasted - limit)).toBeLessThan(4000 * 1e-15 * limit);
  });
});
