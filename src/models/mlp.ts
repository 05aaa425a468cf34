import type { RegressionData } from '../data/rank2.ts';
import type { LinearOperator } from '../engine/lanczos.ts';
import type { RandomStream } from '../engine/random.ts';
import { matmulTransposed as nt, transpose } from './matmul.ts';
import type { Model } from './model.ts';

/**
 * The three-layer ReLU network of SPEC 6.2 in the NTK parameterisation:
 *
 *   f(x) = m^{−1/2}·W₃·σ(m^{−1/2}·W₂·σ(d^{−1/2}·W₁·x)),   σ = ReLU,
 *
 * W₁ m×d, W₂ m×m, W₃ 1×m, all entries 𝒩(0, 1) at initialisation, no biases. The
 * parameters are one flat vector θ = [W₁ row-major, W₂ row-major, W₃] of length
 * P = m·d + m² + m (the peers' layout, peers/mlp.py).
 *
 * Loss: L(θ) = (1/2n)·Σᵢ (f(xᵢ) − yᵢ)², the mean squared error halved.
 */
export interface MlpModel extends Model {
  readonly width: number;
  readonly inputDimension: number;
  /** f(xᵢ) for every row of `data.inputs`, written into `out`. */
  predict(w: Float64Array, data: RegressionData, out?: Float64Array): Float64Array;
  /** (1/2n)·Σ (f(xᵢ) − yᵢ)² on another data set of the same dimension (a test set). */
  lossOn(w: Float64Array, data: RegressionData): number;
}

/** P = m·d + m² + m. */
export function mlpParameterCount(inputDimension: number, width: number): number {
  return width * inputDimension + width * width + width;
}

/** θ₀ with every entry 𝒩(0, 1), drawn in the order W₁, W₂, W₃ from `stream`. */
export function initialMlpParameters(
  stream: RandomStream,
  inputDimension: number,
  width: number,
): Float64Array {
  return stream.fillGaussian(new Float64Array(mlpParameterCount(inputDimension, width)));
}

/** Activations of one forward pass over n examples. */
interface Forward {
  /** H₁ = σ(Z₁), n×m; the ReLU mask is H₁ > 0. */
  h1: Float64Array;
  /** H₂ = σ(Z₂), n×m. */
  h2: Float64Array;
  /** f, length n. */
  f: Float64Array;
}

function allocateForward(n: number, m: number): Forward {
  return { h1: new Float64Array(n * m), h2: new Float64Array(n * m), f: new Float64Array(n) };
}

function relu(x: Float64Array): void {
  for (let i = 0; i < x.length; i++) if (!(x[i]! > 0)) x[i] = 0;
}

/** The weight blocks of θ as views. */
function blocks(w: Float64Array, d: number, m: number) {
  return {
    w1: w.subarray(0, m * d),
    w2: w.subarray(m * d, m * d + m * m),
    w3: w.subarray(m * d + m * m, m * d + m * m + m),
  };
}

/** The forward pass: Z₁ = d^{−1/2}·X·W₁ᵀ, Z₂ = m^{−1/2}·H₁·W₂ᵀ, f = m^{−1/2}·H₂·W₃ᵀ. */
function forward(w: Float64Array, x: Float64Array, n: number, d: number, m: number, out: Forward) {
  const { w1, w2, w3 } = blocks(w, d, m);
  const c = 1 / Math.sqrt(m);
  nt(x, w1, out.h1, n, d, m, 1 / Math.sqrt(d));
  relu(out.h1);
  nt(out.h1, w2, out.h2, n, m, m, c);
  relu(out.h2);
  nt(out.h2, w3, out.f, n, m, 1, c);
}

/**
 * The MLP of SPEC 6.2 on a training set, with the exact gradient (backpropagation) and
 * the exact Hessian-vector product (Pearlmutter's R-operator: a forward-mode pass through
 * the backward pass), both on Float64Array with preallocated work space.
 *
 * With a = d^{−1/2}, c = m^{−1/2}, D_k = 1[Z_k > 0] and r = (f − y)/n, the gradient is
 *
 *   ∇W₃ = c·H₂ᵀr,   ∂Z₂ = c·(r·W₃)⊙D₂,   ∇W₂ = c·∂Z₂ᵀH₁,
 *   ∂Z₁ = c·(∂Z₂·W₂)⊙D₁,   ∇W₁ = a·∂Z₁ᵀX,
 *
 * and the product with V = (V₁, V₂, V₃) differentiates every line along V (R{·}), with
 * R{D_k} = 0 (ReLU is piecewise linear), so the result is the Hessian of the loss inside
 * the current activation region. ReLU kinks make the loss only piecewise smooth: finite
 * differences agree with it only at steps too small to cross a kink (about 1e-6 here).
 *
 * Work per call, n examples: gradient 2ndm + 3nm² multiply-adds, product 2ndm + 6nm².
 * The operator from `hessianOperator(w)` keeps its own copy of w and of the forward pass;
 * it stays valid until the next call to `hessianOperator`, and using a stale one throws.
 *
 * @example
 * const model = mlpModel(rank2Data(createStream(0, 'data'), 400, 200), 128);
 * model.dimension; // 67,712 = 128·400 + 128² + 128
 */
export function mlpModel(data: RegressionData, width: number): MlpModel {
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`width must be a positive integer, got ${width}`);
  }
  const { size: n, dimension: d, inputs: x, targets: y } = data;
  const m = width;
  const dimension = mlpParameterCount(d, m);
  const a = 1 / Math.sqrt(d);
  const c = 1 / Math.sqrt(m);
  const xT = new Float64Array(d * n);
  transpose(x, n, d, xT);

  // Gradient work space.
  const pass = allocateForward(n, m);
  const r = new Float64Array(n);
  const dz2 = new Float64Array(n * m);
  const dz2T = new Float64Array(m * n);
  const h1T = new Float64Array(m * n);
  const w2T = new Float64Array(m * m);
  const dz1 = new Float64Array(n * m);
  const dz1T = new Float64Array(m * n);

  const checkLength = (name: string, v: Float64Array) => {
    if (v.length !== dimension) {
      throw new RangeError(`${name} must have length ${dimension}, got ${v.length}`);
    }
  };

  const residualLoss = (f: Float64Array, out: Float64Array): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const e = f[i]! - y[i]!;
      sum += e * e;
      out[i] = e / n;
    }
    return sum / (2 * n);
  };

  /** ∂Z₂ = c·(r·W₃)⊙D₂ into `out` (n×m). */
  const outputBackward = (
    res: Float64Array,
    w3: Float64Array,
    h2: Float64Array,
    out: Float64Array,
  ) => {
    for (let i = 0; i < n; i++) {
      const ri = c * res[i]!;
      const row = i * m;
      for (let j = 0; j < m; j++) out[row + j] = h2[row + j]! > 0 ? ri * w3[j]! : 0;
    }
  };

  const mask = (values: Float64Array, activations: Float64Array) => {
    for (let i = 0; i < values.length; i++) if (!(activations[i]! > 0)) values[i] = 0;
  };

  const lossAndGradient = (w: Float64Array, g: Float64Array): number => {
    checkLength('w', w);
    checkLength('gradient', g);
    const { w2, w3 } = blocks(w, d, m);
    const grad = blocks(g, d, m);
    forward(w, x, n, d, m, pass);
    const loss = residualLoss(pass.f, r);

    for (let j = 0; j < m; j++) grad.w3[j] = 0;
    for (let i = 0; i < n; i++) {
      const ri = c * r[i]!;
      const row = i * m;
      for (let j = 0; j < m; j++) grad.w3[j]! += ri * pass.h2[row + j]!;
    }
    outputBackward(r, w3, pass.h2, dz2);
    transpose(dz2, n, m, dz2T);
    transpose(pass.h1, n, m, h1T);
    nt(dz2T, h1T, grad.w2, m, n, m, c);
    transpose(w2, m, m, w2T);
    nt(dz2, w2T, dz1, n, m, m, c);
    mask(dz1, pass.h1);
    transpose(dz1, n, m, dz1T);
    nt(dz1T, xT, grad.w1, m, n, d, a);
    return loss;
  };

  // Hessian-vector product work space: the state at w, then per-product scratch.
  const at = new Float64Array(dimension);
  const state = allocateForward(n, m);
  const sr = new Float64Array(n);
  const sdz2 = new Float64Array(n * m);
  const sdz2T = new Float64Array(m * n);
  const sh1T = new Float64Array(m * n);
  const sw2T = new Float64Array(m * m);
  const rh1 = new Float64Array(n * m);
  const rh1T = new Float64Array(m * n);
  const rh2 = new Float64Array(n * m);
  const rr = new Float64Array(n);
  const rdz2 = new Float64Array(n * m);
  const rdz2T = new Float64Array(m * n);
  const v2T = new Float64Array(m * m);
  const rdz1 = new Float64Array(n * m);
  const rdz1T = new Float64Array(m * n);
  let generation = 0;

  const hessianOperator = (w: Float64Array): LinearOperator => {
    checkLength('w', w);
    at.set(w);
    const { w2, w3 } = blocks(at, d, m);
    forward(at, x, n, d, m, state);
    residualLoss(state.f, sr);
    outputBackward(sr, w3, state.h2, sdz2);
    transpose(sdz2, n, m, sdz2T);
    transpose(state.h1, n, m, sh1T);
    transpose(w2, m, m, sw2T);
    const mine = ++generation;

    return (v, out) => {
      if (mine !== generation) {
        throw new Error('this Hessian operator is stale: hessianOperator was called again');
      }
      checkLength('v', v);
      checkLength('out', out);
      const dv = blocks(v, d, m);
      const o = blocks(out, d, m);
      const { h1, h2 } = state;

      // Forward: R{H₁}, R{H₂}, R{f}.
      nt(x, dv.w1, rh1, n, d, m, a);
      mask(rh1, h1);
      nt(rh1, w2, rh2, n, m, m, c);
      nt(h1, dv.w2, rh2, n, m, m, c, true);
      mask(rh2, h2);
      for (let i = 0; i < n; i++) {
        const row = i * m;
        let sum = 0;
        for (let j = 0; j < m; j++) sum += rh2[row + j]! * w3[j]! + h2[row + j]! * dv.w3[j]!;
        rr[i] = (c * sum) / n;
      }

      // Backward: R{∇W₃}, R{∂Z₂}, R{∇W₂}, R{∂Z₁}, R{∇W₁}.
      for (let j = 0; j < m; j++) o.w3[j] = 0;
      for (let i = 0; i < n; i++) {
        const ri = c * sr[i]!;
        const rri = c * rr[i]!;
        const row = i * m;
        for (let j = 0; j < m; j++) o.w3[j]! += rh2[row + j]! * ri + h2[row + j]! * rri;
      }
      for (let i = 0; i < n; i++) {
        const ri = c * sr[i]!;
        const rri = c * rr[i]!;
        const row = i * m;
        for (let j = 0; j < m; j++) {
          rdz2[row + j] = h2[row + j]! > 0 ? rri * w3[j]! + ri * dv.w3[j]! : 0;
        }
      }
      transpose(rdz2, n, m, rdz2T);
      transpose(rh1, n, m, rh1T);
      nt(rdz2T, sh1T, o.w2, m, n, m, c);
      nt(sdz2T, rh1T, o.w2, m, n, m, c, true);
      transpose(dv.w2, m, m, v2T);
      nt(rdz2, sw2T, rdz1, n, m, m, c);
      nt(sdz2, v2T, rdz1, n, m, m, c, true);
      mask(rdz1, h1);
      transpose(rdz1, n, m, rdz1T);
      nt(rdz1T, xT, o.w1, m, n, d, a);
    };
  };

  const predictionPasses = new Map<RegressionData, Forward>();
  const predict = (w: Float64Array, other: RegressionData, out?: Float64Array) => {
    checkLength('w', w);
    if (other.dimension !== d) {
      throw new RangeError(`data.dimension must be ${d}, got ${other.dimension}`);
    }
    let buffers = other === data ? pass : predictionPasses.get(other);
    if (!buffers) {
      buffers = allocateForward(other.size, m);
      predictionPasses.set(other, buffers);
    }
    forward(w, other.inputs, other.size, d, m, buffers);
    const result = out ?? new Float64Array(other.size);
    result.set(buffers.f);
    return result;
  };

  const lossOn = (w: Float64Array, other: RegressionData) => {
    const f = predict(w, other);
    let sum = 0;
    for (let i = 0; i < other.size; i++) sum += (f[i]! - other.targets[i]!) ** 2;
    return sum / (2 * other.size);
  };

  return {
    dimension,
    width: m,
    inputDimension: d,
    loss: (w) => lossOn(w, data),
    lossAndGradient,
    hessianOperator,
    predict,
    lossOn,
  };
}
