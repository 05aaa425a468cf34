import { describe, expect, test } from 'vitest';
import {
  isNearZero,
  medianTestMse,
  monotoneAfterThreshold,
  seedVerdict,
  sharpDrops,
  threshold,
} from './ldn-analysis.ts';
import type { LdnSweepCell } from './ldn-sweep.ts';
import { ldnSweepCells, quarterDecades } from './ldn-sweep.ts';

/** A sweep cell with test MSE `mse` (null: diverged). */
function cell(momentum: number, learningRate: number, mse: number | null): LdnSweepCell {
  return {
    alpha: 0.5,
    learningRate,
    momentum,
    endState: mse === null ? 'diverged' : 'below-mss',
    divergedAt: mse === null ? 100 : null,
    testMse: mse,
    populationTestMse: mse,
    finalTrainLoss: 0,
    finalSharpnessOverMss: mse === null ? null : 0.5,
    key: '',
  };
}

const etas = [0.01, 0.018, 0.032, 0.056, 0.1];

/** GD and heavy-ball curves at α = 0.5 over `etas`. */
function sweep(gd: (number | null)[], phb: (number | null)[]): LdnSweepCell[] {
  return [...etas.map((e, k) => cell(0, e, gd[k]!)), ...etas.map((e, k) => cell(0.9, e, phb[k]!))];
}

describe('near zero and thresholds', () => {
  const cells = sweep([0.4, 0.4, 0.3, 0.2, 0.15], [0.41, 0.3, 0.02, 0.045, null]);

  test('near zero needs test MSE < 0.05 and at most 0.2 × GD at the same (α, η)', () => {
    expect(isNearZero(cells[7]!, cells)).toBe(true); // 0.02 vs GD 0.3
    expect(isNearZero(cells[8]!, cells)).toBe(false); // 0.045 > 0.2 × 0.2
    expect(isNearZero(cells[9]!, cells)).toBe(false); // diverged
    expect(isNearZero(cell(0.9, 0.01, 0.049), [cell(0, 0.01, null)])).toBe(true); // GD diverged
    expect(isNearZero(cell(0.9, 0.5, 0.001), cells)).toBe(false); // no GD cell to compare
  });

  test('η* is the smallest grid η with a near-zero cell, null without one', () => {
    expect(threshold(cells, 0.9, 0.5)).toBe(0.032);
    expect(threshold(cells, 0, 0.5)).toBe(null);
    expect(threshold(cells, 0.9, 1)).toBe(null);
  });

  test('monotone after the threshold: every completed cell above is near zero', () => {
    expect(monotoneAfterThreshold(cells, 0.9, 0.5)).toBe(false); // 0.045 is not near zero
    const good = sweep([0.4, 0.4, 0.3, 0.2, 0.15], [0.41, 0.3, 0.02, 0.01, null]);
    expect(monotoneAfterThreshold(good, 0.9, 0.5)).toBe(true); // divergence at the top only
    const gap = sweep([0.4, 0.4, 0.3, 0.2, 0.15], [0.41, 0.02, null, 0.01, 0.01]);
    expect(monotoneAfterThreshold(gap, 0.9, 0.5)).toBe(false); // divergence inside the curve
    expect(monotoneAfterThreshold(cells, 0, 0.5)).toBe(false); // no threshold
  });
});

describe('curve shape', () => {
  test('a sharp drop is a fall by a factor ≥ 5 between adjacent completed cells', () => {
    const curve = [0.4, 0.3, 0.06, null, 0.001].map((m, k) => cell(0, etas[k]!, m));
    expect(sharpDrops(curve)).toEqual([{ from: 0.018, to: 0.032, ratio: 0.2 }]);
    expect(sharpDrops(curve.slice(0, 2))).toEqual([]);
  });

  test('the median skips diverged cells and averages the middle pair', () => {
    const curve = [0.4, 0.1, null, 0.3, 0.2].map((m, k) => cell(0, etas[k]!, m));
    expect(medianTestMse(curve)).toBe((0.2 + 0.3) / 2);
    expect(medianTestMse([cell(0, 0.1, null)])).toBe(null);
  });

  test('the seed verdict counts the seeds that held against the rule', () => {
    expect(seedVerdict([true, true, false, true, true], 4)).toEqual({
      held: 4,
      total: 5,
      holds: true,
      text: '4/5',
    });
    expect(seedVerdict([true, false, false, true, true], 4).holds).toBe(false);
  });
});

describe('sweep grid', () => {
  test('quarterDecades(−4, −0.5) is the nearest doubles to 10^e, nesting the quick grid', () => {
    // repr of numpy.logspace(-4, -0.5, 15) under numpy 2.4.6 (the peers' grid), except at
    // e = −1.25: numpy gives 0.056234132519034905, 3.5e-18 below 10^−1.25 = 0.0562341325190349080…,
    // where the nearest double 0.05623413251903491 is 3.4e-18 above.
    const nearest = [
      0.0001, 0.00017782794100389227, 0.00031622776601683794, 0.0005623413251903491, 0.001,
      0.0017782794100389228, 0.0031622776601683794, 0.005623413251903491, 0.01, 0.01778279410038923,
      0.03162277660168379, 0.05623413251903491, 0.1, 0.1778279410038923, 0.31622776601683794,
    ];
    expect(quarterDecades(-4, -0.5)).toEqual(nearest);
    expect(quarterDecades(-4, -1)).toEqual(nearest.slice(0, 13));
    expect(quarterDecades(-2.5, -1)).toEqual(nearest.slice(6, 13));
  });

  test('cells run momentum by α by η with the sweep’s seed and the shared overrides', () => {
    const cells = ldnSweepCells({
      seed: 3,
      alphas: [0.1, 1],
      learningRates: [0.01, 0.1],
      momenta: [0, 0.9],
      cell: { steps: 50, optimizer: { fairComparison: true } },
    });
    expect(cells).toHaveLength(8);
    expect(cells[5]).toEqual({
      experiment: 'ldn',
      overrides: {
        seed: 3,
        steps: 50,
        init: { scale: 0.1 },
        optimizer: { fairComparison: true, learningRate: 0.1, momentum: 0.9 },
      },
    });
  });
});
