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
 * The LDN model on the row-major n × d inputs X and labels y. Loss, gradient and products
 * are Float64Array kernels; loss and gradient reuse buffers owned by the model and allocate
 * nothing per call, so one model must not be used from two runs at once.
 *
 * @example
 * // d = n = 1, X = [[1]], y = [1], w = (u, v) = (1, 0): θ = 1, L = 0, ∇L = 0, ∇²L = [[4, 0], [0, 0]]
 * ldnModel(Float64Array.of(1), Float64Array.of(1), 1).loss(Float64Array.of(1, 0)); // 0
 */
export function ldnModel(inputs: Float64Array, labels: Float64Array, d: number): LdnModel {
  const n = labels.length;
  if (!Number.isInteger(d) || d <= 0 || inputs.length !== n * d) {
    throw new RangeError(
      `inputs must hold n·d = ${n}·${d} = ${n * d} numbers (row-major), got ${inputs.length}`,
    );
  }
  const theta = new Float64Array(d);
  const residual = new Float64Array(n);
  const thetaGradient = new Float64Array(d);

  const computeTheta = (w: Float64Array, out: Float64Array) => {
    for (let j = 0; j < d; j++) {
      const u = w[j]!;
      const v = w[d + j]!;
      out[j] = u * u - v * v;
    }
    return out;
  };

  /** r = Xθ(w) − y into `residual`; returns L = r·r/(2n). */
  const forward = (w: Float64Array): number => {
    computeTheta(w, theta);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let prediction = 0;
      const row = i * d;
      for (let j = 0; j < d; j++) prediction += inputs[row + j]! * theta[j]!;
      const r = prediction - labels[i]!;
      residual[i] = r;
      sum += r * r;
    }
    return sum / (2 * n);
  };

  /** out = Xᵀz/n for z of length n. */
  const transposeProduct = (z: Float64Array, out: Float64Array) => {
    out.fill(0);
    for (let i = 0; i < n; i++) {
      const zi = z[i]!;
      const row = i * d;
      for (let j = 0; j < d; j++) out[j]! += zi * inputs[row + j]!;
    }
    for (let j = 0; j < d; j++) out[j]! /= n;
  };

  return {
    dimension: 2 * d,
    inputDimension: d,
    samples: n,
    theta: (w, out = new Float64Array(d)) => computeTheta(w, out),
    loss: forward,
    lossAndGradient(w, gradient) {
      const loss = forward(w);
      transposeProduct(residual, thetaGradient);
      for (let j = 0; j < d; j++) {
        const g = thetaGradient[j]!;
        gradient[j] = 2 * w[j]! * g;
        gradient[d + j] = -2 * w[d + j]! * g;
      }
      return loss;
    },
    hessianOperator(w): LinearOperator {
      // Work that depends only on w, done once per operator: u, v and g = Xᵀr/n.
      const u = w.slice(0, d);
      const v = w.slice(d, 2 * d);
      const g = new Float64Array(d);
      forward(w);
      transposeProduct(residual, g);
      const q = new Float64Array(d);
      const xq = new Float64Array(n);
      const aq = new Float64Array(d);
      return (p, out) => {
        for (let j = 0; j < d; j++) q[j] = 2 * u[j]! * p[j]! - 2 * v[j]! * p[d + j]!;
        for (let i = 0; i < n; i++) {
          let sum = 0;
          const row = i * d;
          for (let j = 0; j < d; j++) sum += inputs[row + j]! * q[j]!;
          xq[i] = sum;
        }
        transposeProduct(xq, aq);
        for (let j = 0; j < d; j++) {
          out[j] = 2 * u[j]! * aq[j]! + 2 * g[j]! * p[j]!;
          out[d + j] = -2 * v[j]! * aq[j]! - 2 * g[j]! * p[d + j]!;
        }
      };
    },
  };
}
