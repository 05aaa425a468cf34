import type { Model } from './model.ts';

/**
 * The reconstructed toy losses of Section 3 (SPEC 4.1): f(x, y) = x²·h(y) on y > 0 with h
 * positive, decreasing and h → 0 as y → ∞. The minimum manifold is {x = 0}, sharpness on
 * it is S(y) = 2h(y), and since ∂f/∂y = x²h′(y) ≤ 0, GD and heavy ball with zero initial
 * velocity move y up monotonically. The paper's exact loss is not recoverable; x²/(2y) is
 * the primary guess and the other members fit every clue equally well.
 */
export const toyLossNames = ['x2-over-2y', 'x2-over-y', 'x2-over-2y2', 'x2-over-1py2'] as const;
export type ToyLossName = (typeof toyLossNames)[number];

export const toyLossFormulas: Record<ToyLossName, string> = {
  'x2-over-2y': 'x²/(2y)',
  'x2-over-y': 'x²/y',
  'x2-over-2y2': 'x²/(2y²)',
  'x2-over-1py2': 'x²/(1+y²)',
};

interface ToyDerivatives {
  /** f(x, y). */
  f(x: number, y: number): number;
  /** Writes (∂f/∂x, ∂f/∂y) into g. */
  gradient(x: number, y: number, g: Float64Array): void;
  /** Hessian entries (f_xx, f_xy, f_yy). */
  hessian(x: number, y: number): [number, number, number];
  /** Sharpness on the minimum manifold, S(y) = 2h(y). */
  manifoldSharpness(y: number): number;
}

// Each member is written in its simplest closed form; for x²/(2y) the operation order is
// the peers' (BENCHMARKS.md), so a run reproduces their pure-Python reference bit for bit.
const derivatives: Record<ToyLossName, ToyDerivatives> = {
  'x2-over-2y': {
    f: (x, y) => (x * x) / (2 * y),
    gradient(x, y, g) {
      g[0] = x / y;
      g[1] = (-x * x) / (2 * y * y);
    },
    hessian: (x, y) => [1 / y, -x / (y * y), (x * x) / (y * y * y)],
    manifoldSharpness: (y) => 1 / y,
  },
  'x2-over-y': {
    f: (x, y) => (x * x) / y,
    gradient(x, y, g) {
      g[0] = (2 * x) / y;
      g[1] = (-x * x) / (y * y);
    },
    hessian: (x, y) => [2 / y, (-2 * x) / (y * y), (2 * x * x) / (y * y * y)],
    manifoldSharpness: (y) => 2 / y,
  },
  'x2-over-2y2': {
    f: (x, y) => (x * x) / (2 * y * y),
    gradient(x, y, g) {
      g[0] = x / (y * y);
      g[1] = (-x * x) / (y * y * y);
    },
    hessian: (x, y) => [1 / (y * y), (-2 * x) / (y * y * y), (3 * x * x) / (y * y * y * y)],
    manifoldSharpness: (y) => 1 / (y * y),
  },
  'x2-over-1py2': {
    f: (x, y) => (x * x) / (1 + y * y),
    gradient(x, y, g) {
      const q = 1 + y * y;
      g[0] = (2 * x) / q;
      g[1] = (-2 * x * x * y) / (q * q);
    },
    hessian(x, y) {
      const q = 1 + y * y;
      return [2 / q, (-4 * x * y) / (q * q), (x * x * (6 * y * y - 2)) / (q * q * q)];
    },
    manifoldSharpness: (y) => 2 / (1 + y * y),
  },
};

/**
 * Largest eigenvalue of the symmetric 2×2 matrix [[a, b], [b, c]]:
 * (a + c)/2 + √((a − c)²/4 + b²).
 *
 * @example
 * largestEigenvalue2x2(10, 0, 0); // 10, the toy's sharpness at (0, 0.1) for x²/(2y)
 */
export function largestEigenvalue2x2(a: number, b: number, c: number): number {
  return 0.5 * (a + c) + Math.sqrt(0.25 * (a - c) * (a - c) + b * b);
}

/** A toy loss as an engine model over w = (x, y), plus its manifold sharpness S(y). */
export interface ToyModel extends Model {
  readonly name: ToyLossName;
  readonly formula: string;
  manifoldSharpness(y: number): number;
  /** Hessian entries (f_xx, f_xy, f_yy) at (x, y). */
  hessianEntries(x: number, y: number): [number, number, number];
}

/**
 * The toy model `name`. Outside the domain y > 0 the loss and gradient are NaN, which the
 * training loop records as divergence rather than crashing.
 *
 * @example
 * const toy = toyModel('x2-over-2y');
 * toy.sharpness(Float64Array.of(0, 0.1)); // 10
 */
export function toyModel(name: ToyLossName): ToyModel {
  const d = derivatives[name];
  return {
    name,
    formula: toyLossFormulas[name],
    dimension: 2,
    loss: (w) => (w[1]! > 0 ? d.f(w[0]!, w[1]!) : Number.NaN),
    lossAndGradient(w, gradient) {
      const x = w[0]!;
      const y = w[1]!;
      if (!(y > 0)) {
        gradient.fill(Number.NaN);
        return Number.NaN;
      }
      d.gradient(x, y, gradient);
      return d.f(x, y);
    },
    hessianOperator(w) {
      const [a, b, c] = d.hessian(w[0]!, w[1]!);
      return (v, out) => {
        out[0] = a * v[0]! + b * v[1]!;
        out[1] = b * v[0]! + c * v[1]!;
      };
    },
    sharpness(w) {
      const [a, b, c] = d.hessian(w[0]!, w[1]!);
      return largestEigenvalue2x2(a, b, c);
    },
    manifoldSharpness: d.manifoldSharpness,
    hessianEntries: d.hessian,
  };
}
