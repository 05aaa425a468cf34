import * as tf from '@tensorflow/tfjs';

/**
 * A 3×3 convolution with zero padding 1 and stride s (s = 1 keeps the size, s = 2 halves
 * it), NHWC input x [N, H, W, C_in], filter [3, 3, C_in, C_out], with its gradient built
 * from kernels that every backend has.
 *
 * The wasm backend has Conv2D and Conv2DBackpropInput but no Conv2DBackpropFilter
 * (DESIGN.md, fact 2), so tf.conv2d cannot be differentiated with respect to its filter
 * there. The filter gradient is itself a convolution,
 *
 *   ∂L/∂K[a, b, i, o] = Σ_{n,h,w} x̄[n, s·h + a, s·w + b, i] · ∂L/∂y[n, h, w, o]   (x̄ = padded x),
 *
 * which is Conv2D of x̄ with batch and channel axes swapped ([C_in, H̄, W̄, N]) against the
 * output gradient as a filter ([H_out, W_out, N, C_out]) at dilation s; its first 3×3
 * outputs, transposed back, are the gradient. At stride 1 the input gradient is the full
 * correlation of ∂L/∂y with the flipped filter, a forward Conv2D (about four times faster
 * on wasm than its Conv2DBackpropInput kernel, and equal to it); at stride 2 it is
 * Conv2DBackpropInput. Only first derivatives are defined (no double backprop, DESIGN.md
 * fact 2).
 */
export function conv3x3(x: tf.Tensor4D, filter: tf.Tensor4D, stride: 1 | 2 = 1): tf.Tensor4D {
  const padded = tf.pad(x, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  return convValid(padded, filter, stride);
}

const convValidOps = new Map<number, (x: tf.Tensor4D, filter: tf.Tensor4D) => tf.Tensor4D>();

/** 'valid' 3×3 convolution at stride s with the gradient described at {@link conv3x3}. */
function convValid(x: tf.Tensor4D, filter: tf.Tensor4D, stride: 1 | 2): tf.Tensor4D {
  let op = convValidOps.get(stride);
  if (!op) {
    op = tf.customGrad((input, kernel, save) => {
      const xs = input as tf.Tensor4D;
      const ks = kernel as tf.Tensor4D;
      (save as unknown as (tensors: tf.Tensor[]) => void)([xs, ks]);
      return {
        value: tf.conv2d(xs, ks, stride, 'valid'),
        gradFunc: (dy, saved) => {
          const [xSaved, kSaved] = saved as [tf.Tensor4D, tf.Tensor4D];
          const dy4 = dy as tf.Tensor4D;
          return [
            inputGradient(dy4, kSaved, xSaved.shape, stride),
            filterGradient(xSaved, dy4, stride),
          ];
        },
      };
    }) as (x: tf.Tensor4D, filter: tf.Tensor4D) => tf.Tensor4D;
    convValidOps.set(stride, op);
  }
  return op(x, filter);
}

/** ∂L/∂x of a 'valid' 3×3 convolution at stride s, given ∂L/∂y. */
function inputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: [number, number, number, number],
  stride: 1 | 2,
): tf.Tensor4D {
  if (stride !== 1) return tf.conv2dTranspose(dy, filter, inputShape, stride, 'valid');
  return tf.tidy(() => {
    const padded = tf.pad(dy, [
      [0, 0],
      [2, 2],
      [2, 2],
      [0, 0],
    ]);
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(padded, flipped, 1, 'valid');
  });
}

/** ∂L/∂K of a 'valid' 3×3 convolution of x at stride s, given ∂L/∂y. */
export function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, stride: 1 | 2): tf.Tensor4D {
  return tf.tidy(() => {
    const swapped = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D;
    const asFilter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
    const full = tf.conv2d(swapped, asFilter, 1, 'valid', 'NHWC', stride);
    const [cin, , , cout] = full.shape;
    const kernel = tf.slice(full, [0, 0, 0, 0], [cin, 3, 3, cout]);
    return tf.transpose(kernel, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}
