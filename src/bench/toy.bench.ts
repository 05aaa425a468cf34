import { createStream } from '../engine/random.ts';
import { linearWarmup } from '../engine/schedule.ts';
import { sharpnessEstimator } from '../engine/sharpness.ts';
import { train } from '../engine/train.ts';
import { toyModel } from '../models/toy.ts';
import { type BenchSuite, claimsWallSeconds, secondsPerCall } from './bench.ts';

/** Workload 1 of BENCHMARKS.md: the toy run of the peers, sharpness at every step. */
function toyRun(momentum: number): () => void {
  const model = toyModel('x2-over-2y');
  return () => {
    train({
      model,
      initial: Float64Array.of(0.1, 0.1),
      steps: 4000,
      schedule: linearWarmup(0, (1 + momentum) * 2, 1000),
      momentum,
      sharpness: {
        every: 1,
        estimator: sharpnessEstimator(model, { stream: createStream(0, 'solver') }),
      },
      recordCoordinates: [0, 1],
    });
  };
}

export const suite: BenchSuite = {
  name: 'toy',
  async run() {
    const gd = 4000 / secondsPerCall(toyRun(0));
    const heavyBall = 4000 / secondsPerCall(toyRun(0.9));
    const wall = await claimsWallSeconds(['claims/toy.spec.ts', 'claims/toy-late-phase.spec.ts']);
    return [
      {
        name: 'GD steps/s (sharpness every step)',
        value: gd,
        unit: 'steps/s',
        peer: { value: 1e6, label: 'pure Python' },
      },
      {
        name: 'heavy-ball steps/s (sharpness every step)',
        value: heavyBall,
        unit: 'steps/s',
        peer: { value: 1.5e5, label: 'numpy, length-2 arrays' },
      },
      {
        name: 'toy claims, wall time on an empty cache',
        value: wall,
        unit: 's',
        target: { text: '< 60 s', met: wall < 60 },
      },
    ];
  },
};
