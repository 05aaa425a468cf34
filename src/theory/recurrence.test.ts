import { describe, expect, test } from 'vitest';
import {
  damianRecurrence,
  recurrenceOrbit,
  selfStabilizationRecurrence,
  stageOneSharpening,
} from './recurrence.ts';

describe('Eqs. (3)–(4), the heavy-ball self-stabilization recurrences', () => {
  test('two steps by hand: α = 1, β = 0.5, η = 0.1 from x = 1, y = 0 at rest', () => {
    const path = selfStabilizationRecurrence(
      { alpha: 1, momentum: 0.5, learningRate: 0.1 },
      { x: 1, y: 0 },
      2,
    );
    // x₁ = −(1 + 0.5 + 0)·1 − 0.5·1 = −2;      y₁ = 1.5·0 − 0.5·0 + 0.1·(1 − 0.5) = 0.05
    // x₂ = −(1.5 + 0.005)·(−2) − 0.5·1 = 2.51;  y₂ = 1.5·0.05 − 0 + 0.1·(1 − 2) = −0.025
    expect(Array.from(path.x)).toEqual([1, -2, 2.51]);
    expect(path.y[1]).toBeCloseTo(0.05, 15);
    expect(path.y[2]).toBeCloseTo(-0.025, 15);
  });

  test('β = 0 reproduces Damian et al.’s GD recurrence bit for bit over 2000 steps', () => {
    for (const [alpha, learningRate, x, y] of [
      [1, 0.01, 0.5, 0],
      [0, 0.05, 0.1, 0.3],
      [-0.5, 0.002, 1, -1],
    ] as const) {
      const ours = selfStabilizationRecurrence(
        { alpha, momentum: 0, learningRate },
        { x, y, previousX: 123, previousY: -7 },
        2000,
      );
      const gd = damianRecurrence({ alpha, learningRate }, { x, y }, 2000);
      expect(ours.x).toEqual(gd.x);
      expect(ours.y).toEqual(gd.y);
    }
  });

  test('β > 0 does differ from the GD recurrence (the comparison above can fail)', () => {
    const ours = selfStabilizationRecurrence(
      { alpha: 1, momentum: 0.1, learningRate: 0.01 },
      { x: 0.5, y: 0 },
      10,
    );
    const gd = damianRecurrence({ alpha: 1, learningRate: 0.01 }, { x: 0.5, y: 0 }, 10);
    expect(Math.abs(ours.y[10]! - gd.y[10]!)).toBeGreaterThan(1e-4);
  });

  test('stage 1 (x = 0): c₁ + c₂βᵗ + ηαt/(1 − β) matches 5000 simulated steps', () => {
    for (const momentum of [0, 0.5, 0.9, 0.99]) {
      const parameters = { alpha: 0.3, momentum, learningRate: 0.01 };
      const path = selfStabilizationRecurrence(parameters, { x: 0, y: 0.2, previousY: 0.25 }, 5000);
      for (const t of [0, 1, 2, 10, 100, 5000]) {
        const exact = stageOneSharpening(parameters, 0.2, 0.25, t);
        // Each step adds a rounding error of about one ulp of y.
        expect(Math.abs(path.y[t]! - exact)).toBeLessThan(2e-15 * (t + 1) * (1 + Math.abs(exact)));
      }
      expect(path.x.every((v) => v === 0)).toBe(true);
    }
  });

  test('bad parameters are errors naming the field, the rule and the value', () => {
    expect(() =>
      selfStabilizationRecurrence({ alpha: 0, momentum: 0.5, learningRate: 0 }, { x: 0, y: 0 }, 1),
    ).toThrow('learningRate must be a finite number > 0, got 0');
    expect(() =>
      stageOneSharpening({ alpha: 0, momentum: -0.1, learningRate: 1 }, 0, 0, 1),
    ).toThrow('momentum must be a number in [0, 1), got -0.1');
  });
});

describe('recurrenceOrbit: streaming measurements of (3)–(4)', () => {
  test('agrees with the stored path on ranges and upward zero crossings of y', () => {
    const parameters = { alpha: 1, momentum: 0.5, learningRate: 1e-3 };
    const start = { x: 0.5, y: 0, previousX: -0.5 };
    const path = selfStabilizationRecurrence(parameters, start, 20_000);
    const orbit = recurrenceOrbit(parameters, start, 20_000, 10);
    const absX = Array.from(path.x.subarray(10), Math.abs);
    expect(orbit.absXMin).toBe(Math.min(...absX));
    expect(orbit.absXMax).toBe(Math.max(...absX));
    expect(orbit.yMin).toBe(Math.min(...path.y.subarray(10)));
    expect(orbit.yMax).toBe(Math.max(...path.y.subarray(10)));
    const crossings: number[] = [];
    for (let t = 0; t < 20_000; t++) {
      const [a, b] = [path.y[t]!, path.y[t + 1]!];
      if (a < 0 && b >= 0) crossings.push(1e-3 * (t + a / (a - b)));
    }
    expect(crossings.length).toBeGreaterThan(3);
    expect(orbit.upwardCrossings).toEqual(crossings);
  });
});
