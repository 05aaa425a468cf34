import { describe, expect, test } from 'vitest';
import { runExperiment } from '../engine/run.ts';
import { ConfigError } from '../engine/validate.ts';
import { assertClose } from '../testing/close.ts';
import { classifyEndState, ldnExperiment } from './ldn.ts';

/**
 * Cells of the peers' sweep (peers/results-2026-12-03.json, `pyenv.as_is.ldn_sweep`, exact
 * start) whose runs never become unstable, so that the end point is a smooth function of the
 * data: their population test MSE ‖δ‖² + (Σδ)² after 20,000 steps on the exported data set.
 * The peers' 1e-12 perturbed replicas agree with these to about 1e-12 relative.
 */
const stablePeerCells = [
  { momentum: 0, alpha: 0.5, learningRate: 0.001, populationMse: 0.4083419538640004 },
  { momentum: 0.9, alpha: 0.3, learningRate: 0.01, populationMse: 0.3385827402164966 },
  { momentum: 0.9, alpha: 0.03, learningRate: 0.01, populationMse: 0.0011459992723546757 },
];

describe('ldnExperiment', () => {
  test.each(stablePeerCells)(
    'β = $momentum, α = $alpha, η = $learningRate: the peers’ population test MSE to 1e-9',
    async ({ momentum, alpha, learningRate, populationMse }) => {
      const { result } = await runExperiment(
        ldnExperiment,
        {
          data: { source: 'peers-d100-n50-seed0' },
          init: { scale: alpha },
          optimizer: { learningRate, momentum },
          sharpness: { every: 0 },
          trace: false,
        },
        { cache: false },
      );
      expect(result.endState).toBe('below-mss');
      assertClose(result.populationTestMse!, populationMse, { relative: 1e-9 }, 'population MSE');
    },
  );

  test('a traced run records the loss per step, sharpness every 10 steps, events', async () => {
    const { result } = await runExperiment(
      ldnExperiment,
      { steps: 300, data: { testSamples: 10 } },
      { cache: false },
    );
    expect(result.loss).toHaveLength(301);
    expect(result.sharpness!.step).toEqual(Array.from({ length: 31 }, (_, k) => 10 * k));
    expect(result.events!.catapults).toEqual([]);
    expect(result.initialSharpness).toBe(result.sharpness!.value[0]);
    // Fair comparison: heavy ball runs at 1.9η and its MSS is GD's 2/η_t; at w₃₀₀ the
    // warmup has reached η_300 = η·301/2000.
    expect(result.effectiveLearningRate).toBe(1.9 * 10 ** -1.75);
    assertClose(result.finalMss, 2 / (10 ** -1.75 * (301 / 2000)), { relative: 1e-14 }, 'MSS');
  });

  test('a step-warmup override replaces the default linear warmup', async () => {
    const { config } = await runExperiment(
      ldnExperiment,
      {
        steps: 20,
        trace: false,
        sharpness: { every: 0 },
        schedule: { kind: 'step-warmup', firstSteps: 10, firstFraction: 0.3 },
      },
      { cache: false },
    );
    expect(config.schedule).toEqual({ kind: 'step-warmup', firstSteps: 10, firstFraction: 0.3 });
  });

  test('the perturbed start w₀ = α(1 + εz) moves w₀ by about ε·α and only with ε > 0', async () => {
    const run = (perturbation: number) =>
      runExperiment(
        ldnExperiment,
        { steps: 1, trace: true, init: { perturbation }, data: { testSamples: 10 } },
        { cache: false },
      );
    const exact = (await run(0)).result.loss![0]!;
    const perturbed = (await run(1e-6)).result.loss![0]!;
    expect(perturbed).not.toBe(exact);
    assertClose(perturbed, exact, { relative: 1e-4 }, 'L(w₀) under a 1e-6 perturbation');
  });

  test('rejects a frozen warmup without sharpness samples, naming both fields', async () => {
    const error = await runExperiment(
      ldnExperiment,
      {
        sharpness: { every: 0 },
        schedule: {
          kind: 'linear-warmup',
          warmupSteps: 10,
          initialFraction: 0,
          freezeOnInstability: true,
        },
      },
      { cache: false },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      'config.sharpness.every must be > 0 when config.schedule.freezeOnInstability is true, got 0',
    );
  });

  test('rejects the peers’ data set with other sizes, naming the field', async () => {
    const error = await runExperiment(
      ldnExperiment,
      { data: { source: 'peers-d100-n50-seed0', dimension: 1000 } },
      { cache: false },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'config.data.dimension must be 100 with source "peers-d100-n50-seed0", got 1000',
    );
  });

  test('rejects a non-positive initialisation scale through the schema', async () => {
    const error = await runExperiment(ldnExperiment, { init: { scale: 0 } }).catch((e) => e);
    expect((error as Error).message).toBe('config.init.scale must be > 0, got 0');
  });
});

describe('classifyEndState', () => {
  const end = { completed: true, finalSharpness: 90, finalMss: 112, lateMaxTrainLoss: 1e-28 };
  test('below or at the MSS is below-mss, whatever the loss', () => {
    expect(classifyEndState({ ...end, floor: 1e-20 })).toBe('below-mss');
    expect(classifyEndState({ ...end, finalSharpness: 112, floor: 1e-20 })).toBe('below-mss');
  });
  test('above the MSS at the rounding floor is recognised (the d = 1000 peers’ state)', () => {
    const stuck = { ...end, finalSharpness: 728, finalMss: 632 };
    expect(classifyEndState({ ...stuck, lateMaxTrainLoss: 4e-28, floor: 3e-20 })).toBe(
      'above-mss-at-rounding-floor',
    );
    expect(classifyEndState({ ...stuck, lateMaxTrainLoss: 1e-3, floor: 3e-20 })).toBe('above-mss');
  });
  test('a diverged run is diverged', () => {
    expect(classifyEndState({ ...end, completed: false, finalSharpness: null, floor: 1 })).toBe(
      'diverged',
    );
  });
});
