import { describe, expect, test } from 'vitest';
import {
  buildSchedule,
  constantSchedule,
  delayedWarmup,
  frozenAt,
  linearWarmup,
  stepWarmup,
} from './schedule.ts';

describe('linearWarmup', () => {
  test('starts at η₀ + (η − η₀)/T_w at step 0 and reaches η at step T_w − 1, then stays', () => {
    const schedule = linearWarmup(0.5, 2.5, 4);
    // η_t = 0.5 + 2·min(1, (t+1)/4): 1, 1.5, 2, 2.5, 2.5
    expect([0, 1, 2, 3, 4, 100].map(schedule)).toEqual([1, 1.5, 2, 2.5, 2.5, 2.5]);
  });

  test("from η₀ = 0 it equals the peers' η·min(1, (t+1)/T_w) bit for bit", () => {
    const schedule = linearWarmup(0, 3.8, 1000);
    for (const t of [0, 1, 7, 333, 998, 999, 1000, 3999]) {
      expect(schedule(t)).toBe(3.8 * Math.min(1, (t + 1) / 1000));
    }
  });

  test('is non-decreasing', () => {
    const schedule = linearWarmup(0, 1, 37);
    for (let t = 0; t < 100; t++) expect(schedule(t + 1)).toBeGreaterThanOrEqual(schedule(t));
  });
});

describe('other schedules', () => {
  test('constant is η at every step', () => {
    expect([0, 5, 1e6].map(constantSchedule(0.1))).toEqual([0.1, 0.1, 0.1]);
  });

  test('step warmup switches from η₁ to η₂ exactly at step T₁', () => {
    const schedule = stepWarmup(0.01, 100, 0.1);
    expect([0, 99, 100, 5000].map(schedule)).toEqual([0.01, 0.01, 0.1, 0.1]);
  });

  test('delayed warmup holds η_d for D steps, then warms up linearly from η_d to η', () => {
    const schedule = delayedWarmup(0.2, 3, 1.2, 2);
    // t < 3: 0.2; t = 3: 0.2 + 1·1/2 = 0.7; t = 4: 1.2
    expect([0, 2, 3, 4, 10].map(schedule)).toEqual([0.2, 0.2, 0.7, 1.2, 1.2]);
  });

  test('frozenAt keeps the rate of the freeze step from then on', () => {
    const schedule = frozenAt(linearWarmup(0, 1, 10), 4);
    expect([0, 3, 4, 5, 9, 50].map(schedule)).toEqual([0.1, 0.4, 0.5, 0.5, 0.5, 0.5]);
  });
});

describe('buildSchedule', () => {
  test('reads rates as fractions of the final rate', () => {
    expect(buildSchedule({ kind: 'linear-warmup', warmupSteps: 4, initialFraction: 0 }, 2)(1)).toBe(
      1,
    );
    expect(buildSchedule({ kind: 'step-warmup', firstSteps: 2, firstFraction: 0.25 }, 2)(1)).toBe(
      0.5,
    );
    expect(buildSchedule({ kind: 'constant' }, 2)(7)).toBe(2);
    const delayed = buildSchedule(
      { kind: 'delayed-warmup', delaySteps: 1, delayFraction: 0.5, warmupSteps: 1 },
      2,
    );
    expect([delayed(0), delayed(1)]).toEqual([1, 2]);
  });
});
