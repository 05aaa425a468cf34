import type { LinearOperator } from '../engine/lanczos.ts';
import type { Model } from './model.ts';

/**
 * The depth-2 linear diagonal network of Eq. (2) (SPEC 3.1) on a regression set (X, y):
 *
 *   w = (u, v) ∈ ℝ^{2d},   θ(w) = u⊙u − v⊙v,   f(x; w) = ⟨θ(w), x⟩,
 *   L(w) = (1/2n)·‖Xθ(w) − y‖².
 *
 * With r = Xθ − y and g = Xᵀr/n (the gradient in θ):
 *
 *   ∇_u L = 2u⊙g,   ∇_v L = −2v⊙g,
 *   ∇²L = JᵀAJ + diag(2g, −2g),   A = XᵀX/n,   J = [diag(2u), diag(−2v)],
 *
 * so the exact Hessian-vector product of p = (p_u, p_v) is, with q = 2u⊙p_u − 2v⊙p_v,
 *
 *   ∇²L·p = (2u⊙Aq + 2g⊙p_u, −2v⊙Aq − 2g⊙p_v),   Aq = Xᵀ(Xq)/n.
 *
 * Sharpness is the largest eigenvalue of exactly this ∇²L (the (1/2n) normalisation).
 */
export interface LdnModel extends Model {
  /** d, the input dimension (the model has 2d parameters). */
  readonly inputDimension: number;
  /** n, the number of training points. */
  readonly samples: number;
  /** Writes θ(w) = u⊙u − v⊙v into `out` and returns it. */
  theta(w: Float64Array, out?: Float64Array): Float64Array;
}

/**
 * Σ_j M[row + j]·x[j] for j < d, with four partial sums (j mod 4) added at the end: four
 * independent chains of additions run about twice as fast as one.
 */
function rowDot(matrix: Float64Array, row: number, x: Float64Array, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    s0 += matrix[row + j]! * x[j]!;
    s1 += matrix[row + j + 1]! * x[j + 1]!;
    s2 += matrix[row + j + 2]! * x[j + 2]!;
    s3 += matrix[row + j + 3]! * x[j + 3]!;
  }
  for (; j < d; j++) s0 += matrix[row + j]! * x[j]!;
  return s0 + s1 + (s2 + s3);
}

/** out[j] += a·M[row + j] for j < d, four entries per pass. */
function rowAxpy(a: number, matrix: Float64Array, row: number, out: Float64Array, d: number): void {
  let j = 0;
  for (; j + 3 < d; j += 4) {
    out[j]! += a * matrix[row + j]!;
    out[j + 1]! += a * matrix[row + j + 1]!;
    out[j + 2]! += a * matrix[row + j + 2]!;
    out[j + 3]! += a * matrix[row + j + 3]!;
  }
  for (; j < d; j++) out[j]! += a * matrix[row + j]!;
}

/**
 * The fused normal-equation product out = Xᵀ(Xx − b), writing e = Xx − b into `residual`
 * and returning ‖e‖² (b = null: b = 0). Rows go in fours: one pass over x gives four rows'
 * dot products, one pass over `out` adds their four shares, so x and `out` are read once per
 * four rows and each row is used twice while it is in cache.
 */
function normalProduct(
  matrix: Float64Array,
  n: number,
  d: number,
  x: Float64Array,
  b: Float64Array | null,
  residual: Float64Array,
  out: Float64Array,
): number {
  out.fill(0);
  let squares = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const r0 = i * d;
    const r1 = r0 + d;
    const r2 = r1 + d;
    const r3 = r2 + d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < d; j++) {
      const xj = x[j]!;
      s0 += matrix[r0 + j]! * xj;
      s1 += matrix[r1 + j]! * xj;
      s2 += matrix[r2 + j]! * xj;
      s3 += matrix[r3 + j]! * xj;
    }
    if (b !== null) {
      s0 -= b[i]!;
      s1 -= b[i + 1]!;
      s2 -= b[i + 2]!;
      s3 -= b[i + 3]!;
    }
    residual[i] = s0;
    residual[i + 1] = s1;
    residual[i + 2] = s2;
    residual[i + 3] = s3;
    squares += s0 * s0;
    squares += s1 * s1;
    squares += s2 * s2;
    squares += s3 * s3;
    for (let k = 0; k < d; k++) {
      out[k]! +=
        s0 * matrix[r0 + k]! + s1 * matrix[r1 + k]! + (s2 * matrix[r2 + k]! + s3 * matrix[r3 + k]!);
    }
  }
  for (; i < n; i++) {
    const e = rowDot(matrix, i * d, x, d) - (b === null ? 0 : b[i]!);
    residual[i] = e;
    squares += e * e;
    rowAxpy(e, matrix, i * d, out, d);
  }
  return squares;
}

/** Buffers of one Hessian-vector operator: u, v and g at its point, and scratch space. */
interface HessianState {
  u: Float64Array;
  v: Float64Array;
  g: Float64Array;
  q: Float64Array;
  xq: Float64Array;
  aq: Float64Array;
}

/**
 * The kernels as methods of one class: every model shares the same optimised code, where
 * closures made per model would turn the hot call sites polymorphic (measured about 4× slower
 * after a few models in one process).
 */
class LinearDiagonalNetwork implements LdnModel {
  readonly dimension: number;
  private readonly thetaBuffer: Float64Array;
  private readonly residual: Float64Array;
  private readonly thetaGradient: Float64Array;

  constructor(
    private readonly inputs: Float64Array,
    private readonly labels: Float64Array,
    readonly inputDimension: number,
    readonly samples: number,
  ) {
    this.dimension = 2 * inputDimension;
    this.thetaBuffer = new Float64Array(inputDimension);
    this.residual = new Float64Array(samples);
    this.thetaGradient = new Float64Array(inputDimension);
  }

  theta(w: Float64Array, out: Float64Array = new Float64Array(this.inputDimension)): Float64Array {
    const d = this.inputDimension;
    for (let j = 0; j < d; j++) {
      const u = w[j]!;
      const v = w[d + j]!;
      out[j] = u * u - v * v;
    }
    return out;
  }

  /** r = Xθ(w) − y into the residual buffer; returns L = r·r/(2n). */
  loss(w: Float64Array): number {
    const { inputs, labels, residual, inputDimension: d, samples: n } = this;
    const theta = this.theta(w, this.thetaBuffer);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const r = rowDot(inputs, i * d, theta, d) - labels[i]!;
      residual[i] = r;
      sum += r * r;
    }
    return sum / (2 * n);
  }

  lossAndGradient(w: Float64Array, gradient: Float64Array): number {
    const { inputs, labels, inputDimension: d, samples: n } = this;
    const theta = this.theta(w, this.thetaBuffer);
    const g = this.thetaGradient;
    const loss = normalProduct(inputs, n, d, theta, labels, this.residual, g) / (2 * n);
    for (let j = 0; j < d; j++) g[j]! /= n;
    for (let j = 0; j < d; j++) {
      gradient[j] = 2 * w[j]! * g[j]!;
      gradient[d + j] = -2 * w[d + j]! * g[j]!;
    }
    return loss;
  }

  /** out = ∇²L·p at the operator's point (see the interface's doc comment). */
  private hessianProduct(state: HessianState, p: Float64Array, out: Float64Array): void {
    const { inputs, inputDimension: d, samples: n } = this;
    const { u, v, g, q, xq, aq } = state;
    for (let j = 0; j < d; j++) q[j] = 2 * u[j]! * p[j]! - 2 * v[j]! * p[d + j]!;
    normalProduct(inputs, n, d, q, null, xq, aq);
    for (let j = 0; j < d; j++) aq[j]! /= n;
    for (let j = 0; j < d; j++) {
      out[j] = 2 * u[j]! * aq[j]! + 2 * g[j]! * p[j]!;
      out[d + j] = -2 * v[j]! * aq[j]! - 2 * g[j]! * p[d + j]!;
    }
  }

  hessianOperator(w: Float64Array): LinearOperator {
    // Work that depends only on w, done once per operator: u, v and g = Xᵀr/n.
    const d = this.inputDimension;
    const g = new Float64Array(d);
    const theta = this.theta(w, this.thetaBuffer);
    normalProduct(this.inputs, this.samples, d, theta, this.labels, this.residual, g);
    for (let j = 0; j < d; j++) g[j]! /= this.samples;
    const state: HessianState = {
      u: w.slice(0, d),
      v: w.slice(d, 2 * d),
      g,
      q: new Float64Array(d),
      xq: new Float64Array(this.samples),
      aq: new Float64Array(d),
    };
    return (p, out) => this.hessianProduct(state, p, out);
  }
}

/**
 * The LDN model on the row-major n × d inputs X and labels y. Loss, gradient and products
 * are Float64Array kernels; loss and gradient reuse buffers owned by the model and allocate
 * nothing per call, so one model must not be used from two runs at once.
 *
 * @example
 * // d = n = 1, X = [[1]], y = [1], w = (u, v) = (1, 0):
 * // θ = 1, L = 0, ∇L = 0, ∇²L = [[4, 0], [0, 0]]
 * ldnModel(Float64Array.of(1), Float64Array.of(1), 1).loss(Float64Array.of(1, 0)); // 0
 */
export function ldnModel(inputs: Float64Array, labels: Float64Array, d: number): LdnModel {
  const n = labels.length;
  if (!Number.isInteger(d) || d <= 0 || inputs.length !== n * d) {
    throw new RangeError(
      `inputs must hold n·d = ${n}·${d} = ${n * d} numbers (row-major), got ${inputs.length}`,
    );
  }
  return new LinearDiagonalNetwork(inputs, labels, d, n);
}
