/**
 * Section 4 and App. D.2, D.3.3 on the three-layer ReLU MLP (NTK parameterisation, SPEC
 * 6.2) trained full-batch on rank-2 data, loss (1/2n)Σ(f − y)², heavy ball at (1 + β)η.
 * Sizes per profile are in src/experiments/mlp-profiles.ts: the quick profile runs
 * rank2-400-200 at width 64 (the paper profile: width 512) and stands in for Fig. 14's
 * rank2-400-4000 with rank2-400-1000 at width 32. Every run: η = 20, linear warmup over
 * 1000 steps from η/1000, 1500 steps, Lanczos sharpness every 10 steps.
 *
 * Thresholds (networkClaimThresholds in src/experiments/mlp-analysis.ts, shared with the CNN
 * claims) were fixed before looking at results: "within 10% of 2/η" (SPEC 9 item
 * 14), "well below the MSS" = below half of it (the threshold of SPEC 9 item 4), an
 * oscillating loss = at least 3 rises by 2× or more, progressive sharpening = a rise of
 * at least 20% above S(w₀) before the first sample above the MSS.
 */
import { type ClaimContext, claim } from '../src/claims/claim.ts';
import { formatNumber as f } from '../src/claims/format.ts';
import type { Overrides } from '../src/engine/run.ts';
import { type MlpConfig, type MlpResult, mlpExperiment } from '../src/experiments/mlp.ts';
import {
  catapultMeasurement,
  edgeTracking,
  finalSharpnessRatio,
  firstEdgeStep,
  lossRises,
  networkClaimThresholds,
  preInstabilityLoss,
  progressiveSharpening,
} from '../src/experiments/mlp-analysis.ts';
import {
  linearWarmupConfig,
  type MlpProfile,
  mlpProfiles,
  withSchedule,
} from '../src/experiments/mlp-profiles.ts';

const { band, wellBelow, riseFactor, oscillating, sharpening } = networkClaimThresholds;
const settle = mlpExperiment.defaults.events.settleSteps;

function base(p: MlpProfile): Overrides<MlpConfig> {
  return {
    data: p.data,
    width: p.width,
    optimizer: { learningRate: p.learningRate },
    steps: p.steps,
    sharpness: { every: p.sharpnessEvery },
  };
}

async function mlp(
  context: ClaimContext,
  label: string,
  momentum: number,
  overrides: Overrides<MlpConfig> = {},
  schedule = linearWarmupConfig(mlpProfiles[context.profile].warmupSteps),
): Promise<MlpResult> {
  const p = mlpProfiles[context.profile];
  const config = {
    ...base(p),
    ...overrides,
    optimizer: { learningRate: p.learningRate, momentum },
    sharpness: { every: p.sharpnessEvery },
  };
  return (await context.run(withSchedule(mlpExperiment, schedule), config, label)).result;
}

const gdRun = (c: ClaimContext) => mlp(c, `GD, ${mlpProfiles[c.profile].width} wide`, 0);
const phbRun = (c: ClaimContext) =>
  mlp(c, `heavy ball β=0.9, ${mlpProfiles[c.profile].width} wide`, 0.9);

claim({
  id: 'nn/fig4-mlp-gd-edge-during-warmup',
  title:
    'GD on the ReLU MLP tracks 2/η_t within 10% from reaching the edge to the end of warmup, ' +
    'with an oscillating loss (Fig. 4)',
  figure: 'Fig. 4',
  section: 'Sec. 4; SPEC 6.4 item 1, 9 item 14',
  statement:
    'Under GD the sharpness sits at the MSS 2/η_t (edge of stability) and the training loss ' +
    'is unstable and oscillating.',
  predicate:
    'GD run: from the first sample with S ≥ 0.9·MSS to the end of warmup, ≥ 90% of samples ' +
    'have |S/MSS − 1| ≤ 0.1, and the loss rises by ≥ 2× at least 3 times in that window.',
  async measure(context) {
    const p = mlpProfiles[context.profile];
    const run = await gdRun(context);
    const edge = firstEdgeStep(run, 1 - band);
    const from = edge ?? p.warmupSteps;
    const tracking = edgeTracking(run, from, p.warmupSteps, band);
    const rises = lossRises(run.loss, from, p.warmupSteps, riseFactor);
    return {
      holds: edge !== null && tracking.fractionWithinBand >= 0.9 && rises >= oscillating,
      summary:
        `edge from step ${edge}: ${f(100 * tracking.fractionWithinBand)}% of samples within 10% ` +
        `(S/MSS ${f(tracking.minRatio)}–${f(tracking.maxRatio)}), ${rises} loss rises ≥ 2×`,
      metrics: {
        edgeStep: { value: edge, quantity: 'count' },
        fractionWithinBand: { value: tracking.fractionWithinBand, quantity: 'after-instability' },
        minRatio: { value: tracking.minRatio, quantity: 'after-instability' },
        maxRatio: { value: tracking.maxRatio, quantity: 'after-instability' },
        lossRises: { value: rises, quantity: 'count' },
      },
    };
  },
});

claim({
  id: 'nn/fig4-mlp-gd-edge-after-warmup',
  title:
    'After warmup, GD on the ReLU MLP stays within 10% of 2/η with a loss that keeps ' +
    'oscillating (Fig. 4)',
  figure: 'Fig. 4',
  section: 'Sec. 4; SPEC 6.4 item 1, 9 item 14',
  statement:
    'After warmup GD stays at the edge of stability for the whole run, its loss highly ' +
    'unstable and non-monotone.',
  predicate:
    'GD run, steps after the warmup: ≥ 90% of samples have |S/MSS − 1| ≤ 0.1, and the loss ' +
    'rises by ≥ 2× at least 3 times.',
  async measure(context) {
    const p = mlpProfiles[context.profile];
    const run = await gdRun(context);
    const tracking = edgeTracking(run, p.warmupSteps, p.steps, band);
    const rises = lossRises(run.loss, p.warmupSteps, p.steps, riseFactor);
    const finalLoss = run.final.loss;
    return {
      holds: tracking.fractionWithinBand >= 0.9 && rises >= oscillating,
      summary:
        `${f(100 * tracking.fractionWithinBand)}% of samples within 10% (S/MSS ` +
        `${f(tracking.minRatio)}–${f(tracking.maxRatio)}), ${rises} loss rises ≥ 2×, ` +
        `final loss ${f(finalLoss)}`,
      metrics: {
        fractionWithinBand: { value: tracking.fractionWithinBand, quantity: 'after-instability' },
        minRatio: { value: tracking.minRatio, quantity: 'after-instability' },
        maxRatio: { value: tracking.maxRatio, quantity: 'after-instability' },
        lossRises: { value: rises, quantity: 'count' },
        finalLossLog10: { value: Math.log10(finalLoss), quantity: 'after-instability' },
      },
    };
  },
});

claim({
  id: 'nn/fig4-mlp-phb-catapult',
  title:
    'Heavy ball (β = 0.9) on the ReLU MLP makes one to three catapults, ends below half its ' +
    'MSS and has a smooth loss outside them (Fig. 4)',
  figure: 'Fig. 4',
  section: 'Sec. 4; SPEC 6.4 item 2, 9 item 14',
  statement:
    'Heavy ball shows one or a few large catapults; afterwards its sharpness stays well below ' +
    'the MSS (2+2β)/η and training is smooth; instability appears only in the catapults.',
  predicate:
    'heavy-ball run: 1 ≤ catapults ≤ 3; final S/MSS < 0.5 (cold-start Lanczos at w_T); no ' +
    'instability episode that is not a catapult; no loss rise ≥ 2× outside the catapult ' +
    'windows (catapult start to end + settleSteps).',
  async measure(context) {
    const thresholds = { settleSteps: settle, riseFactor, maxCatapults: 3, below: wellBelow };
    return catapultMeasurement(await phbRun(context), thresholds, 'float64');
  },
});

claim({
  id: 'nn/fig4-mlp-phb-flatter-than-gd',
  title:
    "Heavy ball on the ReLU MLP ends at most at half of GD's S/MSS at the same GD-equivalent η " +
    '(Fig. 4)',
  figure: 'Fig. 4',
  section: 'Sec. 4; SPEC 6.4 item 2',
  statement: 'Heavy ball finds a much flatter minimum than GD.',
  predicate: 'final S/MSS (cold-start Lanczos) of heavy ball ≤ 0.5 × that of GD.',
  async measure(context) {
    const momentum = finalSharpnessRatio(await phbRun(context));
    const plain = finalSharpnessRatio(await gdRun(context));
    const ratio = momentum / plain;
    return {
      holds: ratio <= wellBelow,
      summary: `S/MSS heavy ball ${f(momentum)} vs GD ${f(plain)} (ratio ${f(ratio)})`,
      metrics: {
        phbFinalSharpnessOverMss: { value: momentum, quantity: 'after-instability' },
        gdFinalSharpnessOverMss: { value: plain, quantity: 'after-instability' },
      },
    };
  },
});

claim({
  id: 'nn/fig4-mlp-progressive-sharpening',
  title:
    'On the ReLU MLP the sharpness rises at least 20% above its initial value before the first ' +
    'instability, under GD and heavy ball (Fig. 4)',
  figure: 'Fig. 4',
  section: 'Sec. 4; SPEC 6.4 item 3',
  statement:
    'Progressive sharpening (sharpness rising toward the MSS before the catapult) is seen in ' +
    'the nonlinear nets, unlike in the LDN and the toy.',
  predicate:
    'for both runs: max S over the samples before the first one above the MSS ≥ 1.2·S(w₀).',
  async measure(context) {
    const gd = progressiveSharpening(await gdRun(context));
    const phb = progressiveSharpening(await phbRun(context));
    return {
      holds: gd.ratio >= sharpening && phb.ratio >= sharpening,
      summary:
        `GD ${f(gd.initial)} → ${f(gd.peakBeforeInstability)} (×${f(gd.ratio)}), heavy ball ` +
        `${f(phb.initial)} → ${f(phb.peakBeforeInstability)} (×${f(phb.ratio)})`,
      metrics: {
        gdRatio: { value: gd.ratio, quantity: 'deterministic' },
        phbRatio: { value: phb.ratio, quantity: 'deterministic' },
      },
    };
  },
});

claim({
  id: 'nn/fig10-mlp-delayed-warmup',
  title:
    'With warmups started at different times (Fig. 10), heavy ball on the ReLU MLP still ' +
    'catapults to below half its MSS, whether its pre-catapult loss is near GD’s or above it',
  figure: 'Fig. 10',
  section: 'App. D.2.2; SPEC 6.6, 9 item 15',
  statement:
    'The heavy-ball catapult, with a final sharpness far below the MSS, happens both when GD ' +
    'and heavy ball have similar losses before it and when heavy ball’s loss is higher, so ' +
    'the pre-catapult loss does not drive it.',
  predicate:
    'heavy ball warms up over 200 steps from step 0; GD holds η/4 for 200 (setting A) or 600 ' +
    '(setting B) steps, then warms up over 200 steps. Pre-catapult loss = the loss just before ' +
    'the first sample above the MSS. Holds when heavy ball has ≥ 1 catapult and final S/MSS ' +
    '< 0.5, and the settings realise the gaps: in A the two losses are within 10× of each ' +
    'other, in B heavy ball’s is higher than GD’s.',
  async measure(context) {
    const p = mlpProfiles[context.profile];
    const a = p.ablation;
    const phb = await mlp(
      context,
      'heavy ball β=0.9, warmup from step 0',
      0.9,
      { steps: a.warmupSteps + a.stepsAfterWarmup },
      linearWarmupConfig(a.warmupSteps),
    );
    const gds = await Promise.all(
      a.gdDelays.map((delay) =>
        mlp(
          context,
          `GD, warmup after ${delay} steps at η/4`,
          0,
          { steps: delay + a.warmupSteps + a.stepsAfterWarmup },
          {
            kind: 'delayed-warmup',
            delaySteps: delay,
            delayFraction: a.delayFraction,
            warmupSteps: a.warmupSteps,
          },
        ),
      ),
    );
    const phbLoss = preInstabilityLoss(phb);
    const gdLoss = gds.map(preInstabilityLoss);
    const gap = gdLoss.map((g) => (phbLoss !== null && g !== null ? phbLoss / g : Number.NaN));
    const ratio = finalSharpnessRatio(phb);
    const catapults = phb.events.catapults.length;
    const similar = Math.abs(Math.log10(gap[0]!)) <= 1;
    const higher = gap[1]! > 1;
    return {
      holds: catapults >= 1 && ratio < wellBelow && similar && higher,
      summary:
        `heavy ball: ${catapults} catapult(s), final S/MSS ${f(ratio)}, pre-catapult loss ` +
        `${f(phbLoss)}; GD's: ${gdLoss.map((g) => f(g)).join(' (A), ')} (B); ` +
        `gap ×${f(gap[0])} (A), ×${f(gap[1])} (B)`,
      metrics: {
        phbCatapults: { value: catapults, quantity: 'count' },
        phbFinalSharpnessOverMss: { value: ratio, quantity: 'after-instability' },
        phbPreCatapultLossLog10: { value: log10(phbLoss), quantity: 'deterministic' },
        gdPreCatapultLossLog10: {
          value: gdLoss.map((g) => log10(g) ?? Number.NaN),
          quantity: 'after-instability',
        },
      },
    };
  },
});

claim({
  id: 'nn/fig14-mlp-beta-099',
  title:
    'With β = 0.99 on the larger rank-2 set, heavy ball catapults and ends below half its MSS ' +
    'while GD ends within 20% of 2/η (Fig. 14)',
  figure: 'Fig. 14',
  section: 'App. D.3.3; SPEC 6.7, 9 item 16',
  statement:
    'With β = 0.99, on a larger data set, the trend of Fig. 4 remains, with a stronger ' +
    'momentum effect.',
  predicate:
    'heavy ball (β = 0.99, rate 1.99η) has ≥ 1 catapult and final S/MSS < 0.5; GD at η has ' +
    'final S/MSS ≥ 0.8 (both cold-start Lanczos at w_T).',
  async measure(context) {
    const p = mlpProfiles[context.profile];
    const large = { data: p.largeData, width: p.largeWidth };
    const name = `rank2-${p.largeData.dimension}-${p.largeData.trainSize}`;
    const phb = await mlp(context, `heavy ball β=0.99, ${name}`, 0.99, large);
    const gd = await mlp(context, `GD, ${name}`, 0, large);
    const catapults = phb.events.catapults.length;
    const phbRatio = finalSharpnessRatio(phb);
    const gdRatio = finalSharpnessRatio(gd);
    return {
      holds: catapults >= 1 && phbRatio < wellBelow && gdRatio >= 0.8,
      summary:
        `${name}: heavy ball ${catapults} catapult(s), ${phb.events.episodes.length} episode(s), ` +
        `final S/MSS ${f(phbRatio)}; GD final S/MSS ${f(gdRatio)}`,
      metrics: {
        phbCatapults: { value: catapults, quantity: 'count' },
        phbEpisodes: { value: phb.events.episodes.length, quantity: 'count' },
        phbFinalSharpnessOverMss: { value: phbRatio, quantity: 'after-instability' },
        gdFinalSharpnessOverMss: { value: gdRatio, quantity: 'after-instability' },
      },
    };
  },
});

function log10(value: number | null): number | null {
  return value === null ? null : Math.log10(value);
}
