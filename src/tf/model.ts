/**
 * A tfjs loss as an engine Model: the engine keeps the parameters (and heavy ball's
 * iterates) in float64; every loss and gradient is evaluated by tfjs in float32 at the
 * parameters rounded to float32.
 */
import * as tf from '@tensorflow/tfjs';
import type { LinearOperator } from '../engine/lanczos.ts';
import type { Model } from '../models/model.ts';
import type { Relu } from './network.ts';

/** A scalar tfjs loss of a flat float32 parameter vector, its ReLUs going through `relu`. */
export type TfLoss = (theta: tf.Tensor1D, relu: Relu) => tf.Scalar;

export interface TfModelOptions {
  /**
   * Step of the central difference in the Hessian-vector product, relative to the
   * parameter scale: h = relativeStep·max(‖w‖, 1)/‖v‖ (see {@link tfModel}).
   */
  relativeStep: number;
}

/** A Model whose loss runs in tfjs; `dispose` frees the tensors it holds (its data). */
export interface TfModel extends Model {
  dispose(): void;
}

function norm(x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i]! * x[i]!;
  return Math.sqrt(sum);
}

/**
 * Wraps a tfjs loss as a Model of `dimension` parameters.
 *
 * Gradient: tf.valueAndGrad, first-order reverse mode only; never tfjs double backprop,
 * which is silently wrong through ReLU and undefined through convolution filters
 * (DESIGN.md, fact 2).
 *
 * Hessian-vector product at w: the central difference of two gradients of L_w, the loss
 * with every ReLU's activation pattern frozen at w (ReLU(z) replaced by z·1[z_w > 0]),
 *
 *   H·v ≈ (∇L_w(w + h·v) − ∇L_w(w − h·v)) / (2h),   h = relativeStep·max(‖w‖, 1)/‖v‖.
 *
 * L_w equals L near w and is smooth, so this is the Hessian of L at w almost everywhere
 * (what an R-operator or double backprop computes). Differencing L itself does not work
 * here: a displacement of 1e-3 of the parameter scale flips ReLUs whose jumps dominate the
 * quotient (measured on the MLP: errors of 100% to 1000%), and a step small enough to flip
 * none drowns in float32 rounding. With the pattern frozen the error is the float32 rounding
 * of the gradients, about 1e-7·‖∇L‖/h, plus O(h²) from the curvature of L_w;
 * src/tf/model.test.ts measures it against the exact product on the MLP and a float64
 * difference on a small CNN. Each product costs two gradients; the frozen pattern is one
 * forward pass per operator and is freed at the next gradient, which makes the operator
 * stale (using it then throws).
 *
 * Every call runs inside tf.tidy: no tensor outlives it but the frozen pattern.
 */
export function tfModel(
  dimension: number,
  loss: TfLoss,
  options: TfModelOptions,
  owned: tf.Tensor[] = [],
): TfModel {
  const liveGradient = tf.valueAndGrad((theta: tf.Tensor1D) => loss(theta, tf.relu));
  const scratch = new Float32Array(dimension);
  let masks: tf.Tensor[] = [];
  let generation = 0;

  const check = (name: string, v: Float64Array) => {
    if (v.length !== dimension) {
      throw new RangeError(`${name} must have length ${dimension}, got ${v.length}`);
    }
  };

  const release = () => {
    for (const mask of masks) mask.dispose();
    masks = [];
    generation++;
  };

  const gradientAt = (
    gradient: typeof liveGradient,
    w: ArrayLike<number>,
    g: Float64Array,
  ): number => {
    scratch.set(w);
    return tf.tidy(() => {
      const { value, grad } = gradient(tf.tensor1d(scratch));
      g.set(grad.dataSync());
      return value.dataSync()[0]!;
    });
  };

  const lossAndGradient = (w: Float64Array, g: Float64Array) => {
    check('w', w);
    check('gradient', g);
    release();
    return gradientAt(liveGradient, w, g);
  };

  const hessianOperator = (w: Float64Array): LinearOperator => {
    check('w', w);
    release();
    const mine = generation;
    const at = Float64Array.from(w);
    scratch.set(at);
    const recorded: tf.Tensor[] = [];
    tf.tidy(() => {
      loss(tf.tensor1d(scratch), (z) => {
        recorded.push(tf.keep(tf.cast(tf.greater(z, 0), 'float32')));
        return tf.relu(z);
      });
    });
    masks = recorded;
    const frozenGradient = tf.valueAndGrad((theta: tf.Tensor1D) => {
      let site = 0;
      return loss(theta, (z) => tf.mul(z, masks[site++]!));
    });

    const scale = Math.max(norm(at), 1);
    const shifted = new Float64Array(dimension);
    const plus = new Float64Array(dimension);
    const minus = new Float64Array(dimension);
    return (v, out) => {
      if (mine !== generation) {
        throw new Error('this Hessian operator is stale: its frozen activation pattern is freed');
      }
      check('v', v);
      check('out', out);
      const size = norm(v);
      if (size === 0) {
        out.fill(0);
        return;
      }
      const h = (options.relativeStep * scale) / size;
      for (let i = 0; i < dimension; i++) shifted[i] = at[i]! + h * v[i]!;
      gradientAt(frozenGradient, shifted, plus);
      for (let i = 0; i < dimension; i++) shifted[i] = at[i]! - h * v[i]!;
      gradientAt(frozenGradient, shifted, minus);
      for (let i = 0; i < dimension; i++) out[i] = (plus[i]! - minus[i]!) / (2 * h);
    };
  };

  return {
    dimension,
    loss(w) {
      check('w', w);
      scratch.set(w);
      return tf.tidy(() => loss(tf.tensor1d(scratch), tf.relu).dataSync()[0]!);
    },
    lossAndGradient,
    hessianOperator,
    dispose() {
      release();
      for (const tensor of owned) tensor.dispose();
    },
  };
}
