import { compareMetric } from '../baselines/compare.ts';
import { type ClaimInfo, type ClaimRun, claimRun } from '../claims/claim.ts';
import type { ResultsFile } from '../claims/reporter.ts';
import { runExperiment } from '../engine/run.ts';
import { toyExperiment } from '../experiments/toy.ts';

/** Text that would run script or fetch something if the report did not escape it. */
export const hostileText =
  '</script><script>window.__pwned = 1</script><img src="http://example.invalid/x.png" ' +
  'onerror="window.__pwned = 2"> & "quotes" \u2028';

type StoredClaim = ResultsFile['claims'][number];

function storedClaim(
  info: ClaimInfo,
  verdict: StoredClaim['verdict'],
  runs: ClaimRun[],
  metric: { value: number | number[]; baseline: number | number[] },
  statement = 'the paper’s statement',
): StoredClaim {
  const tolerance = { absolute: 0, relative: 0.02 };
  const comparison = compareMetric(metric.value, metric.baseline, tolerance);
  return {
    ...info,
    statement,
    predicate: 'the operational predicate',
    profile: 'quick',
    verdict,
    summary: `measured ${metric.value}`,
    metrics: { ratio: { value: metric.value, quantity: 'after-instability' } },
    runs: runs.map((r) => ({ label: r.label, key: r.key })),
    baseline: {
      status: comparison.ok ? 'match' : 'mismatch',
      verdict,
      comparisons: { ratio: { ...comparison, reason: 'fixture tolerance of 2%' } },
      problems: comparison.ok ? [] : [`ratio: ${comparison.message}`],
    },
    seconds: 0.1,
  };
}

/** Runs that each hold one final test loss, varying (α, η, β) in their configurations. */
function sweepRuns(): ClaimRun[] {
  const runs: ClaimRun[] = [];
  for (const momentum of [0, 0.9]) {
    for (const scale of [0.3, 1]) {
      for (const learningRate of [0.01, 0.03, 0.1]) {
        const testLoss = momentum > 0 && learningRate * scale > 0.02 ? 1e-3 : 0.5 * scale;
        runs.push({
          label: `β=${momentum} α=${scale} η=${learningRate}`,
          experiment: 'ldn-fixture',
          key: `sweep-${momentum}-${scale}-${learningRate}`,
          config: { seed: 1, init: { scale }, optimizer: { learningRate, momentum } },
          wallSeconds: 0.5,
          facts: {
            testLoss,
            'final.loss': testLoss / 10,
            'backend.backend': 'wasm',
            'backend.tfjsVersion': '4.22.0',
          },
        });
      }
    }
  }
  return runs;
}

/** The grid of a sweep configuration: its cells, momentum-major, as ldn-sweep stores them. */
export interface GridConfig {
  alphas: number[];
  learningRates: number[];
  momenta: number[];
}

/** The cells of a grid, with a test error from `testMse` and a key per cell. */
export function gridCells(
  config: GridConfig,
  testMse: (alpha: number, learningRate: number, momentum: number) => number | null,
) {
  return config.momenta.flatMap((momentum) =>
    config.alphas.flatMap((alpha) =>
      config.learningRates.map((learningRate) => ({
        alpha,
        learningRate,
        momentum,
        testMse: testMse(alpha, learningRate, momentum),
        finalTrainLoss: 1e-6,
        key: `cell-${momentum}-${alpha}-${learningRate}`,
      })),
    ),
  );
}

/** η = 10^-4 … 10^-1 in quarter decades, at full precision, as the real LDN sweep's grid. */
const sweepLearningRates = Array.from({ length: 13 }, (_, i) => 10 ** (-4 + i / 4));

/** Per-seed final losses, with all their digits, as the LDN claims store them. */
export const perSeedValues = [
  3.734126e-7, 9.322417e-7, 6.359181e-6, 1.619023e-7, 3.057112e-7, 2.1e-6,
];

/** Runs of the shape src/experiments/ldn-sweep.ts stores: a table of (α, η, β) cells. */
function tableSweepRuns(): ClaimRun[] {
  return [0, 1].map((seed) => {
    const config = { seed, alphas: [0.3, 1], learningRates: sweepLearningRates, momenta: [0, 0.9] };
    const cells = gridCells(config, (alpha, learningRate, momentum) =>
      momentum > 0 && learningRate > 0.05 ? null : alpha / (1 + seed),
    );
    return {
      label: `sweep seed ${seed}`,
      experiment: 'ldn-sweep-fixture',
      key: `table-sweep-${seed}`,
      config,
      wallSeconds: 3,
      series: {},
      facts: {},
      tables: { cells },
    };
  });
}

/** An orbit of the shape src/experiments/theory-ode.ts stores: τ, X(τ), Y(τ). */
function orbitRun(alpha: number, momentum: number): ClaimRun {
  const tau = Array.from({ length: 400 }, (_, i) => i / 40);
  const amplitude = 1 / Math.sqrt(1 - momentum);
  return {
    label: `orbit α=${alpha} β=${momentum}`,
    experiment: 'ode-fixture',
    key: `orbit-${alpha}-${momentum}`,
    config: { seed: 0, alpha, momentum, init: { X: 0.5, Y: 0 } },
    wallSeconds: 0.01,
    series: {
      'trajectory.tau': tau,
      'trajectory.X': tau.map((t) => alpha * Math.SQRT2 + Math.cos(t / amplitude)),
      'trajectory.Y': tau.map((t) => amplitude * Math.sin(t / amplitude)),
    },
    facts: { period: 2 * Math.PI * amplitude },
  };
}

/**
 * A results file in the shape src/claims/reporter.ts writes, built from two real toy runs
 * (GD and heavy ball at the peers' setting) and synthetic runs of the other shapes the
 * report draws (an (α, η, β) grid stored as a table, a sweep of runs, ODE orbits), with
 * claims of every verdict and baseline state, panel labels ("Fig. 1(a, b)"), an error, a
 * skipped claim, and hostile text in a statement and a run label.
 */
export async function fixtureResults(): Promise<ResultsFile> {
  const gd = claimRun(
    await runExperiment(toyExperiment, { optimizer: { momentum: 0 } }, { cache: false }),
    'GD, x²/(2y)',
  );
  const heavyBall = claimRun(
    await runExperiment(toyExperiment, {}, { cache: false }),
    `heavy ball ${hostileText}`,
  );
  const sweep = sweepRuns();
  const tableSweep = tableSweepRuns();
  const orbits = [orbitRun(1, 0), orbitRun(1, 0.5), orbitRun(0, 0), orbitRun(0, 0.5)];
  const lonelyOrbit = orbitRun(1, 0.9);

  const claims = [
    storedClaim(
      {
        id: 'fixture/reproduced',
        title: 'A claim that holds',
        figure: 'Fig. 3',
        section: 'Sec. 3',
      },
      'reproduced',
      [gd, heavyBall],
      { value: 0.5, baseline: 0.5 },
      `a statement with ${hostileText}`,
    ),
    storedClaim(
      { id: 'fixture/not-reproduced', title: 'A claim that fails', figure: 'Fig. 3', section: '' },
      'not-reproduced',
      [heavyBall],
      { value: 1.1, baseline: 1 },
    ),
    storedClaim(
      { id: 'fixture/table-sweep', title: 'A grid claim', figure: 'Fig. 1(a, b)', section: '' },
      'reproduced',
      tableSweep,
      { value: 0.2, baseline: 0.199 },
    ),
    storedClaim(
      { id: 'fixture/traced', title: 'A traced LDN-like claim', figure: 'Fig. 1(e)', section: '' },
      'reproduced',
      [heavyBall],
      { value: perSeedValues, baseline: perSeedValues.map((v) => v * (1 + 1e-9)) },
    ),
    storedClaim(
      { id: 'fixture/sweep', title: 'A sweep of runs', figure: 'Fig. 11', section: 'App. D' },
      'reproduced',
      sweep,
      { value: 0.2, baseline: 0.2 },
    ),
    storedClaim(
      { id: 'fixture/orbits', title: 'An ODE claim', figure: 'Fig. 5', section: 'App. B' },
      'reproduced',
      orbits,
      { value: 1, baseline: 1 },
    ),
    storedClaim(
      { id: 'fixture/orbit', title: 'One orbit', figure: 'App. B', section: 'App. B' },
      'reproduced',
      [lonelyOrbit],
      { value: 1, baseline: 1 },
    ),
  ];
  const runs: Record<string, ClaimRun> = {};
  for (const run of [gd, heavyBall, ...sweep, ...tableSweep, ...orbits, lonelyOrbit]) {
    runs[run.key] = run;
  }
  return {
    format: 'catapult-results/1',
    generatedAt: '2026-01-01T00:00:00.000Z',
    profile: 'quick',
    wallSeconds: 12.5,
    provenance: {
      gitCommit: '0123456789abcdef0123456789abcdef01234567',
      gitDirty: true,
      node: 'v20.0.0',
      platform: 'linux-x64',
      cpus: 2,
      packages: { vitest: '4.1.12' },
      codeFingerprint: 'fixture',
    },
    counts: { reproduced: 6, notReproduced: 1, baselineFailures: 1, errors: 1, skipped: 1 },
    claims,
    errors: [
      { id: 'fixture/error', title: 'A claim that threw', figure: 'Fig. 4', error: 'Error: boom' },
    ],
    skipped: [
      {
        id: 'fixture/skipped',
        title: 'A skipped claim',
        figure: 'Fig. 14',
        section: '',
        skipReason: 'CIFAR-10 is not in data/cifar-10-batches-bin',
      },
    ],
    runs,
  };
}
