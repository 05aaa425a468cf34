import type { LinearOperator } from '../engine/lanczos.ts';

/**
 * A differentiable training loss on a flat Float64Array of parameters, as the engine
 * needs it. Every model states its loss normalisation in its own doc comment; sharpness
 * is the largest eigenvalue of the Hessian of exactly this loss.
 */
export interface Model {
  /** Number of parameters. */
  readonly dimension: number;
  /** f(w). */
  loss(w: Float64Array): number;
  /** Writes ∇f(w) into `gradient` and returns f(w). */
  lossAndGradient(w: Float64Array, gradient: Float64Array): number;
  /**
   * The exact Hessian-vector product at w, as an operator v ↦ ∇²f(w)·v. Work that depends
   * only on w (a forward pass, a residual) is done once here, not per product.
   */
  hessianOperator(w: Float64Array): LinearOperator;
  /** λ_max(∇²f(w)) in closed form, where the model has one (the 2-D toy). */
  sharpness?(w: Float64Array): number;
}

/** The dense Hessian of `model` at w, column by column from its exact products (tests only). */
export function denseHessian(model: Model, w: Float64Array): Float64Array[] {
  const n = model.dimension;
  const product = model.hessianOperator(w);
  const unit = new Float64Array(n);
  const columns: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    unit.fill(0);
    unit[j] = 1;
    const column = new Float64Array(n);
    product(unit, column);
    columns.push(column);
  }
  return columns;
}
