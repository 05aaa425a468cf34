import * as tf from '@tensorflow/tfjs';
import type { RegressionData } from '../data/rank2.ts';
import type { TfLoss } from './model.ts';
import type { Relu } from './network.ts';

/**
 * The MLP of src/models/mlp.ts written in tfjs ops, on the same flat layout
 * θ = [W₁ (m×d), W₂ (m×m), W₃ (m)] and the same loss (1/2n)·Σ(f − y)²: an independent
 * float32 implementation that the tests compare with the float64 kernels, and on which
 * they check the central-difference Hessian-vector product against the exact one.
 */
export function tfMlpLoss(data: RegressionData, width: number): { loss: TfLoss; dispose(): void } {
  const { size: n, dimension: d } = data;
  const m = width;
  const x = tf.tensor2d(Float32Array.from(data.inputs), [n, d]);
  const y = tf.tensor1d(Float32Array.from(data.targets));
  const loss = (theta: tf.Tensor1D, relu: Relu) => {
    const [w1, w2, w3] = tf.split(theta, [m * d, m * m, m]);
    const h1 = relu(tf.matMul(x, w1!.reshape([m, d]), false, true).mul(1 / Math.sqrt(d)));
    const h2 = relu(
      tf.matMul(h1 as tf.Tensor2D, w2!.reshape([m, m]), false, true).mul(1 / Math.sqrt(m)),
    );
    const f = tf
      .matMul(h2 as tf.Tensor2D, w3!.reshape([m, 1]))
      .reshape([n])
      .mul(1 / Math.sqrt(m));
    return tf.sum(tf.squaredDifference(f, y)).mul(1 / (2 * n)) as tf.Scalar;
  };
  return {
    loss,
    dispose() {
      x.dispose();
      y.dispose();
    },
  };
}
