/**
 * Late-phase claims on the toy loss x²/(2y): Appendix C (Eqs. 14, 15, 17) and Fig. 6
 * (App. C.1, momentum applied only in y). These runs switch the x floor off (xFloor = 0):
 * the floor would pin x at 1e-12 and hide the late phase. The late phase starts at
 * T = max(end of warmup, end of the last catapult + settleSteps), so that η and the
 * catapult are both done; it lasts while |x| > 1e-250. An η whose late phase is shorter
 * than 100 steps (x underflowed during warmup) cannot be tested, and the result says so.
 */
import { type ClaimContext, claim } from '../src/claims/claim.ts';
import { formatNumber as f } from '../src/claims/format.ts';
import { type ToyResult, toyExperiment } from '../src/experiments/toy.ts';
import { fitRecurrence, predictedYLimit } from '../src/experiments/toy-analysis.ts';

const momentum = 0.9;
const finalRates = [1, 2, 5, 10];
const minimumWindow = 100;

interface LatePhase {
  learningRate: number;
  run: ToyResult;
  /** First step of the late phase. */
  from: number;
  /** η·S(ȳ) with the final effective rate and the manifold sharpness at the final y. */
  etaS: number;
}

async function latePhase(
  context: ClaimContext,
  learningRate: number,
  momentumInX: boolean,
): Promise<LatePhase> {
  const variant = momentumInX ? '' : ', no x-momentum';
  const label = `heavy ball β=0.9 η=${learningRate}${variant}, no x floor`;
  const { result: run } = await context.run(
    toyExperiment,
    { xFloor: 0, optimizer: { momentum, learningRate, momentumInX } },
    label,
  );
  const settle = toyExperiment.defaults.events.settleSteps;
  const warmup = 1000;
  const from = Math.max(warmup, (run.events.catapults.at(-1)?.end ?? 0) + settle);
  return { learningRate, run, from, etaS: run.effectiveLearningRate * run.finalManifoldSharpness };
}

claim({
  id: 'toy/appc-y-limit',
  title:
    "After heavy ball's catapult, y converges to ȳ = y_T + β(y_T − y_{T−1})/(1 − β) of " +
    'Eq. (14) within 1e-6 (App. C)',
  figure: 'App. C',
  section: 'App. C, Eqs. (13)–(14); SPEC 4.4',
  statement:
    'Once x is negligible in the y-update, y_t tends to ȳ = y_T + β(y_T − y_{T−1})/(1 − β).',
  predicate: '|y_final − ȳ| / y_final ≤ 1e-6 for η ∈ {1, 2, 5, 10}, with and without x-momentum.',
  async measure(context) {
    const errors: number[] = [];
    const labels: string[] = [];
    for (const momentumInX of [true, false]) {
      for (const learningRate of finalRates) {
        const phase = await latePhase(context, learningRate, momentumInX);
        const y = phase.run.coordinates.y!;
        const limit = predictedYLimit(y, phase.from, momentum);
        errors.push(Math.abs(y.at(-1)! - limit) / y.at(-1)!);
        labels.push(`η=${learningRate}${momentumInX ? '' : ' (no x-mom.)'}`);
      }
    }
    const worst = Math.max(...errors);
    return {
      holds: worst <= 1e-6,
      summary: `largest relative error of ȳ over ${errors.length} runs: ${f(worst)}`,
      metrics: { relativeError: { value: errors, quantity: 'after-instability' } },
    };
  },
});

claim({
  id: 'toy/appc-late-phase-recurrence',
  title:
    'Late-phase x of heavy ball follows Eq. (15) with coefficient 1 + β − ηS(ȳ) and oscillates ' +
    'with envelope √β (App. C)',
  figure: 'App. C',
  section: 'App. C, Eq. (15); SPEC 4.4, 9 item 10',
  statement:
    'x_{t+1} − (1 + β − ηS(ȳ))x_t + βx_{t−1} = 0; when (1 + β − ηS(ȳ))² < 4β, x oscillates with ' +
    'envelope β^{t/2}.',
  predicate:
    'for every η ∈ {1, 2, 5, 10} with a late phase ≥ 100 steps: the least-squares coefficient ' +
    'is within 1e-3 ' +
    '(relative) of 1 + β − ηS(ȳ); where (1 + β − ηS(ȳ))² < 4β, x changes sign and the envelope ' +
    'rate is within 1e-3 of √β.',
  async measure(context) {
    const rows = [];
    for (const learningRate of finalRates) {
      const phase = await latePhase(context, learningRate, true);
      const predicted = 1 + momentum - phase.etaS;
      const fit = fitRecurrence(phase.run.coordinates.x!, phase.from, momentum);
      const complex = predicted * predicted < 4 * momentum;
      const testable = fit.steps >= minimumWindow;
      const ok =
        Math.abs(fit.coefficient - predicted) <= 1e-3 * Math.abs(predicted) &&
        (!complex ||
          (fit.signChanges > 0 && Math.abs(fit.envelopeRate - Math.sqrt(momentum)) <= 1e-3));
      rows.push({ learningRate, predicted, fit, complex, testable, ok });
    }
    const tested = rows.filter((r) => r.testable);
    return {
      holds: tested.length >= 2 && tested.every((r) => r.ok),
      summary: `${rows
        .map((r) =>
          r.testable
            ? `η=${r.learningRate}: p̂ ${f(r.fit.coefficient, 5)} vs ${f(r.predicted, 5)}, ` +
              `envelope ${f(r.fit.envelopeRate, 4)}${r.ok ? '' : ' ✗'}`
            : `η=${r.learningRate}: untestable (${r.fit.steps} steps)`,
        )
        .join('; ')} (√β = ${f(Math.sqrt(momentum), 4)})`,
      metrics: {
        fittedCoefficient: { value: rows.map((r) => r.fit.coefficient), quantity: 'fitted' },
        predictedCoefficient: {
          value: rows.map((r) => r.predicted),
          quantity: 'after-instability',
        },
        envelopeRate: { value: rows.map((r) => r.fit.envelopeRate), quantity: 'fitted' },
        windowSteps: { value: rows.map((r) => r.fit.steps), quantity: 'count' },
      },
    };
  },
});

claim({
  id: 'toy/fig6-larger-x-excursions',
  title:
    "With momentum off in x, the catapult's largest |x| exceeds vanilla heavy ball's at " +
    'every η in {1, 2, 5, 10} (Fig. 6)',
  figure: 'Fig. 6',
  section: 'App. C.1; SPEC 4.5 item 1',
  statement: 'With x-momentum off, the fluctuations of x are much larger.',
  predicate:
    'max_t |x_t| of the x-momentum-off run > max_t |x_t| of vanilla heavy ball, for each η.',
  async measure(context) {
    const largest = (x: readonly number[]) => x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const rows = [];
    for (const learningRate of finalRates) {
      const vanilla = await latePhase(context, learningRate, true);
      const off = await latePhase(context, learningRate, false);
      rows.push({
        learningRate,
        vanilla: largest(vanilla.run.coordinates.x!),
        off: largest(off.run.coordinates.x!),
      });
    }
    return {
      holds: rows.every((r) => r.off > r.vanilla),
      summary: rows.map((r) => `η=${r.learningRate}: ${f(r.off)} vs ${f(r.vanilla)}`).join('; '),
      metrics: {
        maxAbsXWithoutMomentumInX: { value: rows.map((r) => r.off), quantity: 'after-instability' },
        maxAbsXVanilla: { value: rows.map((r) => r.vanilla), quantity: 'after-instability' },
      },
    };
  },
});

claim({
  id: 'toy/fig6-geometric-decay',
  title:
    'With momentum off in x, late-phase x decays geometrically at ratio 1 − ηS(ȳ) without ' +
    'changing sign (Eq. 17, Fig. 6)',
  figure: 'Fig. 6',
  section: 'App. C.1, Eqs. (16)–(17); SPEC 4.5, 9 item 11',
  statement:
    'With x-momentum off, x_t = (1 − ηS(ȳ))^{t−T} x_T: geometric decay without oscillation when ' +
    '0 < ηS(ȳ) < 1.',
  predicate:
    'for every η ∈ {1, 2, 5, 10} with a late phase ≥ 100 steps: the fitted ratio is within 1e-3 ' +
    '(relative) of ' +
    '1 − ηS(ȳ), 0 < ηS(ȳ) < 1, and x never changes sign.',
  async measure(context) {
    const rows = [];
    for (const learningRate of finalRates) {
      const phase = await latePhase(context, learningRate, false);
      const predicted = 1 - phase.etaS;
      const fit = fitRecurrence(phase.run.coordinates.x!, phase.from, 0);
      const ok =
        Math.abs(fit.coefficient - predicted) <= 1e-3 * Math.abs(predicted) &&
        phase.etaS > 0 &&
        phase.etaS < 1 &&
        fit.signChanges === 0;
      rows.push({
        learningRate,
        etaS: phase.etaS,
        predicted,
        fit,
        testable: fit.steps >= minimumWindow,
        ok,
      });
    }
    const tested = rows.filter((r) => r.testable);
    return {
      holds: tested.length >= 2 && tested.every((r) => r.ok),
      summary: rows
        .map((r) =>
          r.testable
            ? `η=${r.learningRate}: ratio ${f(r.fit.coefficient, 5)} vs ${f(r.predicted, 5)}, ` +
              `ηS(ȳ) ${f(r.etaS)}, ${r.fit.signChanges} sign changes${r.ok ? '' : ' ✗'}`
            : `η=${r.learningRate}: untestable (${r.fit.steps} steps before x underflowed)`,
        )
        .join('; '),
      metrics: {
        fittedRatio: { value: rows.map((r) => r.fit.coefficient), quantity: 'fitted' },
        predictedRatio: { value: rows.map((r) => r.predicted), quantity: 'after-instability' },
        signChanges: { value: rows.map((r) => r.fit.signChanges), quantity: 'count' },
        windowSteps: { value: rows.map((r) => r.fit.steps), quantity: 'count' },
      },
    };
  },
});
