import type { Model } from '../models/model.ts';
import { lanczosLargest } from './lanczos.ts';
import type { RandomStream } from './random.ts';

/** One sharpness measurement and what it cost. */
export interface SharpnessEstimate {
  /** λ_max(∇²f(w)), the largest algebraic eigenvalue. */
  value: number;
  /** Ritz residual ‖Hu − θu‖ (0 for a closed form). */
  residual: number;
  /** Hessian-vector products spent (0 for a closed form). */
  iterations: number;
  converged: boolean;
}

export interface SharpnessOptions {
  /** `closed-form` needs model.sharpness; `auto` uses it when present, else Lanczos. */
  method?: 'auto' | 'closed-form' | 'lanczos';
  /** Seeded stream for the Lanczos start vectors. */
  stream: RandomStream;
  maxIterations?: number;
  tolerance?: number;
  /**
   * Weight of a fresh random vector mixed into the warm start (the previous Ritz vector),
   * so that an old eigenvector that is exactly invariant under the new Hessian cannot
   * stop the iteration at the wrong eigenvalue.
   */
  freshWeight?: number;
}

/** Measures sharpness at successive points of one run, warm-starting Lanczos. */
export interface SharpnessEstimator {
  readonly method: 'closed-form' | 'lanczos';
  estimate(w: Float64Array): SharpnessEstimate;
}

/**
 * A sharpness estimator for `model`: its closed form when it has one, otherwise Lanczos
 * with full reorthogonalisation on the exact Hessian-vector product, started from the
 * previous Ritz vector plus a small seeded random part.
 */
export function sharpnessEstimator(model: Model, options: SharpnessOptions): SharpnessEstimator {
  const method = options.method ?? 'auto';
  const closedForm = model.sharpness?.bind(model);
  if (method === 'closed-form' && !closedForm) {
    throw new Error('method "closed-form" needs a model with a closed-form sharpness');
  }
  if (method !== 'lanczos' && closedForm) {
    return {
      method: 'closed-form',
      estimate: (w) => ({ value: closedForm(w), residual: 0, iterations: 0, converged: true }),
    };
  }

  const n = model.dimension;
  const freshWeight = options.freshWeight ?? 0.01;
  let previous: Float64Array | undefined;
  return {
    method: 'lanczos',
    estimate(w) {
      const start = options.stream.fillGaussian(new Float64Array(n));
      if (previous) {
        const scale = freshWeight / Math.sqrt(n);
        for (let i = 0; i < n; i++) start[i] = previous[i]! + scale * start[i]!;
      }
      const result = lanczosLargest(model.hessianOperator(w), n, {
        start,
        maxIterations: options.maxIterations ?? 100,
        tolerance: options.tolerance ?? 1e-10,
      });
      previous = result.vector;
      return {
        value: result.value,
        residual: result.residual,
        iterations: result.iterations,
        converged: result.converged,
      };
    },
  };
}
