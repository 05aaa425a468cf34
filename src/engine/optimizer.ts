/**
 * One step of Polyak's heavy ball in the difference form of Eq. (1):
 *
 *   w_{t+1} = w_t − η_t ∇f(w_t) + β (w_t − w_{t−1}),   w_{−1} = w_0,
 *
 * evaluated per coordinate as (w_i − η g_i) + β_i (w_i − w_prev_i). GD is β = 0. This is
 * not the velocity form of PyTorch and tfjs (v ← βv + g, w ← w − ηv), which differs
 * from Eq. (1) whenever η changes, as in warmup (SPEC 2.1).
 *
 * `momentum` is a number (the same β for every coordinate) or a per-coordinate array
 * of β_i; App. C.1 sets β_x = 0 to turn momentum off in x alone. `next` may alias
 * neither `w` nor `previous`. Allocation-free.
 *
 * @example
 * // f = x²/2 from x₀ = 1, η = 0.1, β = 0.9:
 * // x₁ = 1 − 0.1 = 0.9, x₂ = 0.9 − 0.09 + 0.9·(0.9 − 1) = 0.72
 */
export function heavyBallStep(
  w: Float64Array,
  previous: Float64Array,
  gradient: Float64Array,
  learningRate: number,
  momentum: number | Float64Array,
  next: Float64Array,
): void {
  const n = w.length;
  if (typeof momentum === 'number') {
    for (let i = 0; i < n; i++) {
      const wi = w[i]!;
      next[i] = wi - learningRate * gradient[i]! + momentum * (wi - previous[i]!);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    next[i] = wi - learningRate * gradient[i]! + momentum[i]! * (wi - previous[i]!);
  }
}

/**
 * Maximum stable sharpness: the largest curvature λ on which heavy ball with rate η and
 * momentum β is stable, MSS = (2 + 2β)/η (2/η for GD, β = 0).
 *
 * On f = λx²/2, Eq. (1) is x_{t+1} = (1 + β − ηλ) x_t − β x_{t−1}, stable iff
 * |1 + β − ηλ| < 1 + β with β < 1, i.e. 0 < ηλ < 2 + 2β (SPEC 2.2).
 *
 * @example
 * maxStableSharpness(0.19, 0.9); // 20 = 2/0.1: heavy ball at (1+β)η has GD's MSS at η
 */
export function maxStableSharpness(learningRate: number, momentum: number): number {
  return (2 + 2 * momentum) / learningRate;
}

/**
 * The fair-comparison rule of SPEC 2.3: heavy ball runs at (1 + β)·η_GD so that its MSS
 * equals GD's, (2 + 2β)/((1 + β)η) = 2/η.
 *
 * @example
 * fairLearningRate(0.1, 0.9); // 0.19
 */
export function fairLearningRate(gdLearningRate: number, momentum: number): number {
  return (1 + momentum) * gdLearningRate;
}
