import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, test } from 'vitest';
import { assertClose } from '../testing/close.ts';
import { type LinearOperator, lanczosLargest } from './lanczos.ts';
import { createStream } from './random.ts';

/** A seeded symmetric n×n matrix (A + Aᵀ)/2 with N(0, 1) entries, plus `shift`·I. */
function randomSymmetric(n: number, seed: number, shift = 0): Matrix {
  const stream = createStream(seed, 'test-matrix');
  const a = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.set(i, j, stream.gaussian());
  const s = a.add(a.transpose()).mul(0.5);
  for (let i = 0; i < n; i++) s.set(i, i, s.get(i, i) + shift);
  return s;
}

function operatorOf(m: Matrix): LinearOperator {
  const n = m.rows;
  return (v, out) => {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += m.get(i, j) * v[j]!;
      out[i] = sum;
    }
  };
}

function denseLargest(m: Matrix): number {
  return Math.max(...new EigenvalueDecomposition(m, { assumeSymmetric: true }).realEigenvalues);
}

function start(n: number, seed: number): Float64Array {
  return createStream(seed, 'solver').fillGaussian(new Float64Array(n));
}

describe('lanczosLargest', () => {
  test.each([5, 20, 60, 150])(
    'matches a dense eigen-solve on a seeded random symmetric %i×%i matrix',
    (n) => {
      const m = randomSymmetric(n, n);
      const result = lanczosLargest(operatorOf(m), n, {
        start: start(n, 1),
        maxIterations: n,
        tolerance: 1e-12,
      });
      // The spectrum's norm grows like √n; the eigenvalue error is about residual²/gap.
      assertClose(
        result.value,
        denseLargest(m),
        { absolute: 1e-10 * Math.sqrt(n) },
        `λ_max, n = ${n}`,
      );
      expect(result.converged).toBe(true);
    },
  );

  test('its Ritz pair satisfies A·u = θ·u to the reported residual, with ‖u‖ = 1', () => {
    const n = 80;
    const m = randomSymmetric(n, 5);
    const result = lanczosLargest(operatorOf(m), n, { start: start(n, 2), tolerance: 1e-11 });
    const au = new Float64Array(n);
    operatorOf(m)(result.vector, au);
    let residual = 0;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      residual += (au[i]! - result.value * result.vector[i]!) ** 2;
      norm += result.vector[i]! ** 2;
    }
    assertClose(Math.sqrt(norm), 1, { absolute: 1e-12 }, '‖u‖');
    assertClose(Math.sqrt(residual), result.residual, { absolute: 1e-9 }, '‖Au − θu‖');
    expect(result.residual).toBeLessThanOrEqual(1e-11 * Math.abs(result.value));
  });

  test(
    'returns the largest algebraic eigenvalue when the most negative one is larger in ' +
      'magnitude',
    () => {
      // diag(−10, −3, 0.5, 2): λ_max = 2 although |−10| is the largest magnitude
      const diagonal = [-10, -3, 0.5, 2];
      const operator: LinearOperator = (v, out) => {
        for (let i = 0; i < 4; i++) out[i] = diagonal[i]! * v[i]!;
      };
      const result = lanczosLargest(operator, 4, { start: Float64Array.of(1, 1, 1, 1) });
      assertClose(result.value, 2, { absolute: 1e-12 }, 'λ_max');
    },
  );

  test('a negative definite Hessian gives its least negative eigenvalue', () => {
    const m = randomSymmetric(30, 9, -50);
    const result = lanczosLargest(operatorOf(m), 30, { start: start(30, 3), maxIterations: 30 });
    expect(result.value).toBeLessThan(0);
    assertClose(result.value, denseLargest(m), { absolute: 1e-9 }, 'λ_max');
  });

  test('closed form: the 2×2 matrix [[a, b], [b, c]] gives (a + c)/2 + √((a − c)²/4 + b²)', () => {
    const [a, b, c] = [3, -2, -1];
    const operator: LinearOperator = (v, out) => {
      out[0] = a * v[0]! + b * v[1]!;
      out[1] = b * v[0]! + c * v[1]!;
    };
    const expected = (a + c) / 2 + Math.sqrt((a - c) ** 2 / 4 + b * b);
    const result = lanczosLargest(operator, 2, { start: Float64Array.of(0.3, 0.7) });
    assertClose(result.value, expected, { relative: 1e-14 }, 'λ_max');
  });

  test('stops at once when the start vector spans an invariant subspace', () => {
    const operator: LinearOperator = (v, out) => {
      out[0] = 5 * v[0]!;
      out[1] = 1 * v[1]!;
      out[2] = 3 * v[2]!;
    };
    const result = lanczosLargest(operator, 3, { start: Float64Array.of(1, 0, 0) });
    expect(result.iterations).toBe(1);
    expect(result.value).toBe(5);
  });

  test('reports non-convergence when the iteration budget runs out', () => {
    const n = 200;
    const m = randomSymmetric(n, 11);
    const result = lanczosLargest(operatorOf(m), n, {
      start: start(n, 4),
      maxIterations: 5,
      tolerance: 1e-14,
    });
    expect(result.iterations).toBe(5);
    expect(result.converged).toBe(false);
  });

  test('rejects a zero start vector, naming it', () => {
    expect(() => lanczosLargest(() => {}, 2, { start: new Float64Array(2) })).toThrow(
      'start must be a finite non-zero vector, got norm 0',
    );
  });
});
