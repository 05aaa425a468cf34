/**
 * The one written, configurable operational definition of loss spikes, instability
 * episodes, sharpness drops and catapults (SPEC 2.4: "a sharp rise in the training loss,
 * followed by a fall, forming one spike, together with a rapid drop in sharpness").
 *
 * - Loss spike: on ℓ_t = log10(max(E_t, floor)), where E_t is the largest loss of the last
 *   envelopeSteps steps (so that the deep dips of an oscillating iterate passing near the
 *   minimum are not mistaken for rises) and floor = lossFloorRelative · L₀, a rise of at
 *   least R = log10(spikeRiseFactor) decades above the lowest ℓ since the last
 *   spike ended, followed by a fall of at least R decades below the spike's peak
 *   (hysteresis, so oscillations smaller than R never count). A rise that has not fallen
 *   back by the end of the run is an unfinished spike.
 * - Instability episode: a maximal run of sharpness samples with S(w_t) > MSS_t; runs
 *   separated by at most mergeGapSteps steps count as one.
 * - Window of an episode: from its start to settleSteps after its end, cut at the start of
 *   the next episode (the fall of the loss and of y may outlast the episode).
 * - Sharpness drop of an episode: 1 − S_after/S_max, where S_max is the largest sample in
 *   the episode and S_after the smallest sample from its end to the end of its window.
 * - Catapult: a finished episode whose window holds the peak of a loss spike and whose
 *   sharpness drop is at least sharpnessDropFraction.
 */
export interface EventDefinition {
  spikeRiseFactor: number;
  envelopeSteps: number;
  lossFloorRelative: number;
  mergeGapSteps: number;
  settleSteps: number;
  sharpnessDropFraction: number;
}

export const defaultEventDefinition: EventDefinition = {
  spikeRiseFactor: 10,
  envelopeSteps: 10,
  lossFloorRelative: 1e-12,
  mergeGapSteps: 20,
  settleSteps: 200,
  sharpnessDropFraction: 0.1,
};

/** JSON Schema of {@link EventDefinition}. */
export const eventDefinitionSchema = {
  type: 'object',
  required: Object.keys(defaultEventDefinition),
  properties: {
    spikeRiseFactor: { type: 'number', exclusiveMinimum: 1 },
    envelopeSteps: { type: 'integer', minimum: 1 },
    lossFloorRelative: { type: 'number', minimum: 0 },
    mergeGapSteps: { type: 'integer', minimum: 0 },
    settleSteps: { type: 'integer', minimum: 0 },
    sharpnessDropFraction: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
  },
  additionalProperties: false,
} as const;

export interface LossSpike {
  /** Step at which ℓ first rose R decades above its running minimum. */
  start: number;
  /** Step of the highest loss of the spike. */
  peak: number;
  /** Step at which ℓ had fallen R decades below the peak; null when it never did. */
  end: number | null;
  peakLoss: number;
  /** log10(peak / lowest loss before the rise). */
  riseDecades: number;
}

/** m_t = max of x over [t − window + 1, t]; NaN propagates. O(n · window). */
function runningMax(x: ArrayLike<number>, window: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let t = 0; t < x.length; t++) {
    let m = x[t]!;
    for (let s = Math.max(0, t - window + 1); s < t; s++)
      if (x[s]! > m || Number.isNaN(x[s]!)) m = x[s]!;
    out[t] = m;
  }
  return out;
}

/** Loss spikes of a loss trace indexed by step (see the module comment). */
export function findLossSpikes(loss: ArrayLike<number>, definition: EventDefinition): LossSpike[] {
  const spikes: LossSpike[] = [];
  if (loss.length === 0) return spikes;
  const floor = Math.max(definition.lossFloorRelative * Math.abs(loss[0]!), Number.MIN_VALUE);
  const rise = Math.log10(definition.spikeRiseFactor);
  const envelope = runningMax(loss, definition.envelopeSteps);
  const level = (t: number) => Math.log10(Math.max(envelope[t]!, floor));

  let base = level(0);
  let spike: { start: number; peak: number; peakLevel: number; base: number } | undefined;
  for (let t = 1; t < loss.length; t++) {
    const l = level(t);
    if (!Number.isFinite(l)) break;
    if (!spike) {
      if (l < base) base = l;
      else if (l - base >= rise) spike = { start: t, peak: t, peakLevel: l, base };
      continue;
    }
    if (l > spike.peakLevel) {
      spike.peak = t;
      spike.peakLevel = l;
    } else if (spike.peakLevel - l >= rise) {
      spikes.push({
        start: spike.start,
        peak: spike.peak,
        end: t,
        peakLoss: loss[spike.peak]!,
        riseDecades: spike.peakLevel - spike.base,
      });
      spike = undefined;
      base = l;
    }
  }
  if (spike) {
    spikes.push({
      start: spike.start,
      peak: spike.peak,
      end: null,
      peakLoss: loss[spike.peak]!,
      riseDecades: spike.peakLevel - spike.base,
    });
  }
  return spikes;
}

export interface InstabilityEpisode {
  /** Step of the first sample with S > MSS. */
  start: number;
  /** Step of the first sample back at or below the MSS; null if the run ended above it. */
  end: number | null;
  /** Largest sharpness sampled in the episode. */
  maxSharpness: number;
}

/** Sharpness samples as the training loop records them. */
export interface SharpnessSamples {
  step: ArrayLike<number>;
  value: ArrayLike<number>;
  mss: ArrayLike<number>;
}

/** Instability episodes: maximal runs of samples above the MSS, nearby runs merged. */
export function findInstabilityEpisodes(
  samples: SharpnessSamples,
  definition: EventDefinition,
): InstabilityEpisode[] {
  const episodes: InstabilityEpisode[] = [];
  let open: InstabilityEpisode | undefined;
  for (let k = 0; k < samples.step.length; k++) {
    const step = samples.step[k]!;
    const value = samples.value[k]!;
    const above = value > samples.mss[k]!;
    if (above) {
      if (open) {
        open.maxSharpness = Math.max(open.maxSharpness, value);
        continue;
      }
      const last = episodes.at(-1);
      if (last && last.end !== null && step - last.end <= definition.mergeGapSteps) {
        last.end = null;
        last.maxSharpness = Math.max(last.maxSharpness, value);
        open = last;
      } else {
        open = { start: step, end: null, maxSharpness: value };
        episodes.push(open);
      }
    } else if (open) {
      open.end = step;
      open = undefined;
    }
  }
  return episodes;
}

export interface Catapult {
  start: number;
  end: number;
  /** Peak step and loss of the largest loss spike in the window. */
  peakStep: number;
  peakLoss: number;
  sharpnessBefore: number;
  sharpnessAfter: number;
  /** 1 − sharpnessAfter/sharpnessBefore. */
  sharpnessDrop: number;
}

/** The smallest sharpness sample with step in [from, to]. */
function smallestSample(samples: SharpnessSamples, from: number, to: number): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (let k = 0; k < samples.step.length; k++) {
    const step = samples.step[k]!;
    if (step >= from && step <= to) smallest = Math.min(smallest, samples.value[k]!);
  }
  return smallest;
}

export interface RunEvents {
  spikes: LossSpike[];
  episodes: InstabilityEpisode[];
  catapults: Catapult[];
}

/** Spikes, episodes and catapults of one run (see the module comment for the definitions). */
export function findEvents(
  loss: ArrayLike<number>,
  samples: SharpnessSamples,
  definition: EventDefinition = defaultEventDefinition,
): RunEvents {
  const spikes = findLossSpikes(loss, definition);
  const episodes = findInstabilityEpisodes(samples, definition);
  const lastStep = loss.length - 1;
  const catapults: Catapult[] = [];
  episodes.forEach((episode, index) => {
    if (episode.end === null) return;
    const next = episodes[index + 1]?.start ?? Number.POSITIVE_INFINITY;
    const windowEnd = Math.min(episode.end + definition.settleSteps, next - 1, lastStep);
    const inWindow = spikes.filter((s) => s.peak >= episode.start && s.peak <= windowEnd);
    if (inWindow.length === 0) return;
    const largest = inWindow.reduce((a, b) => (b.peakLoss > a.peakLoss ? b : a));
    const after = smallestSample(samples, episode.end, windowEnd);
    const drop = 1 - after / episode.maxSharpness;
    if (!(drop >= definition.sharpnessDropFraction)) return;
    catapults.push({
      start: episode.start,
      end: episode.end,
      peakStep: largest.peak,
      peakLoss: largest.peakLoss,
      sharpnessBefore: episode.maxSharpness,
      sharpnessAfter: after,
      sharpnessDrop: drop,
    });
  });
  return { spikes, episodes, catapults };
}
