/**
 * Convolutional classifiers on one flat parameter vector, as tfjs functions
 * f(θ, x) → [N, classes]. The vector is split into weight tensors by one tf.split, so that
 * tf.grad with respect to θ gives the whole gradient as one vector, the layout the engine
 * trains on. Initial values come from our seeded streams, never from tfjs's generator.
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomStream } from '../engine/random.ts';
import { conv3x3 } from './conv.ts';

/** One weight tensor of a network: its shape and the std of its 𝒩(0, std²) initialisation. */
export interface ParameterBlock {
  name: string;
  shape: number[];
  /** 0 initialises to zero (biases). */
  initStd: number;
}

export interface TfNetwork {
  /** "small-residual-c8-b1" or "resnet20". */
  name: string;
  /** Input height, width and channels. */
  inputShape: [number, number, number];
  classes: number;
  blocks: ParameterBlock[];
  parameterCount: number;
  /**
   * Network outputs for inputs x [N, H, W, C] at the flat parameters θ; every ReLU goes
   * through `relu` (default tf.relu), called in the same order on every pass, so that a
   * Hessian-vector product can freeze the activation pattern (src/tf/model.ts).
   */
  apply(theta: tf.Tensor1D, x: tf.Tensor4D, relu?: Relu): tf.Tensor2D;
}

/** A ReLU as the networks call it: z ↦ max(z, 0), or a replacement (see src/tf/model.ts). */
export type Relu = (z: tf.Tensor) => tf.Tensor;

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** θ₀: each block's entries drawn 𝒩(0, initStd²) from `stream`, in block order. */
export function initialNetworkParameters(network: TfNetwork, stream: RandomStream): Float64Array {
  const theta = new Float64Array(network.parameterCount);
  let offset = 0;
  for (const block of network.blocks) {
    const n = size(block.shape);
    if (block.initStd > 0)
      stream.fillGaussian(theta.subarray(offset, offset + n), 0, block.initStd);
    offset += n;
  }
  return theta;
}

/** Splits θ into the blocks' tensors, by name. */
function unpack(network: TfNetwork, theta: tf.Tensor1D): Record<string, tf.Tensor> {
  const parts = tf.split(
    theta,
    network.blocks.map((b) => size(b.shape)),
  );
  return Object.fromEntries(network.blocks.map((b, i) => [b.name, parts[i]!.reshape(b.shape)]));
}

function conv(name: string, cin: number, cout: number, scale = 1): ParameterBlock {
  return { name, shape: [3, 3, cin, cout], initStd: scale * Math.sqrt(2 / (9 * cin)) };
}

function dense(features: number, classes: number): ParameterBlock[] {
  return [
    { name: 'dense', shape: [features, classes], initStd: Math.sqrt(1 / features) },
    { name: 'bias', shape: [classes], initStd: 0 },
  ];
}

function network(
  name: string,
  inputShape: [number, number, number],
  classes: number,
  blocks: ParameterBlock[],
  body: (w: Record<string, tf.Tensor>, x: tf.Tensor4D, relu: Relu) => tf.Tensor4D,
): TfNetwork {
  const features = blocks.find((b) => b.name === 'dense')!.shape[0]!;
  return {
    name,
    inputShape,
    classes,
    blocks,
    parameterCount: blocks.reduce((s, b) => s + size(b.shape), 0),
    apply(theta, x, relu = tf.relu) {
      const w = unpack(this, theta);
      const pooled = tf.mean(body(w, x, relu), [1, 2]).reshape([x.shape[0], features]);
      return tf.add(tf.matMul(pooled, w.dense as tf.Tensor2D), w.bias!) as tf.Tensor2D;
    },
  };
}

/**
 * The small residual CNN of the quick profile: a 3×3 stem convolution to c channels and
 * ReLU, then b residual blocks x ↦ ReLU(x + conv(ReLU(conv(x)))), global average pooling
 * and a dense layer with bias to the classes. No batch normalisation, no convolution
 * biases. He initialisation (std √(2/(9·c_in))) for the convolutions, the second one of
 * each block scaled by 1/√b (so the residual sum keeps its size at init), std √(1/c) for
 * the dense layer, zero bias.
 */
export function smallResidualCnn(
  inputShape: [number, number, number],
  classes: number,
  channels: number,
  residualBlocks: number,
): TfNetwork {
  const c = channels;
  const blocks = [conv('stem', inputShape[2], c)];
  for (let k = 0; k < residualBlocks; k++) {
    blocks.push(conv(`block${k}a`, c, c), conv(`block${k}b`, c, c, 1 / Math.sqrt(residualBlocks)));
  }
  blocks.push(...dense(c, classes));
  return network(
    `small-residual-c${c}-b${residualBlocks}`,
    inputShape,
    classes,
    blocks,
    (w, x, relu) => {
      let h = relu(conv3x3(x, w.stem as tf.Tensor4D)) as tf.Tensor4D;
      for (let k = 0; k < residualBlocks; k++) {
        const inner = relu(conv3x3(h, w[`block${k}a`] as tf.Tensor4D)) as tf.Tensor4D;
        h = relu(tf.add(h, conv3x3(inner, w[`block${k}b`] as tf.Tensor4D))) as tf.Tensor4D;
      }
      return h;
    },
  );
}

/** Every other row and column of x: [N, H, W, C] → [N, H/2, W/2, C] (H, W even). */
function subsample(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const grid = x.reshape([n, h / 2, 2, w / 2, 2, c]);
  return tf
    .slice(grid, [0, 0, 0, 0, 0, 0], [n, h / 2, 1, w / 2, 1, c])
    .reshape([n, h / 2, w / 2, c]);
}

/**
 * ResNet20 for CIFAR (He et al. 2016, as in the akamaster implementation; SPEC 6.3): a 3×3
 * stem to 16 channels, three stages of three basic blocks at 16, 32 and 64 channels (the
 * first block of stages 2 and 3 at stride 2, its shortcut the subsampled input zero-padded
 * in channels, "option A"), global average pooling and a dense layer with bias.
 *
 * NOTE: whether the paper kept batch normalisation is unknown (SPEC 6.3). This version has
 * none, so that the loss and its Hessian are those of a fixed function of θ on the full
 * batch; in its place the second convolution of each block starts at He/√9 (the Fixup idea:
 * nine residual branches add up to the size of one).
 */
export function resnet20(inputShape: [number, number, number], classes: number): TfNetwork {
  const widths = [16, 32, 64];
  const blocks = [conv('stem', inputShape[2], 16)];
  const plan: { name: string; cin: number; cout: number; stride: 1 | 2 }[] = [];
  let cin = 16;
  widths.forEach((cout, stage) => {
    for (let k = 0; k < 3; k++) {
      const stride = stage > 0 && k === 0 ? 2 : 1;
      const name = `s${stage}b${k}`;
      blocks.push(conv(`${name}a`, cin, cout), conv(`${name}b`, cout, cout, 1 / 3));
      plan.push({ name, cin, cout, stride });
      cin = cout;
    }
  });
  blocks.push(...dense(64, classes));
  return network('resnet20', inputShape, classes, blocks, (w, x, relu) => {
    let h = relu(conv3x3(x, w.stem as tf.Tensor4D)) as tf.Tensor4D;
    for (const { name, cin: ci, cout, stride } of plan) {
      const inner = relu(conv3x3(h, w[`${name}a`] as tf.Tensor4D, stride)) as tf.Tensor4D;
      const branch = conv3x3(inner, w[`${name}b`] as tf.Tensor4D);
      let shortcut = h;
      if (stride === 2) {
        const extra = (cout - ci) / 2;
        shortcut = tf.pad(subsample(h), [
          [0, 0],
          [0, 0],
          [0, 0],
          [extra, extra],
        ]);
      }
      h = relu(tf.add(shortcut, branch)) as tf.Tensor4D;
    }
    return h;
  });
}
