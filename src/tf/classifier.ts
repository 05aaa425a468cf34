import * as tf from '@tensorflow/tfjs';
import type { ImageDataSet } from '../data/images.ts';
import { type TfModel, type TfModelOptions, tfModel } from './model.ts';
import type { Relu, TfNetwork } from './network.ts';

/**
 * The full-batch classification loss of SPEC 6.1 (the Cohen et al. convention): one-hot
 * targets e_y and
 *
 *   L(θ) = (1/n)·Σᵢ ½‖f(θ, xᵢ) − e_{yᵢ}‖²,
 *
 * for `network` on all of `data`, as a Model (float32 in tfjs, see src/tf/model.ts). The
 * images and targets are uploaded once and freed by `dispose`.
 */
export function tfClassifierModel(
  network: TfNetwork,
  data: ImageDataSet,
  options: TfModelOptions,
): TfModel & { accuracy(w: Float64Array): number } {
  const [height, width, channels] = network.inputShape;
  if (data.height !== height || data.width !== width || data.channels !== channels) {
    throw new RangeError(
      `data must be ${height}×${width}×${channels} images for ${network.name}, ` +
        `got ${data.height}×${data.width}×${data.channels}`,
    );
  }
  if (data.classes.length !== network.classes) {
    throw new RangeError(
      `data must have ${network.classes} classes for ${network.name}, got ${data.classes.length}`,
    );
  }
  const x = tf.tensor4d(data.images, [data.size, height, width, channels]);
  const targets = tf.oneHot(tf.tensor1d(data.labels, 'int32'), network.classes).toFloat();
  const halfMean = 0.5 / data.size;
  const loss = (theta: tf.Tensor1D, relu: Relu) =>
    tf.mul(
      tf.sum(tf.squaredDifference(network.apply(theta, x, relu), targets)),
      halfMean,
    ) as tf.Scalar;
  const model = tfModel(network.parameterCount, loss, options, [x, targets]);
  return {
    ...model,
    accuracy(w) {
      return tf.tidy(() => {
        const outputs = network.apply(tf.tensor1d(Float32Array.from(w)), x);
        const correct = tf.equal(tf.argMax(outputs, 1), tf.argMax(targets, 1));
        return tf.mean(correct.toFloat()).dataSync()[0]!;
      });
    },
  };
}
