import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** A symmetric linear operator given by its product: writes A·v into `out`. */
export type LinearOperator = (v: Float64Array, out: Float64Array) => void;

export interface LanczosOptions {
  /** Start vector (need not be normalised, must be non-zero). */
  start: Float64Array;
  /** Most operator products to spend; capped at the dimension. */
  maxIterations?: number;
  /** Stop when the Ritz residual ‖A·u − θ·u‖ ≤ tolerance · max(|θ|, 1e-300). */
  tolerance?: number;
}

export interface LanczosResult {
  /** The largest algebraic Ritz value θ: the estimate of λ_max(A). */
  value: number;
  /** Its unit Ritz vector u. */
  vector: Float64Array;
  /** ‖A·u − θ·u‖, computed from the recurrence as β_k·|s_k|. */
  residual: number;
  /** Number of operator products spent. */
  iterations: number;
  /** Whether the residual reached the tolerance (or the Krylov space became invariant). */
  converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Largest eigenpair of the symmetric tridiagonal matrix with diagonal a and off-diagonal b. */
function largestTridiagonalEigenpair(
  a: number[],
  b: number[],
): { value: number; last: number; s: number[] } {
  const k = a.length;
  const t = Matrix.zeros(k, k);
  for (let i = 0; i < k; i++) {
    t.set(i, i, a[i]!);
    if (i + 1 < k) {
      t.set(i, i + 1, b[i]!);
      t.set(i + 1, i, b[i]!);
    }
  }
  const evd = new EigenvalueDecomposition(t, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  let best = 0;
  for (let i = 1; i < k; i++) if (values[i]! > values[best]!) best = i;
  const s = evd.eigenvectorMatrix.getColumn(best);
  return { value: values[best]!, last: s[k - 1]!, s };
}

/**
 * Largest algebraic eigenvalue of a symmetric operator by the Lanczos iteration with full
 * reorthogonalisation (classical Gram–Schmidt applied twice per step).
 *
 * Builds the Krylov basis q₁ … q_k of span{v, Av, …, A^{k−1}v} and the tridiagonal
 * T_k = Q_kᵀ A Q_k; the largest eigenvalue θ of T_k with eigenvector s gives the Ritz
 * pair (θ, Q_k s), whose residual is β_k·|s_k|. The largest algebraic value is returned,
 * not the largest in magnitude: a Hessian with eigenvalues {−5, 1} gives 1.
 *
 * @example
 * const a = (v, out) => { out[0] = 2 * v[0]; out[1] = -3 * v[1]; };
 * lanczosLargest(a, 2, { start: Float64Array.of(1, 1) }).value; // 2
 */
export function lanczosLargest(
  operator: LinearOperator,
  dimension: number,
  options: LanczosOptions,
): LanczosResult {
  const maxIterations = Math.min(options.maxIterations ?? 100, dimension);
  const tolerance = options.tolerance ?? 1e-10;
  const basis: Float64Array[] = [];
  const alphas: number[] = [];
  const betas: number[] = [];

  let q = Float64Array.from(options.start);
  const startNorm = Math.sqrt(dot(q, q));
  if (!(startNorm > 0) || !Number.isFinite(startNorm)) {
    throw new RangeError(`start must be a finite non-zero vector, got norm ${startNorm}`);
  }
  for (let i = 0; i < dimension; i++) q[i]! /= startNorm;

  const w = new Float64Array(dimension);
  let ritz = { value: Number.NaN, last: 0, s: [] as number[] };
  let residual = Number.POSITIVE_INFINITY;
  let converged = false;

  for (let j = 0; j < maxIterations; j++) {
    basis.push(q);
    operator(q, w);
    const alpha = dot(q, w);
    alphas.push(alpha);
    for (let pass = 0; pass < 2; pass++) {
      for (const qi of basis) {
        const c = dot(qi, w);
        for (let i = 0; i < dimension; i++) w[i]! -= c * qi[i]!;
      }
    }
    const beta = Math.sqrt(dot(w, w));
    ritz = largestTridiagonalEigenpair(alphas, betas);
    residual = beta * Math.abs(ritz.last);
    const scale = Math.max(Math.abs(ritz.value), 1e-300);
    if (residual <= tolerance * scale || beta <= 1e-14 * scale || j + 1 === dimension) {
      converged = true;
      break;
    }
    betas.push(beta);
    q = new Float64Array(dimension);
    for (let i = 0; i < dimension; i++) q[i] = w[i]! / beta;
  }

  const vector = new Float64Array(dimension);
  ritz.s.forEach((coefficient, index) => {
    const qi = basis[index]!;
    for (let i = 0; i < dimension; i++) vector[i]! += coefficient * qi[i]!;
  });
  return { value: ritz.value, vector, residual, iterations: basis.length, converged };
}
