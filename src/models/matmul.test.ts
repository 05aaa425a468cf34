import { describe, expect, test } from 'vitest';
import { createStream } from '../engine/random.ts';
import { matmulTransposed, transpose } from './matmul.ts';

/** C = A·Bᵀ by the textbook triple loop. */
function reference(a: Float64Array, b: Float64Array, n: number, k: number, m: number) {
  const c = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[j * k + p]!;
      c[i * m + j] = s;
    }
  return c;
}

function maxAbsDifference(x: Float64Array, y: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  return worst;
}

describe('matmulTransposed', () => {
  test('A·Bᵀ of [[1, 2]] and [[3, 4], [5, 6]] is [[11, 17]]', () => {
    const c = new Float64Array(2);
    matmulTransposed(Float64Array.of(1, 2), Float64Array.of(3, 4, 5, 6), c, 1, 2, 2);
    expect(Array.from(c)).toEqual([11, 17]);
  });

  // Shapes cover full 4×4 tiles, row and column remainders, and the 1×1 case.
  test.each([
    [1, 1, 1],
    [4, 3, 4],
    [5, 7, 6],
    [9, 13, 11],
    [16, 8, 3],
  ])('agrees with the triple loop for n=%i, k=%i, m=%i, scaled and accumulated', (n, k, m) => {
    const stream = createStream(1, `matmul-${n}-${k}-${m}`);
    const a = stream.fillGaussian(new Float64Array(n * k));
    const b = stream.fillGaussian(new Float64Array(m * k));
    const expected = reference(a, b, n, k, m);
    const c = new Float64Array(n * m);
    matmulTransposed(a, b, c, n, k, m, 0.5);
    expect(
      maxAbsDifference(
        c,
        expected.map((v) => 0.5 * v),
      ),
    ).toBeLessThan(1e-13 * k);
    matmulTransposed(a, b, c, n, k, m, 0.5, true);
    expect(maxAbsDifference(c, expected)).toBeLessThan(1e-13 * k);
  });
});

describe('transpose', () => {
  test('the transpose of [[1, 2, 3], [4, 5, 6]] is [[1, 4], [2, 5], [3, 6]]', () => {
    const out = new Float64Array(6);
    transpose(Float64Array.of(1, 2, 3, 4, 5, 6), 2, 3, out);
    expect(Array.from(out)).toEqual([1, 4, 2, 5, 3, 6]);
  });

  test('transposing a 37×70 matrix twice gives it back (tiles and their edges)', () => {
    const a = createStream(2, 'transpose').fillGaussian(new Float64Array(37 * 70));
    const t = new Float64Array(a.length);
    const back = new Float64Array(a.length);
    transpose(a, 37, 70, t);
    transpose(t, 70, 37, back);
    expect(t[5 * 37 + 3]).toBe(a[3 * 70 + 5]);
    expect(Array.from(back)).toEqual(Array.from(a));
  });
});
