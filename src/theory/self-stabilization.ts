/**
 * The first-order ODE of App. B for heavy ball's self-stabilization, Eqs. (5)–(6), its
 * conservation law (7), equilibria and linearisation (Prop. B.1) and the bounds of
 * Corollary B.1 (Eqs. 8–9), as reconstructed in SPEC 5.4–5.5. Time is τ = η·t, X = |x| is
 * the movement along the unstable direction, Y the change in sharpness, α the
 * progressive-sharpening coefficient and β the momentum; ‖∇S‖ = 1.
 */
import type { VectorField } from './ode.ts';
import { type Complex, quadraticRoots } from './roots.ts';

export interface OdeParameters {
  /** α: > 0 progressive sharpening, 0 none, < 0 progressive flattening. */
  alpha: number;
  /** β in [0, 1). */
  momentum: number;
}

/** Which first-order system: the paper's (5)–(6), or the small-η limit of (3)–(4). */
export type OdeEquation = 'eq5-6' | 'recurrence-limit';

/** Throws a RangeError naming the parameter unless α is finite and 0 ≤ β < 1. */
export function checkOdeParameters({ alpha, momentum }: OdeParameters): void {
  if (!Number.isFinite(alpha)) throw new RangeError(`alpha must be a finite number, got ${alpha}`);
  if (!(momentum >= 0 && momentum < 1))
    throw new RangeError(`momentum must be a number in [0, 1), got ${momentum}`);
}

/**
 * The vector field on (X, Y).
 *
 * - 'eq5-6', Eqs. (5)–(6): X′ = X·Y, Y′ = (α − X²/2)/(1 − β).
 * - 'recurrence-limit': X′ = X·Y/(1 − β), Y′ = (α − X²/2)/(1 − β). With y frozen, (3) has
 *   the root −(1 + ηy/(1 − β)) + O(η²) next to −β, so |x| grows by ηy/(1 − β) per step,
 *   not ηy; this is the system the recurrences follow as η → 0 (a time-rescaled copy of
 *   Damian et al.'s β = 0 ODE).
 *
 * @example
 * selfStabilizationField({ alpha: 1, momentum: 0.5 })(0, [1, 2]); // [2, 1]
 */
export function selfStabilizationField(
  parameters: OdeParameters,
  equation: OdeEquation = 'eq5-6',
): VectorField {
  checkOdeParameters(parameters);
  const { alpha, momentum } = parameters;
  const xScale = equation === 'eq5-6' ? 1 : 1 / (1 - momentum);
  return (_time, [X, Y]) => [X! * Y! * xScale, (alpha - (X! * X!) / 2) / (1 - momentum)];
}

/**
 * The conserved quantity of (5)–(6), Eq. (7): E = (1 − β)Y² + X²/2 − α·log(X²), which for
 * α = 0 is (1 − β)Y² + X²/2 (the level sets are then ellipses). From (5)–(6),
 * dE/dτ = 2(1 − β)Y·(α − X²/2)/(1 − β) + (X − 2α/X)·X·Y = 0.
 *
 * @example
 * conservedQuantity({ alpha: 0, momentum: 0.5 }, 2, 1); // 0.5 + 2 = 2.5
 */
export function conservedQuantity({ alpha, momentum }: OdeParameters, X: number, Y: number) {
  const base = (1 - momentum) * Y * Y + (X * X) / 2;
  return alpha === 0 ? base : base - alpha * Math.log(X * X);
}

/** The Jacobian of (5)–(6) at (X, Y): [[Y, X], [−X/(1 − β), 0]], by rows. */
export function jacobian(
  { momentum }: OdeParameters,
  X: number,
  Y: number,
): [[number, number], [number, number]] {
  return [
    [Y, X],
    [-X / (1 - momentum), 0],
  ];
}

/**
 * Eigenvalues of the Jacobian of (5)–(6): roots of λ² − Y·λ + X²/(1 − β) = 0. At the α > 0
 * equilibrium (√(2α), 0) they are ±i·√(2α/(1 − β)) (a centre); at (0, Y₀) they are Y₀ and 0.
 *
 * @example
 * jacobianEigenvalues({ alpha: 1, momentum: 0 }, Math.SQRT2, 0); // ±1.414…i
 */
export function jacobianEigenvalues(parameters: OdeParameters, X: number, Y: number) {
  const [[a, b], [c, d]] = jacobian(parameters, X, Y);
  return quadraticRoots(a + d, a * d - b * c) satisfies [Complex, Complex];
}

/** The equilibria of (5)–(6) with X ≥ 0 (SPEC 5.4). */
export type Equilibria =
  | { kind: 'point'; X: number; Y: number }
  | { kind: 'line'; X: number }
  | { kind: 'none' };

/**
 * α > 0: the single point (√(2α), 0); α = 0: the line X = 0 (every Y); α < 0: none.
 *
 * @example
 * equilibria(1); // { kind: 'point', X: 1.414…, Y: 0 }
 */
export function equilibria(alpha: number): Equilibria {
  if (alpha > 0) return { kind: 'point', X: Math.sqrt(2 * alpha), Y: 0 };
  if (alpha === 0) return { kind: 'line', X: 0 };
  return { kind: 'none' };
}

/**
 * Corollary B.1, Eq. (8), α > 0: |Y(τ)| ≤ √((E − α + α·log(2α))/(1 − β)), because
 * X²/2 − α·log(X²) ≥ α − α·log(2α), its value at X = √(2α).
 *
 * @example
 * yBound({ alpha: 1, momentum: 0 }, 1 + 1); // √(2 − 1 + log 2) = 1.30…
 */
export function yBound({ alpha, momentum }: OdeParameters, energy: number): number {
  if (!(alpha > 0)) throw new RangeError(`yBound needs alpha > 0, got ${alpha}`);
  return Math.sqrt(Math.max(0, energy - alpha + alpha * Math.log(2 * alpha)) / (1 - momentum));
}

/**
 * Corollary B.1, Eq. (8), α > 0: X(τ) stays in the band {X > 0: X²/2 − α·log(X²) ≤ E};
 * returns its ends, found by bisection on either side of √(2α). Both ends are reached
 * where the orbit crosses Y = 0.
 */
export function xBand({ alpha }: OdeParameters, energy: number): [number, number] {
  if (!(alpha > 0)) throw new RangeError(`xBand needs alpha > 0, got ${alpha}`);
  const phi = (X: number) => (X * X) / 2 - alpha * Math.log(X * X);
  const centre = Math.sqrt(2 * alpha);
  if (!(energy >= phi(centre)))
    throw new RangeError(`energy must be ≥ ${phi(centre)} (the minimum), got ${energy}`);
  let low = centre;
  while (phi(low) <= energy) low /= 2;
  let high = centre;
  while (phi(high) <= energy) high *= 2;
  const solve = (inside: number, outside: number) => {
    for (let i = 0; i < 200; i++) {
      const middle = (inside + outside) / 2;
      if (middle === inside || middle === outside) break;
      if (phi(middle) <= energy) inside = middle;
      else outside = middle;
    }
    return inside;
  };
  return [solve(centre, low), solve(centre, high)];
}

/**
 * Corollary B.1, Eq. (9), α = 0: |Y(τ)| ≤ √(Y₀² + X₀²/(2(1 − β))) and
 * X(τ) ≤ √(X₀² + 2(1 − β)Y₀²), both from E = (1 − β)Y² + X²/2 being constant.
 *
 * @example
 * alphaZeroBounds({ alpha: 0, momentum: 0 }, 1, 0); // { yBound: 0.707…, xBound: 1 }
 */
export function alphaZeroBounds({ momentum }: OdeParameters, X0: number, Y0: number) {
  return {
    yBound: Math.sqrt(Y0 * Y0 + (X0 * X0) / (2 * (1 - momentum))),
    xBound: Math.sqrt(X0 * X0 + 2 * (1 - momentum) * Y0 * Y0),
  };
}

/**
 * α = 0: every trajectory with X₀ > 0 tends to (0, Y∞) with Y∞ = −√(Y₀² + X₀²/(2(1 − β)))
 * (SPEC 5.6): Y decreases, X → 0, and E is conserved.
 *
 * @example
 * alphaZeroLimit({ alpha: 0, momentum: 0.9 }, 0.5, 0); // −1.118…
 */
export function alphaZeroLimit(parameters: OdeParameters, X0: number, Y0: number): number {
  return -alphaZeroBounds(parameters, X0, Y0).yBound;
}
