/**
 * The one table of tolerances, keyed by precision and by the kind of quantity. A metric
 * passes its baseline when |value − baseline| ≤ absolute + relative·|baseline|. Each entry
 * says why it has its size; changing an entry is a baseline update and shows as drift.
 */
export type Precision = 'float64' | 'float32';

export type QuantityKind =
  /** Integers from event detection (catapults, spikes, sign changes): exact. */
  | 'count'
  /** Booleans and labels: exact. */
  | 'exact'
  /** Closed forms and runs with only correctly rounded operations before any instability. */
  | 'deterministic'
  /** Values after a catapult, where rounding differences grow exponentially. */
  | 'after-instability'
  /** Rates and exponents fitted to a stretch of a trajectory. */
  | 'fitted'
  /** Values from an adaptive, error-controlled ODE integration (src/theory/ode.ts). */
  | 'integrated';

export interface Tolerance {
  absolute: number;
  relative: number;
  reason: string;
}

export const tolerances: Record<Precision, Record<QuantityKind, Tolerance>> = {
  float64: {
    count: { absolute: 0, relative: 0, reason: 'an event count must not change at all' },
    exact: { absolute: 0, relative: 0, reason: 'a flag or label must not change at all' },
    deterministic: {
      absolute: 1e-12,
      relative: 1e-9,
      reason:
        'float64 runs repeat bit for bit on one machine; 1e-9 allows a reordered sum or a ' +
        'different Math.log/Math.exp in another Node version, not a change of method',
    },
    'after-instability': {
      absolute: 1e-9,
      relative: 0.02,
      reason:
        'a catapult amplifies rounding differences exponentially, so a reordered sum can ' +
        'move post-catapult values by a few tenths of a percent; 2% still catches a ' +
        'changed method',
    },
    fitted: {
      absolute: 1e-9,
      relative: 1e-3,
      reason:
        'a least-squares fit over many steps; 0.1% is far above rounding, far below a change of ' +
        'regime',
    },
    integrated: {
      absolute: 1e-7,
      relative: 1e-6,
      reason:
        'ODEX at RTOL = ATOL = 1e-10 has a global error up to ~1e-8 over our orbits; another ' +
        'Math.pow can change its step sequence and move results by that much; a changed ' +
        'equation moves them by O(1)',
    },
  },
  float32: {
    count: { absolute: 0, relative: 0, reason: 'an event count must not change at all' },
    exact: { absolute: 0, relative: 0, reason: 'a flag or label must not change at all' },
    deterministic: {
      absolute: 1e-6,
      relative: 1e-4,
      reason:
        'float32 kernels differ between tfjs backends in summation order (about 1e-6 relative ' +
        'per op)',
    },
    'after-instability': {
      absolute: 1e-6,
      relative: 0.1,
      reason:
        'float32 rounding differences grow through a catapult; 10% still catches a changed method',
    },
    fitted: {
      absolute: 1e-6,
      relative: 0.01,
      reason: 'a fit to float32 trajectories; 1% is above backend rounding differences',
    },
    integrated: {
      absolute: 1e-7,
      relative: 1e-6,
      reason: 'ODE integrations run in float64 only; the float64 entry, kept for completeness',
    },
  },
};

/** The tolerance entry for a metric. */
export function toleranceFor(precision: Precision, quantity: QuantityKind): Tolerance {
  return tolerances[precision][quantity];
}
