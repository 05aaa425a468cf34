/**
 * App. B's ODE for heavy ball's self-stabilization, Eqs. (5)–(6) as reconstructed in SPEC
 * 5.4: X′ = X·Y, Y′ = (α − X²/2)/(1 − β), integrated by ODEX (src/theory/ode.ts) at
 * RTOL = ATOL = 1e-10. Checks: the conservation law (7), Corollary B.1 (Eqs. 8–9), the
 * Fig. 5 statements for α = 1 and α = 0 with SPEC 10's reconstructed setting
 * ((X₀, Y₀) = (0.5, 0), β ∈ {0, 0.5, 0.9}, τ ∈ [0, 60]), and Proposition B.1.
 *
 * Substituting s = τ/√(1 − β), Ỹ = √(1 − β)·Y turns (5)–(6) into the β = 0 system, so the
 * Fig. 5 scalings (X range fixed, Y amplitude ∝ 1/√(1 − β), period ∝ √(1 − β)) are exact
 * for this ODE; the claims check that the integration shows them, to 1e-6. The runs record
 * their sampled orbits (`trajectory.tau`, `trajectory.X`, `trajectory.Y`) for the report.
 */
import { type ClaimContext, claim } from '../src/claims/claim.ts';
import { formatNumber as f } from '../src/claims/format.ts';
import type { Overrides } from '../src/engine/run.ts';
import {
  type TheoryOdeConfig,
  theoryOdeExperiment,
  theoryOdeLabel,
} from '../src/experiments/theory-ode.ts';
import {
  alphaZeroBounds,
  alphaZeroLimit,
  conservedQuantity,
  jacobianEigenvalues,
  xBand,
  yBound,
} from '../src/theory/self-stabilization.ts';

const momenta = [0, 0.5, 0.9];
const rtol = theoryOdeExperiment.defaults.tolerance.relative;
/** Fig. 5's start (SPEC 10) and a second start with Y₀ > 0. */
const starts = [
  { X: 0.5, Y: 0 },
  { X: 0.2, Y: 1.5 },
];

async function ode(context: ClaimContext, overrides: Overrides<TheoryOdeConfig>) {
  return (await context.run(theoryOdeExperiment, overrides, theoryOdeLabel(overrides))).result;
}

claim({
  id: 'theory/ode-conservation',
  title:
    'Along ODEX orbits of (5)–(6), E of Eq. (7) stays within 1000 × RTOL·(1 + |E₀|) of its ' +
    'start, for α = 1 and α = 0 (Prop. B.2)',
  figure: 'App. B',
  section: 'App. B, Prop. B.2, Eq. (7); SPEC 5.5',
  statement:
    'E = (1 − β)Y² + X²/2 − α·log(X²) (α > 0) and E = (1 − β)Y² + X²/2 (α = 0) are conserved by ' +
    '(5)–(6).',
  predicate:
    'for α ∈ {1, 0}, β ∈ {0, 0.5, 0.9}, (X₀, Y₀) ∈ {(0.5, 0), (0.2, 1.5)}, τ ≤ 60 at RTOL = ATOL ' +
    '= 1e-10: max |E(τ) − E₀|/(1 + |E₀|) ≤ 1000·RTOL over 1201 samples and every located event ' +
    '(a few hundred steps of local error ≤ RTOL each); and the drift follows the integrator: at ' +
    'RTOL = 1e-6 it is ≥ 100× larger (Fig. 5 start), so the check resolves integration error, ' +
    'not only gross violations.',
  async measure(context) {
    const relativeDrift = (run: { energy: { initial: number; maxDrift: number } }) =>
      run.energy.maxDrift / (1 + Math.abs(run.energy.initial));
    const drifts: number[] = [];
    const ladder: { tight: number; loose: number }[] = [];
    for (const alpha of [1, 0]) {
      for (const momentum of momenta) {
        for (const init of starts)
          drifts.push(relativeDrift(await ode(context, { alpha, momentum, init })));
        const tight = relativeDrift(await ode(context, { alpha, momentum }));
        const loose = relativeDrift(
          await ode(context, { alpha, momentum, tolerance: { relative: 1e-6, absolute: 1e-6 } }),
        );
        ladder.push({ tight, loose });
      }
    }
    const worst = Math.max(...drifts);
    const smallestGain = Math.min(...ladder.map((r) => r.loose / r.tight));
    return {
      holds: worst <= 1000 * rtol && smallestGain >= 100,
      summary:
        `largest relative drift ${f(worst)} (allowed ${f(1000 * rtol)}) ` +
        `over ${drifts.length} orbits; at RTOL 1e-6 the drift is ≥ ${f(smallestGain)}× larger`,
      metrics: {
        relativeDrift: { value: drifts, quantity: 'integrated' },
        relativeDriftAtRtol1e6: { value: ladder.map((r) => r.loose), quantity: 'integrated' },
      },
    };
  },
});

claim({
  id: 'theory/ode-bounds',
  title:
    'Corollary B.1: |Y| and X stay within the bounds (8) (α = 1) and (9) (α = 0) along every ' +
    'orbit, and reach them (App. B)',
  figure: 'App. B',
  section: 'App. B, Corollary B.1, Eqs. (8)–(9); SPEC 5.5',
  statement:
    'α > 0: |Y| ≤ √((E − α + α·log 2α)/(1 − β)) and X²/2 − α·log X² ≤ E; α = 0: |Y| ≤ √(Y₀² + ' +
    'X₀²/(2(1 − β))) and X ≤ √(X₀² + 2(1 − β)Y₀²).',
  predicate:
    'on the orbits of theory/ode-conservation: every measured extreme divided by its bound is ≤ ' +
    '1 + 1e-6 (the integration error is ~1e-8). Recorded as well: how close the extremes come to ' +
    'the bounds.',
  async measure(context) {
    const rows = [];
    for (const alpha of [1, 0]) {
      for (const momentum of momenta) {
        for (const init of starts) {
          const parameters = { alpha, momentum };
          const run = await ode(context, { alpha, momentum, init });
          const yAmplitude = Math.max(-run.range.yMin, run.range.yMax);
          if (alpha > 0) {
            const E = conservedQuantity(parameters, init.X, init.Y);
            const [low, high] = xBand(parameters, E);
            rows.push({
              alpha,
              y: yAmplitude / yBound(parameters, E),
              x: Math.max(run.range.xMax / high, low / run.range.xMin),
            });
          } else {
            const bounds = alphaZeroBounds(parameters, init.X, init.Y);
            rows.push({
              alpha,
              y: yAmplitude / bounds.yBound,
              x: run.range.xMax / bounds.xBound,
            });
          }
        }
      }
    }
    const worst = Math.max(...rows.flatMap((r) => [r.y, r.x]));
    return {
      holds: worst <= 1 + 1e-6,
      summary:
        `largest extreme/bound ${f(worst, 10)} over ${rows.length} orbits; smallest |Y|max/bound ` +
        `${f(Math.min(...rows.map((r) => r.y)), 6)} (α = 0 reaches its Y bound only as τ → ∞)`,
      metrics: {
        yOverBound: { value: rows.map((r) => r.y), quantity: 'integrated' },
        xOverBound: { value: rows.map((r) => r.x), quantity: 'integrated' },
      },
    };
  },
});

claim({
  id: 'theory/fig5-closed-orbits',
  title:
    'Fig. 5, α = 1: orbits of (5)–(6) from (0.5, 0) are closed and circle the equilibrium (√2, ' +
    '0), for β ∈ {0, 0.5, 0.9}',
  figure: 'Fig. 5',
  section: 'App. B, Fig. 5; SPEC 5.6 item 1, 9 item 12',
  statement: 'For α > 0 the trajectories are closed orbits around the equilibrium (√(2α), 0).',
  predicate:
    'for each β: ≥ 3 full turns in τ ≤ 60; every upward crossing of Y = 0 is at X = X₀ within ' +
    '1e-6 (the orbit returns to its start); Y crosses 0 upwards at X < √2 and downwards at X > ' +
    '√2 (it circles the equilibrium); successive periods agree within 1e-6 (relative).',
  async measure(context) {
    const centre = Math.SQRT2;
    const rows = [];
    for (const momentum of momenta) {
      const run = await ode(context, { alpha: 1, momentum });
      const closure = Math.max(...run.crossings.xAtUpward.map((x) => Math.abs(x - 0.5)));
      const circles =
        run.crossings.xAtUpward.every((x) => x < centre) &&
        run.crossings.xAtDownward.every((x) => x > centre);
      const turns = run.crossings.upward.length;
      const ok = turns >= 3 && closure <= 1e-6 && circles && run.periodSpread <= 1e-6 * run.period;
      rows.push({ momentum, closure, circles, turns, spread: run.periodSpread / run.period, ok });
    }
    return {
      holds: rows.every((r) => r.ok),
      summary: rows
        .map(
          (r) =>
            `β=${r.momentum}: ${r.turns} turns, returns within ${f(r.closure)}, ` +
            `period spread ${f(r.spread)}${r.circles ? '' : ', does not circle (√2, 0)'}`,
        )
        .join('; '),
      metrics: {
        turns: { value: rows.map((r) => r.turns), quantity: 'count' },
        closureError: { value: rows.map((r) => r.closure), quantity: 'integrated' },
        circlesEquilibrium: { value: rows.every((r) => r.circles), quantity: 'exact' },
      },
    };
  },
});

claim({
  id: 'theory/fig5-beta-scaling',
  title:
    'Fig. 5, α = 1: the X range does not depend on β, the Y amplitude grows like 1/√(1 − β) and ' +
    'the period shrinks like √(1 − β)',
  figure: 'Fig. 5',
  section: 'App. B, Fig. 5; SPEC 5.6 items 2–4, 9 item 12',
  statement:
    'With the initialisation fixed, momentum leaves the range of X unchanged, amplifies Y (the ' +
    'change in sharpness) by 1/√(1 − β) and speeds the oscillation up by √(1 − β).',
  predicate:
    'for β ∈ {0, 0.5, 0.9} from (0.5, 0): min X and max X agree across β within 1e-6 (relative); ' +
    'max|Y|·√(1 − β) and period/√(1 − β) agree across β within 1e-6. (SPEC 5.6 pilot: X ∈ [0.5, ' +
    '2.623], amplitude 1.097, 1.552, 3.471, period 4.90, 3.46, 1.55.)',
  async measure(context) {
    const runs = [];
    for (const momentum of momenta) runs.push(await ode(context, { alpha: 1, momentum }));
    const amplitude = runs.map((r) => Math.max(-r.range.yMin, r.range.yMax));
    const scaledAmplitude = amplitude.map((a, i) => a * Math.sqrt(1 - momenta[i]!));
    const scaledPeriod = runs.map((r, i) => r.period / Math.sqrt(1 - momenta[i]!));
    const spread = (values: number[]) =>
      (Math.max(...values) - Math.min(...values)) / Math.abs(values[0]!);
    const spreads = {
      xMin: spread(runs.map((r) => r.range.xMin)),
      xMax: spread(runs.map((r) => r.range.xMax)),
      amplitude: spread(scaledAmplitude),
      period: spread(scaledPeriod),
    };
    const worst = Math.max(...Object.values(spreads));
    return {
      holds: worst <= 1e-6,
      summary:
        `X ∈ [${f(runs[0]!.range.xMin, 4)}, ${f(runs[0]!.range.xMax, 4)}] for every β; |Y| max ` +
        `${amplitude.map((a) => f(a, 4)).join(', ')}; ` +
        `period ${runs.map((r) => f(r.period, 4)).join(', ')} (β = 0, 0.5, 0.9); ` +
        `largest spread of the scaled values ${f(worst)}`,
      metrics: {
        xMin: { value: runs.map((r) => r.range.xMin), quantity: 'integrated' },
        xMax: { value: runs.map((r) => r.range.xMax), quantity: 'integrated' },
        yAmplitude: { value: amplitude, quantity: 'integrated' },
        period: { value: runs.map((r) => r.period), quantity: 'integrated' },
      },
    };
  },
});

claim({
  id: 'theory/fig5-alpha-zero-limit',
  title:
    'Fig. 5, α = 0: every orbit of (5)–(6) ends on the half-line X = 0, Y < 0 at Y∞ = −√(Y₀² + ' +
    'X₀²/(2(1 − β))), and |Y∞| grows with β',
  figure: 'Fig. 5',
  section: 'App. B, Fig. 5; SPEC 5.6 (α = 0), 9 item 13',
  statement:
    'For α = 0 trajectories converge to the half-line {X = 0, Y < 0}, to Y∞ = −√(Y₀² + X₀²/(2(1 ' +
    '− β))), which is more negative for larger β (a larger drop in sharpness).',
  predicate:
    'for β ∈ {0, 0.5, 0.9} and (X₀, Y₀) ∈ {(0.5, 0), (0.2, 1.5), (1, −0.5), (2, 0.5)}, at τ = ' +
    '60: X ≤ 1e-6 and |Y − Y∞| ≤ 1e-6·(1 + |Y∞|); for each start, Y(60) decreases strictly with ' +
    'β. (SPEC 5.6 pilot from (0.5, 0): −0.354, −0.500, −1.118.)',
  async measure(context) {
    const alphaZeroStarts = [...starts, { X: 1, Y: -0.5 }, { X: 2, Y: 0.5 }];
    const rows = [];
    for (const init of alphaZeroStarts) {
      const finals = [];
      for (const momentum of momenta) {
        const run = await ode(context, { alpha: 0, momentum, init });
        const limit = alphaZeroLimit({ alpha: 0, momentum }, init.X, init.Y);
        finals.push({ X: run.final.X, Y: run.final.Y, limit });
      }
      rows.push({ init, finals });
    }
    const all = rows.flatMap((r) => r.finals);
    const worstX = Math.max(...all.map((p) => Math.abs(p.X)));
    const worstY = Math.max(...all.map((p) => Math.abs(p.Y - p.limit) / (1 + Math.abs(p.limit))));
    const monotone = rows.every((r) =>
      r.finals.every((p, i) => i === 0 || p.Y < r.finals[i - 1]!.Y),
    );
    return {
      holds: worstX <= 1e-6 && worstY <= 1e-6 && monotone,
      summary:
        `from (0.5, 0): Y(60) = ${rows[0]!.finals.map((p) => f(p.Y, 4)).join(', ')} (formula ` +
        `${rows[0]!.finals.map((p) => f(p.limit, 4)).join(', ')}); ` +
        `over ${all.length} orbits largest X(60) ${f(worstX)}, largest |Y − Y∞| ${f(worstY)}` +
        (monotone ? '' : '; not monotone in β'),
      metrics: {
        finalY: { value: all.map((p) => p.Y), quantity: 'integrated' },
        finalX: { value: all.map((p) => p.X), quantity: 'integrated' },
        decreasingInBeta: { value: monotone, quantity: 'exact' },
      },
    };
  },
});

/** The linear period 2π/ω at the α > 0 equilibrium, ω = √(2α/(1 − β)). */
const linearPeriod = (alpha: number, momentum: number) =>
  (2 * Math.PI) / Math.sqrt((2 * alpha) / (1 - momentum));

claim({
  id: 'theory/propb1-alpha-positive-saddle',
  title:
    'Prop. B.1 (plain-text v1): for α > 0 the equilibrium (√(2α), 0) of (5)–(6) is a saddle, ' +
    'hence unstable',
  figure: 'App. B',
  section: 'App. B, Prop. B.1; SPEC 5.5 (v2 "corrects an error in Proposition B.1")',
  statement:
    'The Jacobian at (√(2α), 0) has two non-zero eigenvalues, so by Hartman–Grobman the point is ' +
    'a saddle and an unstable equilibrium.',
  predicate:
    'the statement made operational, for α = 1 and β ∈ {0, 0.5, 0.9}: the Jacobian eigenvalues ' +
    'at (√2, 0) are real with opposite signs, and a trajectory started 1e-3 away in X moves ≥ ' +
    '100× farther away within 20 linear periods.',
  async measure(context) {
    const offset = 1e-3;
    const rows = [];
    for (const momentum of momenta) {
      const [a, b] = jacobianEigenvalues({ alpha: 1, momentum }, Math.SQRT2, 0);
      const period = linearPeriod(1, momentum);
      const run = await ode(context, {
        alpha: 1,
        momentum,
        init: { X: Math.SQRT2 + offset, Y: 0 },
        duration: 20 * period,
      });
      let farthest = 0;
      for (let i = 0; i < run.trajectory.tau.length; i++) {
        const d = Math.hypot(run.trajectory.X[i]! - Math.SQRT2, run.trajectory.Y[i]!);
        farthest = Math.max(farthest, d);
      }
      rows.push({
        momentum,
        eigenvalues: [a, b],
        saddle: a.im === 0 && b.im === 0 && a.re * b.re < 0,
        growth: farthest / offset,
        periodRatio: run.period / period,
      });
    }
    const escapes = rows.every((r) => r.growth >= 100);
    return {
      holds: rows.every((r) => r.saddle) && escapes,
      summary:
        rows
          .map(
            (r) =>
              `β=${r.momentum}: eigenvalues ${f(r.eigenvalues[0]!.re)} ± ` +
              `${f(Math.abs(r.eigenvalues[0]!.im), 4)}i, a 1e-3 offset grows at most ` +
              `${f(r.growth, 3)}×, period/(2π/ω) ${f(r.periodRatio, 6)}`,
          )
          .join('; ') +
        ' — a centre (closed orbits), as v2 corrects; the plain-text saddle claim does not hold',
      metrics: {
        eigenvalueRealParts: {
          value: rows.flatMap((r) => r.eigenvalues.map((z) => z.re)),
          quantity: 'deterministic',
        },
        eigenvalueImaginaryParts: {
          value: rows.flatMap((r) => r.eigenvalues.map((z) => z.im)),
          quantity: 'deterministic',
        },
        perturbationGrowth: { value: rows.map((r) => r.growth), quantity: 'integrated' },
        periodOverLinearPeriod: { value: rows.map((r) => r.periodRatio), quantity: 'integrated' },
      },
    };
  },
});

claim({
  id: 'theory/propb1-alpha-zero',
  title:
    'Prop. B.1 (plain-text): for α = 0, (0, Y₀) is a globally asymptotically stable equilibrium ' +
    'of (5)–(6) iff Y₀ < 0',
  figure: 'App. B',
  section: 'App. B, Prop. B.1; SPEC 5.5',
  statement:
    'J(0, Y₀) = diag(Y₀, 0); the point is unstable for Y₀ > 0 and, by the centre manifold ' +
    'theorem, globally asymptotically stable for Y₀ < 0.',
  predicate:
    'for β ∈ {0, 0.9}: the eigenvalues at (0, Y₀) are {Y₀, 0}; for Y₀ = 0.5 a start 1e-3 away in ' +
    'X moves ≥ 100× away; for Y₀ ∈ {−1, −0.5} starts δ ∈ {0.1, 0.01} away in X return to (0, ' +
    'Y₀): |Y(60) − Y₀| ≤ 1e-6 and X(60) ≤ 1e-6.',
  async measure(context) {
    const rows: { momentum: number; Y0: number; delta: number; offset: number; X: number }[] = [];
    let unstableGrowth = Number.POSITIVE_INFINITY;
    let linearisationOk = true;
    for (const momentum of [0, 0.9]) {
      for (const Y0 of [-1, -0.5, 0.5]) {
        const values = jacobianEigenvalues({ alpha: 0, momentum }, 0, Y0).map((z) => z.re);
        linearisationOk &&= values.includes(Y0) && values.some((v) => v === 0);
      }
      const away = await ode(context, { alpha: 0, momentum, init: { X: 1e-3, Y: 0.5 } });
      unstableGrowth = Math.min(unstableGrowth, away.range.xMax / 1e-3);
      for (const Y0 of [-1, -0.5]) {
        for (const delta of [0.1, 0.01]) {
          const run = await ode(context, { alpha: 0, momentum, init: { X: delta, Y: Y0 } });
          rows.push({ momentum, Y0, delta, offset: Math.abs(run.final.Y - Y0), X: run.final.X });
        }
      }
    }
    const returns = rows.every((r) => r.offset <= 1e-6 && r.X <= 1e-6);
    const range = (delta: number) => {
      const offsets = rows.filter((r) => r.delta === delta).map((r) => r.offset);
      return `${f(Math.min(...offsets))}–${f(Math.max(...offsets))} for δ = ${delta}`;
    };
    return {
      holds: linearisationOk && unstableGrowth >= 100 && returns,
      summary:
        `eigenvalues {Y₀, 0} ${linearisationOk ? 'as stated' : 'NOT as stated'}; ` +
        `Y₀ = 0.5 is unstable (a 1e-3 offset grows ${f(unstableGrowth)}×); but for Y₀ < 0 ` +
        `an offset δ settles at another point of the line, |Y∞ − Y₀| = ${range(0.1)} and ` +
        `${range(0.01)} (∝ δ²): each point is stable, not asymptotically stable; ` +
        'the half-line attracts',
      metrics: {
        linearisationAsStated: { value: linearisationOk, quantity: 'exact' },
        unstableGrowth: { value: unstableGrowth, quantity: 'integrated' },
        limitOffset: { value: rows.map((r) => r.offset), quantity: 'integrated' },
      },
    };
  },
});
