/**
 * Section 4, App. D.2 and D.3.3 on convolutional nets in tfjs (float32): full batch,
 * one-hot MSE (1/n)·Σ ½‖f(x) − e_y‖², heavy ball at (1 + β)η, linear warmup, Lanczos
 * sharpness on central-difference Hessian-vector products at a frozen ReLU pattern.
 * Settings per profile are in src/experiments/cnn-profiles.ts: the quick profile runs a
 * small residual CNN on real MNIST digits (7×7), the paper profile ResNet20 on CIFAR-10,
 * whose claims are skipped, with the reason, when $CATAPULT_CIFAR10_DIR does not hold it.
 *
 * The thresholds are those of claims/nn-mlp.spec.ts (networkClaimThresholds), fixed before
 * any run: within 10% of 2/η, well below = under half the MSS, an oscillating loss = at
 * least 3 rises by 2× or more, progressive sharpening = a rise of at least 20% above S(w₀).
 * Metrics are float32 (tolerances of the float32 rows of src/baselines/tolerances.ts).
 */
import { type ClaimContext, type ClaimDefinition, claim } from '../src/claims/claim.ts';
import { formatNumber as f } from '../src/claims/format.ts';
import { currentProfile } from '../src/claims/profile.ts';
import type { Overrides } from '../src/engine/run.ts';
import { type CnnConfig, type CnnResult, cnnExperiment } from '../src/experiments/cnn.ts';
import { type CnnSetting, cnnProfiles, cnnSkipReason } from '../src/experiments/cnn-profiles.ts';
import {
  catapultMeasurement,
  edgeTracking,
  finalSharpnessRatio,
  firstEdgeStep,
  lossRises,
  networkClaimThresholds,
  progressiveSharpening,
} from '../src/experiments/mlp-analysis.ts';
import { linearWarmupConfig, withSchedule } from '../src/experiments/mlp-profiles.ts';

const { band, wellBelow, riseFactor, oscillating, sharpening } = networkClaimThresholds;
const settle = cnnExperiment.defaults.events.settleSteps;
const float32 = { precision: 'float32' } as const;

type Figure = 'fig4' | 'fig9' | 'fig14';

function setting(context: ClaimContext, figure: Figure): CnnSetting {
  return cnnProfiles[context.profile][figure];
}

async function cnn(context: ClaimContext, figure: Figure, momentum: number): Promise<CnnResult> {
  const s = setting(context, figure);
  const overrides: Overrides<CnnConfig> = {
    data: s.data,
    network: s.network,
    optimizer: { learningRate: s.learningRate, momentum },
    steps: s.steps,
    sharpness: { every: s.sharpnessEvery },
  };
  const experiment = withSchedule(
    { ...cnnExperiment, defaults: { ...cnnExperiment.defaults, network: s.network } },
    linearWarmupConfig(s.warmupSteps),
  );
  const label = `${momentum === 0 ? 'GD' : `heavy ball β=${momentum}`}, ${describe(s)}`;
  return (await context.run(experiment, overrides, label)).result;
}

function describe(s: CnnSetting): string {
  const net = s.network.kind === 'resnet20' ? 'ResNet20' : 'small residual CNN';
  return `${net}, ${s.data.source} classes ${s.data.classes.join('')}, ${s.data.trainSize} images`;
}

const profile = currentProfile();

/** A claim on one figure's setting, skipped with the reason when its data is missing. */
function cnnClaim(figure: Figure, definition: ClaimDefinition): void {
  const reason = cnnSkipReason(cnnProfiles[profile][figure]);
  claim(reason ? { ...definition, skip: reason } : definition);
}

/** The four claims of the Fig. 4 picture on one figure's setting. */
function pictureClaims(figure: 'fig4' | 'fig9', label: string): void {
  cnnClaim(figure, {
    id: `nn/${figure}-cnn-gd-edge`,
    title:
      `GD on the CNN tracks 2/η_t within 10% from reaching the edge to the end, with an ` +
      `oscillating loss (${label})`,
    figure: label,
    section: 'Sec. 4, App. D.2.1; SPEC 6.4 item 1, 6.5, 9 item 14',
    statement: 'GD sits at the edge of stability with a highly unstable, oscillating loss.',
    predicate:
      'GD run: from the first sample with S ≥ 0.9·MSS to the end, ≥ 90% of samples have ' +
      '|S/MSS − 1| ≤ 0.1, and the loss rises by ≥ 2× at least 3 times in that window.',
    async measure(context) {
      const run = await cnn(context, figure, 0);
      const edge = firstEdgeStep(run, 1 - band);
      const from = edge ?? run.stepsDone;
      const tracking = edgeTracking(run, from, run.stepsDone, band);
      const rises = lossRises(run.loss, from, run.stepsDone, riseFactor);
      return {
        holds: edge !== null && tracking.fractionWithinBand >= 0.9 && rises >= oscillating,
        summary:
          `edge from step ${edge}: ${f(100 * tracking.fractionWithinBand)}% of samples within ` +
          `10% (S/MSS ${f(tracking.minRatio)}–${f(tracking.maxRatio)}), ${rises} loss rises ≥ 2×`,
        metrics: {
          edgeStep: { value: edge, quantity: 'count', ...float32 },
          fractionWithinBand: {
            value: tracking.fractionWithinBand,
            quantity: 'after-instability',
            ...float32,
          },
          lossRises: { value: rises, quantity: 'count', ...float32 },
        },
      };
    },
  });

  cnnClaim(figure, {
    id: `nn/${figure}-cnn-phb-catapult`,
    title:
      'Heavy ball (β = 0.9) on the CNN makes one to three catapults, ends below half its MSS ' +
      `and has a smooth loss outside them (${label})`,
    figure: label,
    section: 'Sec. 4, App. D.2.1; SPEC 6.4 item 2, 6.5, 9 item 14',
    statement:
      'Heavy ball shows one or a few large catapults, then stays well below its MSS with a ' +
      'smooth loss; instability appears only in the catapults.',
    predicate:
      'heavy-ball run: 1 ≤ catapults ≤ 3; final S/MSS < 0.5 (cold-start Lanczos at w_T); no ' +
      'instability episode that is not a catapult; no loss rise ≥ 2× outside the catapult ' +
      'windows (catapult start to end + settleSteps).',
    async measure(context) {
      const run = await cnn(context, figure, 0.9);
      const thresholds = { settleSteps: settle, riseFactor, maxCatapults: 3, below: wellBelow };
      return catapultMeasurement(run, thresholds, 'float32', `; accuracy ${f(run.finalAccuracy)}`);
    },
  });

  cnnClaim(figure, {
    id: `nn/${figure}-cnn-phb-flatter-than-gd`,
    title: `Heavy ball on the CNN ends at most at half of GD's S/MSS (${label})`,
    figure: label,
    section: 'Sec. 4; SPEC 6.4 item 2',
    statement: 'Heavy ball finds a much flatter minimum than GD.',
    predicate: 'final S/MSS (cold-start Lanczos) of heavy ball ≤ 0.5 × that of GD.',
    async measure(context) {
      const momentum = finalSharpnessRatio(await cnn(context, figure, 0.9));
      const plain = finalSharpnessRatio(await cnn(context, figure, 0));
      return {
        holds: momentum / plain <= wellBelow,
        summary: `S/MSS heavy ball ${f(momentum)} vs GD ${f(plain)} (ratio ${f(momentum / plain)})`,
        metrics: {
          phbFinalSharpnessOverMss: { value: momentum, quantity: 'after-instability', ...float32 },
          gdFinalSharpnessOverMss: { value: plain, quantity: 'after-instability', ...float32 },
        },
      };
    },
  });

  cnnClaim(figure, {
    id: `nn/${figure}-cnn-progressive-sharpening`,
    title:
      'On the CNN the sharpness rises at least 20% above its initial value before the first ' +
      `instability, under GD and heavy ball (${label})`,
    figure: label,
    section: 'Sec. 4; SPEC 6.4 item 3',
    statement: 'Progressive sharpening appears before the catapult in the nonlinear nets.',
    predicate: 'for both runs: max S before the first sample above the MSS ≥ 1.2·S(w₀).',
    async measure(context) {
      const gd = progressiveSharpening(await cnn(context, figure, 0));
      const phb = progressiveSharpening(await cnn(context, figure, 0.9));
      return {
        holds: gd.ratio >= sharpening && phb.ratio >= sharpening,
        summary:
          `GD ${f(gd.initial)} → ${f(gd.peakBeforeInstability)} (×${f(gd.ratio)}), heavy ` +
          `ball ${f(phb.initial)} → ${f(phb.peakBeforeInstability)} (×${f(phb.ratio)})`,
        metrics: {
          gdRatio: { value: gd.ratio, quantity: 'after-instability', ...float32 },
          phbRatio: { value: phb.ratio, quantity: 'after-instability', ...float32 },
        },
      };
    },
  });
}

pictureClaims('fig4', 'Fig. 4');
pictureClaims('fig9', 'Fig. 9');

cnnClaim('fig14', {
  id: 'nn/fig14-cnn-beta-099',
  title:
    'With β = 0.99 on a larger image set, heavy ball on the CNN catapults and ends below half ' +
    'its MSS while GD ends within 20% of 2/η (Fig. 14)',
  figure: 'Fig. 14',
  section: 'App. D.3.3; SPEC 6.7, 9 item 16',
  statement:
    'With β = 0.99 on larger data the trend of Fig. 4 remains, the momentum effect stronger.',
  predicate:
    'heavy ball (β = 0.99, rate 1.99η) has ≥ 1 catapult and final S/MSS < 0.5; GD at η has ' +
    'final S/MSS ≥ 0.8 (both cold-start Lanczos at w_T).',
  async measure(context) {
    const phb = await cnn(context, 'fig14', 0.99);
    const gd = await cnn(context, 'fig14', 0);
    const catapults = phb.events.catapults.length;
    const phbRatio = finalSharpnessRatio(phb);
    const gdRatio = finalSharpnessRatio(gd);
    return {
      holds: catapults >= 1 && phbRatio < wellBelow && gdRatio >= 0.8,
      summary:
        `heavy ball ${catapults} catapult(s), ${phb.events.episodes.length} episode(s), final ` +
        `S/MSS ${f(phbRatio)}; GD final S/MSS ${f(gdRatio)}`,
      metrics: {
        phbCatapults: { value: catapults, quantity: 'count', ...float32 },
        phbEpisodes: { value: phb.events.episodes.length, quantity: 'count', ...float32 },
        phbFinalSharpnessOverMss: { value: phbRatio, quantity: 'after-instability', ...float32 },
        gdFinalSharpnessOverMss: { value: gdRatio, quantity: 'after-instability', ...float32 },
      },
    };
  },
});
