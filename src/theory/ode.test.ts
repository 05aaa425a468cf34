import { describe, expect, test } from 'vitest';
import { integrateOde } from './ode.ts';

const tight = { relativeTolerance: 1e-10, absoluteTolerance: 1e-10 };

describe('integrateOde (ODEX) against closed-form solutions', () => {
  test('y′ = y from y(0) = 1 gives eᵗ at every sample to within 100 × RTOL·eᵗ', () => {
    const solution = integrateOde((_t, y) => [y[0]!], [1], 0, 5, { ...tight, samples: 51 });
    let worst = 0;
    for (let i = 0; i < solution.time.length; i++) {
      const exact = Math.exp(solution.time[i]!);
      worst = Math.max(worst, Math.abs(solution.states[0]![i]! - exact) / exact);
    }
    // ODEX controls the local error per step (≤ RTOL relative); over its 10 steps the
    // global error stays within a small multiple of it (measured 2.9e-11).
    expect(worst).toBeLessThan(10 * tight.relativeTolerance);
    expect(worst).toBeGreaterThan(0);
    expect(solution.time[50]).toBe(5);
  });

  test('the harmonic oscillator x″ = −ω²x stays on cos(ωτ), −ω sin(ωτ) over 20 periods', () => {
    const omega = 3;
    const solution = integrateOde(
      (_t, [x, v]) => [v!, -omega * omega * x!],
      [1, 0],
      0,
      (40 * Math.PI) / omega,
      { ...tight, samples: 2001 },
    );
    let worst = 0;
    for (let i = 0; i < solution.time.length; i++) {
      const t = solution.time[i]!;
      worst = Math.max(
        worst,
        Math.abs(solution.states[0]![i]! - Math.cos(omega * t)),
        Math.abs(solution.states[1]![i]! / omega + Math.sin(omega * t)),
      );
    }
    // The phase error grows linearly with the number of periods (measured 2.0e-9 after
    // 48 steps): allow 100 × RTOL, far below an error of method, which moves these by O(1).
    expect(worst).toBeLessThan(100 * tight.relativeTolerance);
  });

  test('events: zeros of cos(ωτ) are found at (k + ½)π/ω with their directions', () => {
    const omega = 2;
    const solution = integrateOde((_t, [x, v]) => [v!, -omega * omega * x!], [1, 0], 0, 10, {
      ...tight,
      samples: 2,
      events: { zero: (_t, [x]) => x! },
    });
    const expected: number[] = [];
    for (let k = 0; ((k + 0.5) * Math.PI) / omega < 10; k++)
      expected.push(((k + 0.5) * Math.PI) / omega);
    expect(solution.events.map((e) => e.name)).toEqual(expected.map(() => 'zero'));
    solution.events.forEach((event, k) => {
      expect(Math.abs(event.time - expected[k]!)).toBeLessThan(1e-8);
      expect(event.direction).toBe(k % 2 === 0 ? -1 : 1);
      expect(Math.abs(event.state[0]!)).toBeLessThan(1e-8);
    });
  });
});

describe('integrateOde input checks', () => {
  const field = (_t: number, y: readonly number[]) => [y[0]!];
  test('a tolerance outside [1e-14, 0.1] is an error naming the field and the value', () => {
    expect(() =>
      integrateOde(field, [1], 0, 1, { ...tight, relativeTolerance: 0, samples: 2 }),
    ).toThrow('relativeTolerance must be a number in [1e-14, 0.1], got 0');
    expect(() =>
      integrateOde(field, [1], 0, 1, { ...tight, absoluteTolerance: Number.NaN, samples: 2 }),
    ).toThrow('absoluteTolerance must be a number in [1e-300, 0.1], got NaN');
  });

  test('fewer than two samples and an empty interval are errors', () => {
    expect(() => integrateOde(field, [1], 0, 1, { ...tight, samples: 1 })).toThrow(
      'samples must be an integer ≥ 2, got 1',
    );
    expect(() => integrateOde(field, [1], 1, 1, { ...tight, samples: 2 })).toThrow(
      'to > from, got [1, 1]',
    );
  });

  test('running out of steps is an error, not a silently short solution', () => {
    expect(() => integrateOde(field, [1], 0, 50, { ...tight, samples: 2, maxSteps: 3 })).toThrow(
      /ODEX stopped at τ = .* before 50: MaxStepsExceeded/,
    );
  });
});
