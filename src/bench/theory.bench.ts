import { theoryOdeExperiment } from '../experiments/theory-ode.ts';
import { sequenceBehaviour } from '../theory/late-phase.ts';
import { recurrenceOrbit } from '../theory/recurrence.ts';
import { type BenchSuite, claimsWallSeconds, secondsPerCall } from './bench.ts';

/** One Fig. 5 orbit: α = 1, β = 0.9 from (0.5, 0), τ ≤ 60, RTOL = ATOL = 1e-10. */
function fig5Orbit(): void {
  theoryOdeExperiment.run(
    { ...theoryOdeExperiment.defaults, momentum: 0.9 },
    {
      stream: () => {
        throw new Error('the ODE draws no random numbers');
      },
    },
  );
}

export const suite: BenchSuite = {
  name: 'theory',
  async run() {
    const orbit = secondsPerCall(fig5Orbit);
    const recurrence =
      1e6 /
      secondsPerCall(() => {
        recurrenceOrbit(
          { alpha: 1, momentum: 0.5, learningRate: 1e-5 },
          { x: 0.5, y: 0, previousX: -0.5 },
          1e6,
        );
      });
    const linear = 1e5 / secondsPerCall(() => sequenceBehaviour(1.2, 0.9, 1, -0.3, 1e5));
    const wall = await claimsWallSeconds([
      'claims/theory-ode.spec.ts',
      'claims/theory-recurrences.spec.ts',
    ]);
    return [
      { name: 'Fig. 5 orbit (ODEX, RTOL 1e-10, τ ≤ 60)', value: orbit * 1000, unit: 'ms' },
      { name: 'recurrences (3)–(4), streamed', value: recurrence, unit: 'steps/s' },
      { name: 'Eq. (15) sequence with rescaling', value: linear, unit: 'steps/s' },
      {
        name: 'theory claims, wall time on an empty cache',
        value: wall,
        unit: 's',
        target: { text: '< 60 s', met: wall < 60 },
      },
    ];
  },
};
