import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, test } from 'vitest';
import { createStream } from '../engine/random.ts';
import { integrateOde } from './ode.ts';
import {
  alphaZeroBounds,
  alphaZeroLimit,
  checkOdeParameters,
  conservedQuantity,
  equilibria,
  jacobian,
  jacobianEigenvalues,
  selfStabilizationField,
  xBand,
  yBound,
} from './self-stabilization.ts';

/** Seeded (α, β, X, Y) draws: α in [−1, 2], β in [0, 0.99), X in (0.1, 3), Y in (−2, 2). */
function draws(count: number) {
  const stream = createStream(4, 'theory-test');
  return Array.from({ length: count }, () => ({
    parameters: { alpha: -1 + 3 * stream.uniform(), momentum: 0.99 * stream.uniform() },
    X: 0.1 + 2.9 * stream.uniform(),
    Y: -2 + 4 * stream.uniform(),
  }));
}

describe('the ODE (5)–(6): field, Jacobian, eigenvalues', () => {
  test('the Jacobian matches central differences of the field at 20 seeded points', () => {
    for (const { parameters, X, Y } of draws(20)) {
      const field = selfStabilizationField(parameters);
      const h = 1e-6;
      const dX = field(0, [X + h, Y]).map((v, i) => (v - field(0, [X - h, Y])[i]!) / (2 * h));
      const dY = field(0, [X, Y + h]).map((v, i) => (v - field(0, [X, Y - h])[i]!) / (2 * h));
      const J = jacobian(parameters, X, Y);
      const scale = 1 + Math.abs(X) / (1 - parameters.momentum);
      // Central differences have error O(h²·f‴) + O(ε/h) ≈ 1e-10 here.
      for (const i of [0, 1]) {
        expect(Math.abs(J[i]![0] - dX[i]!)).toBeLessThan(1e-7 * scale);
        expect(Math.abs(J[i]![1] - dY[i]!)).toBeLessThan(1e-7 * scale);
      }
    }
  });

  test('the eigenvalues agree with a dense eigen-solve (ml-matrix) at 20 seeded points', () => {
    for (const { parameters, X, Y } of draws(20)) {
      const evd = new EigenvalueDecomposition(new Matrix(jacobian(parameters, X, Y)));
      const dense = evd.realEigenvalues
        .map((re, i) => ({ re, im: evd.imaginaryEigenvalues[i]! }))
        .sort((a, b) => b.re - a.re || b.im - a.im);
      const ours = jacobianEigenvalues(parameters, X, Y).sort((a, b) => b.re - a.re || b.im - a.im);
      const scale = 1 + Math.hypot(X, Y) / Math.sqrt(1 - parameters.momentum);
      for (const i of [0, 1]) {
        expect(Math.abs(ours[i]!.re - dense[i]!.re)).toBeLessThan(1e-12 * scale);
        expect(Math.abs(ours[i]!.im - dense[i]!.im)).toBeLessThan(1e-12 * scale);
      }
    }
  });

  test('α > 0: the field vanishes at (√(2α), 0) and its eigenvalues are ±i√(2α/(1 − β))', () => {
    const parameters = { alpha: 0.7, momentum: 0.6 };
    const point = equilibria(parameters.alpha);
    expect(point).toEqual({ kind: 'point', X: Math.sqrt(1.4), Y: 0 });
    if (point.kind !== 'point') return;
    const [u, v] = selfStabilizationField(parameters)(0, [point.X, point.Y]);
    expect(Math.abs(u!) + Math.abs(v!)).toBeLessThan(1e-15);
    const [a, b] = jacobianEigenvalues(parameters, point.X, point.Y);
    // λ² + X*²/(1 − β) = 0 with X*² = 2α = 1.4: λ = ±i√(1.4/0.4) = ±i·1.8708…
    expect(a.re).toBe(0);
    expect(b.re).toBe(0);
    expect(Math.abs(a.im - Math.sqrt(3.5))).toBeLessThan(1e-15);
    expect(b.im).toBe(-a.im);
  });

  test('α = 0: every (0, Y₀) is an equilibrium with eigenvalues Y₀ and 0; α < 0 has none', () => {
    expect(equilibria(0)).toEqual({ kind: 'line', X: 0 });
    expect(equilibria(-0.1)).toEqual({ kind: 'none' });
    for (const Y0 of [-1, 0.5]) {
      const parameters = { alpha: 0, momentum: 0.9 };
      const [u, v] = selfStabilizationField(parameters)(0, [0, Y0]);
      expect([Math.abs(u!), Math.abs(v!)]).toEqual([0, 0]);
      const values = jacobianEigenvalues(parameters, 0, Y0).map((z) => z.re + 0);
      expect(values.sort()).toEqual([0, Y0].sort());
    }
  });

  test('bad parameters are errors naming the field, the rule and the value', () => {
    expect(() => checkOdeParameters({ alpha: 1, momentum: 1 })).toThrow(
      'momentum must be a number in [0, 1), got 1',
    );
    expect(() => selfStabilizationField({ alpha: Number.NaN, momentum: 0 })).toThrow(
      'alpha must be a finite number, got NaN',
    );
  });
});

describe('Eq. (7): the conserved quantity', () => {
  test('dE/dτ = ∇E·F vanishes at 20 seeded points (central differences of E)', () => {
    for (const { parameters, X, Y } of draws(20)) {
      const [u, v] = selfStabilizationField(parameters)(0, [X, Y]);
      const h = 1e-6;
      const E = (a: number, b: number) => conservedQuantity(parameters, a, b);
      const rate =
        ((E(X + h, Y) - E(X - h, Y)) / (2 * h)) * u! + ((E(X, Y + h) - E(X, Y - h)) / (2 * h)) * v!;
      expect(Math.abs(rate)).toBeLessThan(1e-6 * (1 + Math.abs(u!) + Math.abs(v!)));
    }
  });

  test('E stays within 100 × RTOL on an orbit of (5)–(6), not on the η → 0 system', () => {
    const parameters = { alpha: 1, momentum: 0.5 };
    const tolerance = { relativeTolerance: 1e-10, absoluteTolerance: 1e-10, samples: 601 };
    const drift = (equation: 'eq5-6' | 'recurrence-limit') => {
      const field = selfStabilizationField(parameters, equation);
      const solution = integrateOde(field, [0.5, 0], 0, 30, tolerance);
      const E0 = conservedQuantity(parameters, 0.5, 0);
      let worst = 0;
      for (let i = 0; i < solution.time.length; i++) {
        const E = conservedQuantity(parameters, solution.states[0]![i]!, solution.states[1]![i]!);
        worst = Math.max(worst, Math.abs(E - E0));
      }
      return worst / (1 + Math.abs(E0));
    };
    expect(drift('eq5-6')).toBeLessThan(100 * tolerance.relativeTolerance);
    expect(drift('recurrence-limit')).toBeGreaterThan(0.05);
  });
});

describe('Corollary B.1 (Eqs. 8–9) and the α = 0 limit', () => {
  test('the X band ends solve X²/2 − α log X² = E, and the Y bound is reached at X = √(2α)', () => {
    const parameters = { alpha: 1, momentum: 0.9 };
    const E = conservedQuantity(parameters, 0.5, 0);
    const [low, high] = xBand(parameters, E);
    expect(low).toBeCloseTo(0.5, 14);
    expect(Math.abs(conservedQuantity(parameters, high, 0) - E)).toBeLessThan(1e-13);
    expect(high).toBeGreaterThan(2.6);
    const bound = yBound(parameters, E);
    expect(Math.abs(conservedQuantity(parameters, Math.SQRT2, bound) - E)).toBeLessThan(1e-13);
  });

  test('α = 0: Y∞ = −√(Y₀² + X₀²/(2(1 − β))) is −0.354, −0.5, −1.118 (SPEC 5.6)', () => {
    const limits = [0, 0.5, 0.9].map((momentum) => alphaZeroLimit({ alpha: 0, momentum }, 0.5, 0));
    expect(limits.map((v) => Number(v.toFixed(3)))).toEqual([-0.354, -0.5, -1.118]);
    expect(alphaZeroBounds({ alpha: 0, momentum: 0.5 }, 1, 1)).toEqual({
      yBound: Math.sqrt(2),
      xBound: Math.sqrt(2),
    });
  });

  test('the α > 0 bounds refuse α ≤ 0, naming the value', () => {
    expect(() => yBound({ alpha: 0, momentum: 0 }, 1)).toThrow('yBound needs alpha > 0, got 0');
    expect(() => xBand({ alpha: -1, momentum: 0 }, 1)).toThrow('xBand needs alpha > 0, got -1');
  });
});
