import { describe, expect, test } from 'vitest';
import { assertClose } from '../testing/close.ts';
import { fairLearningRate, heavyBallStep, maxStableSharpness } from './optimizer.ts';

/** Runs heavy ball on f = λx²/2 from x₀ = 1 (x₋₁ = x₀) and returns |x_T|. */
function quadraticRun(
  lambda: number,
  learningRate: number,
  momentum: number,
  steps: number,
): number {
  let previous = Float64Array.of(1);
  let current = Float64Array.of(1);
  let next = new Float64Array(1);
  const gradient = new Float64Array(1);
  for (let t = 0; t < steps; t++) {
    gradient[0] = lambda * current[0]!;
    heavyBallStep(current, previous, gradient, learningRate, momentum, next);
    [previous, current, next] = [current, next, previous];
  }
  return Math.abs(current[0]!);
}

describe('heavyBallStep', () => {
  test('two steps on f = x²/2 from x₀ = 1 with η = 0.1, β = 0.9, derived by hand', () => {
    // step 0: x₁ = x₀ − η·x₀ + β(x₀ − x₋₁) = 1 − 0.1 + 0 = 0.9
    // step 1: x₂ = x₁ − η·x₁ + β(x₁ − x₀) = 0.9 − 0.09 + 0.9·(−0.1) = 0.72
    const x0 = Float64Array.of(1);
    const x1 = new Float64Array(1);
    const x2 = new Float64Array(1);
    heavyBallStep(x0, x0, Float64Array.of(1), 0.1, 0.9, x1);
    heavyBallStep(x1, x0, Float64Array.of(x1[0]!), 0.1, 0.9, x2);
    assertClose(x1[0]!, 0.9, { absolute: 1e-15 }, 'x₁');
    assertClose(x2[0]!, 0.72, { absolute: 1e-15 }, 'x₂');
  });

  test('is the difference form of Eq. (1), not the velocity form, when η changes', () => {
    // x₀ = 1, x₁ = 0.5 (so x₁ − x₀ = −0.5), g = 0, η₁ = 2η₀: the difference form adds
    // β(x₁ − x₀) = −0.45; the velocity form would add β(η₁/η₀)(x₁ − x₀) = −0.9.
    const next = new Float64Array(1);
    heavyBallStep(Float64Array.of(0.5), Float64Array.of(1), Float64Array.of(0), 0.2, 0.9, next);
    assertClose(next[0]!, 0.05, { absolute: 1e-15 }, 'x₂');
  });

  test('a per-coordinate momentum of 0 gives that coordinate the plain GD update', () => {
    const w = Float64Array.of(1, 1);
    const previous = Float64Array.of(2, 2);
    const next = new Float64Array(2);
    heavyBallStep(w, previous, Float64Array.of(1, 1), 0.5, Float64Array.of(0, 0.9), next);
    // x: 1 − 0.5 = 0.5;  y: 1 − 0.5 + 0.9·(1 − 2) = −0.4
    assertClose(Array.from(next), [0.5, -0.4], { absolute: 1e-15 }, 'w₁');
  });

  test.each([0, 0.5, 0.9, 0.99])(
    'on f = λx²/2 heavy ball with β = %s is stable below ηλ = 2 + 2β and unstable above it',
    (momentum) => {
      const threshold = 2 + 2 * momentum;
      const learningRate = 0.1;
      // Below, the slowest root has modulus √β (β^{1/2 per step}); above, one root exceeds 1
      // in modulus (1.04 to 1.32 per step here), so 500 steps grow |x| without overflow.
      const steps = momentum === 0.99 ? 20_000 : 3000;
      const below = quadraticRun((0.98 * threshold) / learningRate, learningRate, momentum, steps);
      const above = quadraticRun((1.02 * threshold) / learningRate, learningRate, momentum, 500);
      expect(below).toBeLessThan(1e-3);
      expect(above).toBeGreaterThan(1e3);
    },
  );
});

describe('maximum stable sharpness', () => {
  test('is 2/η for GD and (2 + 2β)/η for heavy ball', () => {
    expect(maxStableSharpness(0.1, 0)).toBe(20);
    assertClose(maxStableSharpness(0.1, 0.9), 38, { relative: 1e-15 }, 'MSS');
  });

  test("heavy ball at the fair rate (1 + β)η has GD's MSS 2/η", () => {
    for (const momentum of [0.5, 0.9, 0.99]) {
      const mss = maxStableSharpness(fairLearningRate(0.1, momentum), momentum);
      assertClose(mss, 20, { relative: 1e-14 }, `MSS at β = ${momentum}`);
    }
  });
});
