/**
 * Types for `odex` 2.0 (E. Hairer and G. Wanner's ODEX, the Gragg–Bulirsch–Stoer
 * extrapolation method, ported by Colin Smith), loaded through `require`.
 *
 * NOTE: a `declare module 'odex'` file cannot type this package: the compiler resolves
 * 'odex' to the TypeScript source the package ships (node_modules/odex/src/odex.ts) and
 * type-checks it under our strict settings, where it has dozens of errors. Loading the
 * CommonJS build with createRequire keeps the compiler out of it; only what src/theory
 * uses is declared, with the names of odex.ts.
 */
import { createRequire } from 'node:module';

/** y′ = f(x, y): the derivative at x, an array as long as y. */
export type Derivative = (x: number, y: number[]) => number[];

/** Dense output on the last accepted step: component `c` (0-based) at x in [xOld, x]. */
export type DenseOutput = (c: number, x: number) => number;

/**
 * Called once at the start (step 1, no dense output) and after every accepted step;
 * returning false stops the integration (outcome EarlyReturn).
 */
export type OutputFunction = (
  step: number,
  xOld: number,
  x: number,
  y: number[],
  dense?: DenseOutput,
) => boolean | undefined;

/** How `solve` ended: 0 Converged, 1 MaxStepsExceeded, 2 EarlyReturn. */
export const outcomes = ['Converged', 'MaxStepsExceeded', 'EarlyReturn'] as const;

export interface Solution {
  y: number[];
  /** An index into {@link outcomes}. */
  outcome: number;
  nStep: number;
  xEnd: number;
  nAccept: number;
  nReject: number;
  nEval: number;
}

export interface Solver {
  n: number;
  /** Most accepted steps before MaxStepsExceeded (default 10,000). */
  maxSteps: number;
  initialStepSize: number;
  /** Largest step (default: the whole interval). */
  maxStepSize: number;
  denseOutput: boolean;
  /** RTOL: each step's error estimate ≤ absoluteTolerance + relativeTolerance·|y| (RMS). */
  relativeTolerance: number | number[];
  absoluteTolerance: number | number[];
  solve(f: Derivative, x: number, y0: number[], xEnd: number, solOut?: OutputFunction): Solution;
}

const odex = createRequire(import.meta.url)('odex') as { Solver: new (n: number) => Solver };

/** A new ODEX solver for a system of n equations. */
export function createSolver(n: number): Solver {
  return new odex.Solver(n);
}
