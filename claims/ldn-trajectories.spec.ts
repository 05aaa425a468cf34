/**
 * LDN trajectory claims (Section 2: Fig. 1c–f and Fig. 2; SPEC 9 items 4, 5 and 6), at the
 * peers' cell (α, η) = (0.5, 10^−1.75) on d = 100, n = 50, with Lanczos sharpness every 10
 * steps, and the same heavy-ball claim on the larger alternative of SPEC 10 (d = 1000,
 * n = 100, label noise σ_ε = 0.1) at the peers' (0.3, 10^−2.5).
 *
 * Seeds: five master seeds (0–4), each drawing its own data set; w₀ = α·1 exactly. A claim
 * is reproduced when its per-seed predicate holds on at least 4 of the 5 seeds. Catapults
 * and loss spikes follow src/engine/events.ts. Every run's end state is reported: below the
 * MSS, above it at the rounding floor (converged before the MSS fell below its sharpness, so
 * the unstable component is lost to rounding; BENCHMARKS pilot finding), above it while still
 * moving, or diverged. A "below the MSS" predicate fails on the last three and says which.
 *
 * Sensitivity (reported, not part of the verdict): the d = 100 claims also run every seed
 * from two perturbed starts w₀ = α(1 + 1e-12·z_k), z_k from the seed's stream `init-k`
 * (k = 1, 2), and report on how many of the 15 starts the predicate holds, because the
 * heavy-ball catapult grows from rounding noise (BENCHMARKS pilot finding). The d = 1000
 * claim skips them: its runs converge to the rounding floor before the MSS falls below the
 * sharpness, which erases a perturbation of w₀.
 */

import {
  type ClaimContext,
  type ClaimMeasurement,
  claim,
  type Metric,
} from '../src/claims/claim.ts';
import { formatNumber as f } from '../src/claims/format.ts';
import { sparseRegressionPresets } from '../src/data/sparse-regression.ts';
import { runCells } from '../src/engine/pool.ts';
import { type Overrides, withOverrides } from '../src/engine/run.ts';
import { type LdnConfig, type LdnResult, ldnExperiment } from '../src/experiments/ldn.ts';
import { seedVerdict } from '../src/experiments/ldn-analysis.ts';
import { ldnSizes } from '../src/experiments/ldn-profiles.ts';

const needed = 4;
const rule =
  `Reproduced when this holds on at least ${needed} of the 5 seeds ` +
  '(0–4, each its own data set).';
const peersRate = 10 ** -1.75;

const perturbation = 1e-12;
const replicas = [1, 2];

/** A claim's runs: one per seed from w₀ = α·1, and per replica k one per seed from α(1 + εz_k). */
interface SeedRuns {
  exact: LdnResult[];
  perturbed: LdnResult[][];
}

/**
 * The traced runs of every seed (and of every replica, unless `withReplicas` is false):
 * computed in parallel on the worker pool, which caches them, then read through the claim
 * context so that the report lists every run.
 */
async function runs(
  context: ClaimContext,
  label: string,
  overrides: Overrides<LdnConfig>,
  withReplicas = true,
): Promise<SeedRuns> {
  const { seeds, steps } = ldnSizes[context.profile];
  const starts = [0, ...(withReplicas ? replicas : [])];
  const cells = starts.map((replica) =>
    seeds.map((seed) =>
      withOverrides<Overrides<LdnConfig>>(
        { steps, ...overrides, seed },
        replica === 0 ? {} : { init: { perturbation, replica } },
      ),
    ),
  );
  await runCells(cells.flat().map((cell) => ({ experiment: 'ldn', overrides: cell as never })));
  const results: LdnResult[][] = [];
  for (const [r, row] of cells.entries()) {
    const start = starts[r] === 0 ? 'w₀ = α·1' : `perturbed start ${starts[r]}`;
    const done: LdnResult[] = [];
    for (const [index, cell] of row.entries()) {
      const record = await context.run(
        ldnExperiment,
        cell,
        `${label}, seed ${seeds[index]}, ${start}`,
      );
      done.push(record.result);
    }
    results.push(done);
  }
  return { exact: results[0]!, perturbed: results.slice(1) };
}

/**
 * The verdict of a per-seed predicate (at least 4 of the 5 exact starts), its summary and
 * metrics, with the perturbed starts' count as a reported sensitivity.
 */
function decide(
  all: SeedRuns,
  predicate: (run: LdnResult) => boolean,
  extra: { summary?: string; metrics?: Record<string, Metric> } = {},
): ClaimMeasurement {
  const results = all.exact;
  const holds = results.map(predicate);
  const verdict = seedVerdict(holds, needed);
  const perturbedHeld = all.perturbed.map((row) => row.filter(predicate).length);
  const startsHeld = verdict.held + perturbedHeld.reduce((a, b) => a + b, 0);
  const starts = results.length * (1 + all.perturbed.length);
  const catapults = results.map((r) => r.events!.catapults.length);
  const ratios = results.map((r) => f(r.finalSharpnessOverMss));
  const sensitivity =
    all.perturbed.length > 0 ? `; with 1e-12 perturbed starts ${startsHeld}/${starts}` : '';
  return {
    holds: verdict.holds,
    summary:
      `holds on ${verdict.text} seeds${sensitivity}; catapults ${catapults.join('/')}, ` +
      `final S/MSS ${ratios.join('/')}; ${endStates(results)}${extra.summary ?? ''}`,
    metrics: {
      seedsHeld: { value: verdict.held, quantity: 'count' },
      perSeedHolds: { value: holds.map(Number), quantity: 'exact' },
      ...(all.perturbed.length > 0
        ? {
            perturbedSeedsHeld: { value: perturbedHeld, quantity: 'count' },
            perturbedEndStates: {
              value: all.perturbed.map((row) => endStates(row)).join(' | '),
              quantity: 'exact',
            },
          }
        : {}),
      catapults: { value: results.map((r) => r.events!.catapults.length), quantity: 'count' },
      lossSpikes: { value: results.map((r) => r.events!.spikes.length), quantity: 'count' },
      finalSharpnessOverMss: {
        value: results.map((r) => r.finalSharpnessOverMss ?? Number.NaN),
        quantity: 'after-instability',
      },
      endStates: { value: endStates(results), quantity: 'exact' },
      testMse: {
        value: results.map((r) => r.testMse ?? Number.NaN),
        quantity: 'after-instability',
      },
      ...extra.metrics,
    },
  };
}

const phbPeersCell: Overrides<LdnConfig> = {
  init: { scale: 0.5 },
  optimizer: { learningRate: peersRate, momentum: 0.9 },
};

const d1000: Overrides<LdnConfig> = {
  data: sparseRegressionPresets.d1000,
  init: { scale: 0.3 },
  optimizer: { learningRate: 10 ** -2.5, momentum: 0.9 },
};

/** Counts of end states, for summaries: "4 below-mss, 1 above-mss-at-rounding-floor". */
function endStates(results: readonly LdnResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.endState, (counts.get(r.endState) ?? 0) + 1);
  return [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
}

/**
 * SPEC 9 item 4 on one heavy-ball run: one catapult and one loss spike; the catapult's
 * instability episode lasts ≤ 500 steps; sharpness before it stays within ±10% of S(w₀) (no
 * progressive sharpening); the run ends below its MSS with S/MSS ≤ 0.5.
 */
function oneCatapult(run: LdnResult): boolean {
  const events = run.events!;
  if (events.catapults.length !== 1 || events.spikes.length !== 1) return false;
  const catapult = events.catapults[0]!;
  const samples = run.sharpness!;
  const s0 = run.initialSharpness;
  const flat = samples.step.every(
    (step, k) => step >= catapult.start || Math.abs(samples.value[k]! / s0 - 1) <= 0.1,
  );
  return (
    flat &&
    catapult.end - catapult.start <= 500 &&
    run.endState === 'below-mss' &&
    run.finalSharpnessOverMss! <= 0.5
  );
}

const oneCatapultPredicate =
  'Per seed: exactly one catapult and exactly one loss spike; the catapult’s episode above the ' +
  'MSS lasts ≤ 500 steps; every sharpness sample before it is within ±10% of S(w₀); ' +
  'the run ends below its MSS (not diverged, not stuck above it) with final S/MSS ≤ 0.5. ';

claim({
  id: 'ldn/fig1ef-phb-one-catapult',
  title:
    'Heavy ball on the LDN makes one catapult with one loss spike and ends below half its MSS ' +
    '(Fig. 1e, f)',
  figure: 'Fig. 1(e, f)',
  section: 'Sec. 2; SPEC 3.4 claim 4, 9 item 4',
  statement:
    'Heavy-ball sharpness stays flat while the MSS falls during warmup; when they meet there is ' +
    'one rapid sharpness collapse with one loss spike, and the final sharpness is well below ' +
    'the MSS.',
  predicate:
    'At (α, η) = (0.5, 10^−1.75), β = 0.9 at 1.9η, linear warmup over 2000 steps. ' +
    oneCatapultPredicate +
    rule,
  async measure(context) {
    return decide(
      await runs(context, 'heavy ball β=0.9, α=0.5, η=10^-1.75', phbPeersCell),
      oneCatapult,
    );
  },
});

claim({
  id: 'ldn/fig1cd-gd-stepwise',
  title:
    'GD on the LDN lowers its sharpness in at least two catapults and ends just below 2/η (Fig. ' +
    '1c, d)',
  figure: 'Fig. 1(c, d)',
  section: 'Sec. 2; SPEC 3.4 claim 5, 9 item 5',
  statement:
    'GD’s sharpness falls in step-wise increments with several loss spikes and ends just below ' +
    'the final MSS 2/η.',
  predicate:
    'At (α, η) = (0.5, 10^−1.75), GD, linear warmup over 2000 steps. Per seed: at least two ' +
    'catapults; the run ends below its MSS with final S/MSS in [0.8, 1.0]. ' +
    rule,
  async measure(context) {
    const all = await runs(context, 'GD, α=0.5, η=10^-1.75', {
      ...phbPeersCell,
      optimizer: { learningRate: peersRate, momentum: 0 },
    });
    return decide(
      all,
      (r) =>
        r.events!.catapults.length >= 2 &&
        r.endState === 'below-mss' &&
        r.finalSharpnessOverMss! >= 0.8,
    );
  },
});

claim({
  id: 'ldn/fig2a-step-warmup',
  title:
    'With a step warmup (0.3η for 1000 steps, then η) heavy ball on the LDN still makes one ' +
    'catapult and ends below its MSS (Fig. 2a)',
  figure: 'Fig. 2(a)',
  section: 'Sec. 2; SPEC 3.5, 9 item 6',
  statement:
    'The form of the warmup is not essential: a step warmup still gives a single large catapult.',
  predicate:
    'α = 0.5, β = 0.9 at 1.9η, η = 0.012 (MSS 2/η ≈ 167, about S(w₀)/1.2, so the step crosses ' +
    'the MSS without diverging), 0.3η for the first 1000 steps. ' +
    'Per seed: exactly one catapult and the run ends below its MSS (not diverged, not stuck ' +
    'above it). ' +
    rule,
  async measure(context) {
    const all = await runs(context, 'heavy ball, step warmup', {
      init: { scale: 0.5 },
      optimizer: { learningRate: 0.012, momentum: 0.9 },
      schedule: { kind: 'step-warmup', firstSteps: 1000, firstFraction: 0.3 },
    });
    return decide(all, (r) => r.events!.catapults.length === 1 && r.endState === 'below-mss');
  },
});

claim({
  id: 'ldn/fig2b-frozen-warmup',
  title:
    'With the warmup frozen where sharpness first exceeds the MSS, heavy ball on the LDN still ' +
    'makes one catapult and ends below its MSS (Fig. 2b)',
  figure: 'Fig. 2(b)',
  section: 'Sec. 2; SPEC 3.5, 9 item 6',
  statement:
    'Stopping the linear warmup at the first step where sharpness exceeds the MSS still gives a ' +
    'heavy-ball catapult.',
  predicate:
    'At (α, η) = (0.5, 10^−1.75), β = 0.9 at 1.9η, linear warmup frozen at the first sharpness ' +
    'sample (every 10 steps) above the MSS. ' +
    'Per seed: the warmup froze, exactly one catapult, and the run ends below its MSS (not ' +
    'diverged, not stuck above it). ' +
    rule,
  async measure(context) {
    const all = await runs(context, 'heavy ball, frozen warmup', {
      ...phbPeersCell,
      schedule: {
        kind: 'linear-warmup',
        warmupSteps: 2000,
        initialFraction: 0,
        freezeOnInstability: true,
      },
    });
    return decide(
      all,
      (r) =>
        r.freezeStep !== null && r.events!.catapults.length === 1 && r.endState === 'below-mss',
      {
        summary: `; froze at ${all.exact.map((r) => r.freezeStep).join('/')}`,
        metrics: {
          freezeSteps: {
            value: all.exact.map((r) => r.freezeStep ?? Number.NaN),
            quantity: 'exact',
          },
        },
      },
    );
  },
});

claim({
  id: 'ldn/d1000-phb-one-catapult',
  title:
    'On the larger LDN (d = 1000, n = 100, label noise) heavy ball makes one catapult and ends ' +
    'below half its MSS (Fig. 1e, f; SPEC 10 alternative)',
  figure: 'Fig. 1(e, f)',
  section: 'Sec. 2; SPEC 9 item 4 on the data of SPEC 10’s alternative',
  statement:
    'The heavy-ball mechanism of Fig. 1(e, f) on the Woodworth/Azulay-sized data set with a mean ' +
    'shift.',
  predicate:
    'd = 1000, n = 100, σ_ε = 0.1, 2000 test points; (α, η) = (0.3, 10^−2.5) as the peers; ' +
    'β = 0.9 at 1.9η. ' +
    oneCatapultPredicate +
    rule,
  async measure(context) {
    return decide(await runs(context, 'heavy ball, d=1000', d1000, false), oneCatapult);
  },
});
