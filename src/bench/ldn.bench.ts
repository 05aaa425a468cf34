/**
 * LDN benchmarks (BENCHMARKS.md workloads 2 and 3) beside the peers' numpy figures
 * (peers/results-2026-12-03.json, `pyenv.as_is`): gradients, Hessian-vector products and
 * optimizer steps per second at d = 100 and d = 1000, one Lanczos sharpness, a whole run with
 * sharpness every 10 steps, the peers' 156-cell sweep, our quick-profile sweeps, and the wall
 * time of this section's claims on an empty cache (target: under 5 minutes).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  peersSparseRegression,
  type SparseRegressionData,
  sparseRegression,
  sparseRegressionPresets,
} from '../data/sparse-regression.ts';
import { runCells } from '../engine/pool.ts';
import { createStream } from '../engine/random.ts';
import { linearWarmup } from '../engine/schedule.ts';
import { sharpnessEstimator } from '../engine/sharpness.ts';
import { train } from '../engine/train.ts';
import { ldnSizes } from '../experiments/ldn-profiles.ts';
import { ldnSweepCells, quarterDecades } from '../experiments/ldn-sweep.ts';
import { ldnModel } from '../models/ldn.ts';
import { type BenchFigure, type BenchSuite, claimsWallSeconds, secondsPerCall } from './bench.ts';

interface Workload {
  label: string;
  data: SparseRegressionData;
  alpha: number;
  learningRate: number;
  /** Steps per timed run (fewer at d = 1000 to keep the benchmark short). */
  steps: number;
  peer: {
    gradient: number;
    hvp: number;
    gdSteps: number;
    phbSteps: number;
    lanczosSeconds: number;
    runWithLanczosSeconds: number;
    gdRunWithLanczosSeconds: number;
  };
}

/** The two workloads of BENCHMARKS.md item 2, built when the suite runs. */
const workloads = (): Workload[] => [
  {
    label: 'd=100',
    data: peersSparseRegression(10, createStream(0, 'data')),
    alpha: 0.5,
    learningRate: 10 ** -1.75,
    steps: 20_000,
    peer: {
      gradient: 6.53e4,
      hvp: 7.83e4,
      gdSteps: 7.51e4,
      phbSteps: 7.73e4,
      lanczosSeconds: 6.17e-4,
      runWithLanczosSeconds: 1.9,
      gdRunWithLanczosSeconds: 1.61,
    },
  },
  {
    label: 'd=1000',
    data: sparseRegression(
      { ...sparseRegressionPresets.d1000, testSamples: 10 },
      createStream(0, 'data'),
    ),
    alpha: 0.3,
    learningRate: 10 ** -2.5,
    steps: 2000,
    peer: {
      gradient: 2.51e4,
      hvp: 2.23e4,
      gdSteps: 2.03e4,
      phbSteps: 1.82e4,
      lanczosSeconds: 1.95e-3,
      runWithLanczosSeconds: 5.86,
      gdRunWithLanczosSeconds: 6.16,
    },
  },
];

const peerLabel = 'numpy, pyenv';

function kernelFigures(workload: Workload): BenchFigure[] {
  const { data, alpha, learningRate, steps, peer, label } = workload;
  const d = data.dimension;
  const model = ldnModel(data.inputs, data.labels, d);
  // The peers' probe: a generic point near w₀ (w₀ itself has u = v).
  const z = createStream(1, 'probe').fillGaussian(new Float64Array(2 * d));
  const probe = z.map((zi) => alpha + 0.01 * zi);
  const gradient = new Float64Array(2 * d);
  const product = new Float64Array(2 * d);
  const operator = model.hessianOperator(probe);

  /**
   * Seconds per 20,000 steps of a training run from w₀, and the steps it did: a run that
   * diverges (heavy ball on the peers' data set does, at step 1227) is timed over the steps
   * it made.
   */
  const timeRun = (momentum: number, every: number, repeats: number) => {
    let stepsDone = 0;
    const seconds = secondsPerCall(() => {
      const estimator = sharpnessEstimator(model, { stream: createStream(0, 'solver') });
      stepsDone = train({
        model,
        initial: new Float64Array(2 * d).fill(alpha),
        steps,
        schedule: linearWarmup(0, (1 + momentum) * learningRate, 2000),
        momentum,
        ...(every > 0 ? { sharpness: { every, estimator } } : {}),
      }).stepsDone;
    }, repeats);
    const note = stepsDone < steps ? ` (diverged at step ${stepsDone})` : '';
    return { perStep: seconds / stepsDone, note };
  };
  const lanczos = () =>
    sharpnessEstimator(model, { stream: createStream(0, 'solver') }).estimate(probe);
  const gd = timeRun(0, 0, 3);
  const heavyBall = timeRun(0.9, 0, 3);
  const gdWithLanczos = timeRun(0, 10, 1);
  const heavyBallWithLanczos = timeRun(0.9, 10, 1);

  return [
    {
      name: `${label} gradients/s`,
      value: 1 / secondsPerCall(() => model.lossAndGradient(probe, gradient)),
      unit: '1/s',
      peer: { value: peer.gradient, label: peerLabel },
    },
    {
      name: `${label} Hessian-vector products/s`,
      value: 1 / secondsPerCall(() => operator(z, product)),
      unit: '1/s',
      peer: { value: peer.hvp, label: peerLabel },
    },
    {
      name: `${label} GD steps/s (no sharpness)${gd.note}`,
      value: 1 / gd.perStep,
      unit: 'steps/s',
      peer: { value: peer.gdSteps, label: peerLabel },
    },
    {
      name: `${label} heavy-ball steps/s (no sharpness)${heavyBall.note}`,
      value: 1 / heavyBall.perStep,
      unit: 'steps/s',
      peer: { value: peer.phbSteps, label: peerLabel },
    },
    {
      name: `${label} one Lanczos sharpness (cold start)`,
      value: secondsPerCall(lanczos) * 1000,
      unit: 'ms',
      peer: { value: peer.lanczosSeconds * 1000, label: `${peerLabel}, scipy eigsh` },
    },
    {
      name: `${label} GD, 20,000 steps, sharpness every 10${gdWithLanczos.note}`,
      value: gdWithLanczos.perStep * 20_000,
      unit: 's',
      peer: { value: peer.gdRunWithLanczosSeconds, label: `${peerLabel}, scipy eigsh` },
    },
    {
      name: `${label} heavy ball, 20,000 steps, sharpness every 10${heavyBallWithLanczos.note}`,
      value: heavyBallWithLanczos.perStep * 20_000,
      unit: 's',
      peer: { value: peer.runWithLanczosSeconds, label: `${peerLabel}, scipy eigsh` },
    },
  ];
}

/** Wall seconds of `runCells` on a fresh, empty run cache. */
async function sweepSeconds(cells: Parameters<typeof runCells>[0]): Promise<number> {
  const saved = process.env.CATAPULT_CACHE_DIR;
  const cache = await mkdtemp(join(tmpdir(), 'catapult-bench-ldn-'));
  process.env.CATAPULT_CACHE_DIR = cache;
  try {
    const start = performance.now();
    await runCells(cells);
    return (performance.now() - start) / 1000;
  } finally {
    if (saved === undefined) delete process.env.CATAPULT_CACHE_DIR;
    else process.env.CATAPULT_CACHE_DIR = saved;
    await rm(cache, { recursive: true, force: true });
  }
}

export const suite: BenchSuite = {
  name: 'ldn',
  async run() {
    const figures = workloads().flatMap(kernelFigures);

    // Workload 3: the peers' sweep, 156 cells of 20,000 steps on their data set, no sharpness.
    const peersSweep = ldnSweepCells({
      seed: 0,
      alphas: [0.01, 0.03, 0.1, 0.3, 0.5, 1],
      learningRates: quarterDecades(-4, -1),
      momenta: [0, 0.9],
      cell: { data: { source: 'peers-d100-n50-seed0' }, trace: false, sharpness: { every: 0 } },
    });
    const quick = ldnSizes.quick;
    const quickSweeps = quick.seeds.flatMap((seed) => [
      ...ldnSweepCells({
        seed,
        alphas: quick.alphas,
        learningRates: quick.learningRates,
        momenta: [0, 0.9],
        cell: { steps: quick.steps, trace: false, sharpness: { every: 0 } },
      }),
      ...ldnSweepCells({
        seed,
        alphas: quick.alphas,
        learningRates: quick.learningRates099,
        momenta: [0, 0.99],
        cell: { steps: quick.stepsMomentum099, trace: false, sharpness: { every: 0 } },
      }),
    ]);
    const peersSeconds = await sweepSeconds(peersSweep);
    const quickSeconds = await sweepSeconds(quickSweeps);
    const claims = await claimsWallSeconds([
      'claims/ldn-sweep.spec.ts',
      'claims/ldn-trajectories.spec.ts',
    ]);
    return [
      ...figures,
      {
        name: `peers' sweep, ${peersSweep.length} cells × 20,000 steps (pool)`,
        value: peersSeconds,
        unit: 's',
        peer: { value: 19.3, label: 'numpy, 2 processes' },
      },
      {
        name: `quick-profile sweeps, ${quickSweeps.length} cells (pool)`,
        value: quickSeconds,
        unit: 's',
      },
      {
        name: 'LDN claims (quick), wall time on an empty cache',
        value: claims,
        unit: 's',
        target: { text: '< 300 s', met: claims < 300 },
      },
    ];
  },
};
