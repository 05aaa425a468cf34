import { formatNumber as f } from '../claims/format.ts';
import { type Experiment, type Overrides, withOverrides } from '../engine/run.ts';
import { integrateOde } from '../theory/ode.ts';
import {
  conservedQuantity,
  type OdeEquation,
  selfStabilizationField,
} from '../theory/self-stabilization.ts';

/** Configuration of one integration of the self-stabilization ODE (App. B, Fig. 5). */
export interface TheoryOdeConfig {
  seed: number;
  /** 'eq5-6' is the paper's system; 'recurrence-limit' the η → 0 limit of (3)–(4). */
  equation: OdeEquation;
  /** α, the progressive-sharpening coefficient. */
  alpha: number;
  /** β in [0, 1). */
  momentum: number;
  init: { X: number; Y: number };
  /** The end of the integration in τ = η·t. */
  duration: number;
  /** ODEX's RTOL and ATOL (local error control per step). */
  tolerance: { relative: number; absolute: number };
  /** Uniform samples of the recorded trajectory, both ends included. */
  samples: number;
}

/** One ODE solution: the sampled orbit, located events, and how well Eq. (7) held. */
export interface TheoryOdeResult {
  /** The orbit at `samples` uniform times (plain arrays, for the report's phase portraits). */
  trajectory: { tau: number[]; X: number[]; Y: number[] };
  /** Times where Y crosses 0 upwards (at the orbit's smallest X when α > 0) and downwards. */
  crossings: { upward: number[]; downward: number[]; xAtUpward: number[]; xAtDownward: number[] };
  /** Extremes over the samples and the located events (X is extreme where Y = 0). */
  range: { xMin: number; xMax: number; yMin: number; yMax: number };
  /** Mean time between upward crossings of Y = 0 (NaN with fewer than two). */
  period: number;
  /** Largest |period_k − mean| over the crossings (NaN with fewer than three). */
  periodSpread: number;
  /** Eq. (7) at the start and its largest departure over samples and events. */
  energy: { initial: number; maxDrift: number };
  final: { tau: number; X: number; Y: number };
  solver: { evaluations: number; acceptedSteps: number; rejectedSteps: number };
}

const schema = {
  type: 'object',
  required: ['seed', 'equation', 'alpha', 'momentum', 'init', 'duration', 'tolerance', 'samples'],
  properties: {
    seed: { type: 'integer' },
    equation: { enum: ['eq5-6', 'recurrence-limit'] },
    alpha: { type: 'number', minimum: -100, maximum: 100 },
    momentum: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
    init: {
      type: 'object',
      required: ['X', 'Y'],
      properties: {
        X: { type: 'number', exclusiveMinimum: 0, maximum: 1e6 },
        Y: { type: 'number', minimum: -1e6, maximum: 1e6 },
      },
      additionalProperties: false,
    },
    duration: { type: 'number', exclusiveMinimum: 0, maximum: 1e6 },
    tolerance: {
      type: 'object',
      required: ['relative', 'absolute'],
      properties: {
        relative: { type: 'number', minimum: 1e-14, maximum: 0.1 },
        absolute: { type: 'number', minimum: 1e-300, maximum: 0.1 },
      },
      additionalProperties: false,
    },
    samples: { type: 'integer', minimum: 2, maximum: 100_000 },
  },
  additionalProperties: false,
} as const;

/**
 * The ODE (5)–(6) of App. B, X′ = X·Y, Y′ = (α − X²/2)/(1 − β), integrated by ODEX at
 * RTOL = ATOL = 1e-10 (the global error over τ ≤ 60 stays below about 1e-8). Defaults
 * are SPEC 10's reconstruction of Fig. 5: α = 1, (X₀, Y₀) = (0.5, 0), τ ∈ [0, 60].
 */
export const theoryOdeExperiment: Experiment<TheoryOdeConfig, TheoryOdeResult> = {
  name: 'theory-ode',
  title: 'Self-stabilization ODE of heavy ball, Eqs. (5)–(6) (App. B, Fig. 5)',
  schema,
  defaults: {
    seed: 0,
    equation: 'eq5-6',
    alpha: 1,
    momentum: 0,
    init: { X: 0.5, Y: 0 },
    duration: 60,
    tolerance: { relative: 1e-10, absolute: 1e-10 },
    samples: 1201,
  },
  parameters: {
    equation: { tag: 'derived', source: 'SPEC 5.4: (5)–(6), reconstructed from the seed' },
    alpha: { tag: 'reconstructed', source: 'SPEC 10: α ∈ {1, 0}' },
    momentum: { tag: 'reconstructed', source: 'SPEC 10: β ∈ {0, 0.5, 0.9}' },
    init: { tag: 'reconstructed', source: 'SPEC 10: (X₀, Y₀) = (0.5, 0); not recovered' },
    duration: { tag: 'reconstructed', source: 'SPEC 10: τ ∈ [0, 60]' },
    tolerance: {
      tag: 'derived',
      source: 'ODEX local error control; 1e-10 keeps the global error far below the effects',
    },
    samples: { tag: 'derived', source: 'enough points to draw Fig. 5 (Δτ = 0.05)' },
    seed: { tag: 'derived', source: 'the ODE draws no random numbers; kept for the run key' },
  },
  run(config) {
    const parameters = { alpha: config.alpha, momentum: config.momentum };
    const centre = config.alpha > 0 ? Math.sqrt(2 * config.alpha) : Number.NaN;
    const solution = integrateOde(
      selfStabilizationField(parameters, config.equation),
      [config.init.X, config.init.Y],
      0,
      config.duration,
      {
        relativeTolerance: config.tolerance.relative,
        absoluteTolerance: config.tolerance.absolute,
        samples: config.samples,
        events: {
          Y: (_t, [, Y]) => Y!,
          ...(config.alpha > 0 ? { X: (_t: number, [X]: readonly number[]) => X! - centre } : {}),
        },
      },
    );
    const [X, Y] = solution.states as [Float64Array, Float64Array];
    const points = [
      ...Array.from(X, (x, i) => [x, Y[i]!] as const),
      ...solution.events.map((e) => [e.state[0]!, e.state[1]!] as const),
    ];
    const initial = conservedQuantity(parameters, config.init.X, config.init.Y);
    let maxDrift = 0;
    for (const [x, y] of points)
      maxDrift = Math.max(maxDrift, Math.abs(conservedQuantity(parameters, x, y) - initial));
    const yEvents = solution.events.filter((e) => e.name === 'Y');
    const upward = yEvents.filter((e) => e.direction === 1);
    const downward = yEvents.filter((e) => e.direction === -1);
    const periods = upward.slice(1).map((e, k) => e.time - upward[k]!.time);
    const period = periods.length > 0 ? periods.reduce((a, b) => a + b) / periods.length : NaN;
    return {
      trajectory: { tau: Array.from(solution.time), X: Array.from(X), Y: Array.from(Y) },
      crossings: {
        upward: upward.map((e) => e.time),
        downward: downward.map((e) => e.time),
        xAtUpward: upward.map((e) => e.state[0]!),
        xAtDownward: downward.map((e) => e.state[0]!),
      },
      range: {
        xMin: Math.min(...points.map((p) => p[0])),
        xMax: Math.max(...points.map((p) => p[0])),
        yMin: Math.min(...points.map((p) => p[1])),
        yMax: Math.max(...points.map((p) => p[1])),
      },
      period,
      periodSpread:
        periods.length > 1 ? Math.max(...periods.map((p) => Math.abs(p - period))) : NaN,
      energy: { initial, maxDrift },
      final: { tau: config.duration, X: solution.final[0]!, Y: solution.final[1]! },
      solver: solution.statistics,
    };
  },
};

/**
 * A label for a run: the equation, α, β and the start, plus RTOL and the duration when
 * they differ from the defaults.
 *
 * @example
 * theoryOdeLabel({ momentum: 0.5 }); // "ODE (5)–(6), α=1, β=0.5, (X₀, Y₀)=(0.5, 0)"
 */
export function theoryOdeLabel(overrides: Overrides<TheoryOdeConfig>): string {
  const defaults = theoryOdeExperiment.defaults;
  const c = withOverrides(defaults, overrides);
  const equation = c.equation === 'eq5-6' ? 'ODE (5)–(6)' : 'η → 0 limit of (3)–(4)';
  const start = `(X₀, Y₀)=(${f(c.init.X, 4)}, ${f(c.init.Y, 4)})`;
  const rtol = c.tolerance.relative;
  return (
    `${equation}, α=${c.alpha}, β=${c.momentum}, ${start}` +
    (rtol !== defaults.tolerance.relative ? `, RTOL=${f(rtol)}` : '') +
    (c.duration !== defaults.duration ? `, τ ≤ ${f(c.duration, 4)}` : '')
  );
}
