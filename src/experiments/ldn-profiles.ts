import type { Profile } from '../baselines/store.ts';
import { quarterDecades } from './ldn-sweep.ts';

/** The sizes of the LDN claims in one profile. */
export interface LdnSizes {
  /** Master seeds; each draws its own data set (w₀ = α·1 exactly). */
  seeds: number[];
  /** Steps of every β = 0.9 and GD run (the warmup is 2000 steps in both profiles). */
  steps: number;
  /** Steps of the β = 0.99 runs (Fig. 11), whose momentum has a time scale of 100 steps. */
  stepsMomentum099: number;
  alphas: number[];
  learningRates: number[];
  /** The wider η range of Fig. 11. */
  learningRates099: number[];
}

/**
 * `paper`: SPEC 10 — 20,000 steps after a 2000-step warmup, α ∈ {0.01, 0.03, 0.1, 0.3, 0.5, 1},
 * η ∈ logspace(−4, −1, 13), Fig. 11 over logspace(−4, −0.5, 15).
 *
 * `quick`: the same warmup and dynamics cut at 6000 steps (8000 for β = 0.99), the upper
 * part of the grid where the thresholds lie, η ∈ logspace(−2.5, −1, 7) (Fig. 11:
 * logspace(−2.5, −0.5, 9)), α ∈ {0.03, 0.1, 0.3, 0.5, 1}. Every quick grid point is a paper
 * grid point, and the first 6000 steps of a quick run are those of the paper run.
 */
export const ldnSizes: Record<Profile, LdnSizes> = {
  paper: {
    seeds: [0, 1, 2, 3, 4],
    steps: 20_000,
    stepsMomentum099: 20_000,
    alphas: [0.01, 0.03, 0.1, 0.3, 0.5, 1],
    learningRates: quarterDecades(-4, -1),
    learningRates099: quarterDecades(-4, -0.5),
  },
  quick: {
    seeds: [0, 1, 2, 3, 4],
    steps: 6000,
    stepsMomentum099: 8000,
    alphas: [0.03, 0.1, 0.3, 0.5, 1],
    learningRates: quarterDecades(-2.5, -1),
    learningRates099: quarterDecades(-2.5, -0.5),
  },
};
