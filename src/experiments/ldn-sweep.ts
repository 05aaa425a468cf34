import { runCells, type SweepCell } from '../engine/pool.ts';
import type { Experiment, Overrides } from '../engine/run.ts';
import { withOverrides } from '../engine/run.ts';
import type { LdnConfig, LdnEndState, LdnResult } from './ldn.ts';

/**
 * A grid of LDN runs (Fig. 1a, b and Fig. 11): initialisation scale α × GD-equivalent final
 * learning rate η × momentum β (0 is GD), every other setting from `cell`. Each cell is one
 * `ldn` run with this sweep's seed, computed on the worker pool and cached on its own.
 */
export interface LdnSweepConfig {
  seed: number;
  alphas: number[];
  learningRates: number[];
  momenta: number[];
  /** Overrides of the `ldn` defaults shared by every cell (sizes, schedule, steps, …). */
  cell: Overrides<LdnConfig>;
}

/** One cell's outcome; test errors are null when the run diverged. */
export interface LdnSweepCell {
  alpha: number;
  learningRate: number;
  momentum: number;
  endState: LdnEndState;
  /** The step at which the run diverged, or null. */
  divergedAt: number | null;
  testMse: number | null;
  populationTestMse: number | null;
  finalTrainLoss: number;
  finalSharpnessOverMss: number | null;
  /** Cache key of the cell's `ldn` run. */
  key: string;
}

export interface LdnSweepResult {
  cells: LdnSweepCell[];
}

const numbers = (item: object) => ({ type: 'array', minItems: 1, items: item });

const ldnSweepSchema = {
  type: 'object',
  required: ['seed', 'alphas', 'learningRates', 'momenta', 'cell'],
  properties: {
    seed: { type: 'integer' },
    alphas: numbers({ type: 'number', exclusiveMinimum: 0 }),
    learningRates: numbers({ type: 'number', exclusiveMinimum: 0 }),
    momenta: numbers({ type: 'number', minimum: 0, exclusiveMaximum: 1 }),
    cell: { type: 'object' },
  },
  additionalProperties: false,
} as const;

/** The `ldn` cells of a sweep configuration, momentum-major, then α, then η. */
export function ldnSweepCells(config: LdnSweepConfig): SweepCell[] {
  const cells: SweepCell[] = [];
  for (const momentum of config.momenta)
    for (const alpha of config.alphas)
      for (const learningRate of config.learningRates) {
        const overrides = withOverrides<Overrides<LdnConfig>>(config.cell, {
          seed: config.seed,
          init: { scale: alpha },
          optimizer: { learningRate, momentum },
        });
        cells.push({ experiment: 'ldn', overrides: overrides as SweepCell['overrides'] });
      }
  return cells;
}

/** 10^(q/4) for q = 0 … 3 to 21 digits, so that parsing `${m}e${k}` rounds 10^(k + q/4) once. */
const quarterMantissas = [
  '1',
  '1.77827941003892280123',
  '3.16227766016837933200',
  '5.62341325190349080395',
];

/**
 * GD-equivalent rates 10^e for e = from, from + 1/4, …, to (SPEC 10's logspace(−4, −1, 13)),
 * each the double nearest to 10^e. V8's `10 ** e` is one unit in the last place off at
 * e = −4, −3.75 and −0.75; numpy's logspace (the peers' grid) at e = −1.25. `from` must be a
 * multiple of 1/4.
 *
 * @example
 * quarterDecades(-2, -1);
 * // [0.01, 0.01778279410038923, 0.03162277660168379, 0.05623413251903491, 0.1]
 */
export function quarterDecades(from: number, to: number): number[] {
  const count = Math.round((to - from) * 4) + 1;
  const first = Math.round(from * 4);
  return Array.from({ length: count }, (_, k) => {
    const quarters = first + k;
    const decade = Math.floor(quarters / 4);
    return Number(`${quarterMantissas[quarters - 4 * decade]}e${decade}`);
  });
}

/**
 * The LDN sweep. Defaults are the paper profile of Fig. 1(a, b) (SPEC 10): α ∈ {0.01, 0.03,
 * 0.1, 0.3, 0.5, 1} × η ∈ logspace(−4, −1, 13) × {GD, heavy ball β = 0.9}, 20,000 steps, no
 * sharpness during training (one Lanczos estimate at w₀ and at w_T).
 */
export const ldnSweepExperiment: Experiment<LdnSweepConfig, LdnSweepResult> = {
  name: 'ldn-sweep',
  title: 'LDN sweep over initialisation scale α and learning rate η (Fig. 1a, b; Fig. 11)',
  schema: ldnSweepSchema,
  defaults: {
    seed: 0,
    alphas: [0.01, 0.03, 0.1, 0.3, 0.5, 1],
    learningRates: quarterDecades(-4, -1),
    momenta: [0, 0.9],
    cell: { trace: false, sharpness: { every: 0 } },
  },
  parameters: {
    alphas: { tag: 'reconstructed', source: 'SPEC 10: α ∈ {0.01, 0.03, 0.1, 0.3, 0.5, 1}' },
    learningRates: { tag: 'reconstructed', source: 'SPEC 10: η ∈ logspace(−4, −1, 13)' },
    momenta: { tag: 'paper', source: 'GD and heavy ball β = 0.9 (Fig. 1), β = 0.99 (Fig. 11)' },
    cell: { tag: 'derived', source: 'the `ldn` defaults (SPEC 10), summary only per cell' },
    seed: { tag: 'derived', source: 'master seed of every cell (its data set)' },
  },
  async run(config, context) {
    const cells = ldnSweepCells(config);
    // Progress counts cells here, not steps.
    const records = await runCells(
      cells,
      context.progress ? { onCell: (p) => context.progress!(p.done, p.total) } : {},
    );
    return {
      cells: records.map((record, index) => {
        const { init, optimizer } = record.config as LdnConfig;
        const result = record.result as LdnResult;
        const outcome = result.outcome;
        return {
          alpha: init.scale,
          learningRate: optimizer.learningRate,
          momentum: optimizer.momentum,
          endState: result.endState,
          divergedAt: outcome.status === 'diverged' ? outcome.step : null,
          testMse: result.testMse,
          populationTestMse: result.populationTestMse,
          finalTrainLoss: result.finalTrainLoss,
          finalSharpnessOverMss: result.finalSharpnessOverMss,
          key: records[index]!.key,
        };
      }),
    };
  },
};
