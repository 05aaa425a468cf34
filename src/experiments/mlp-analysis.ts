/**
 * Measurements on training records of the network experiments (the MLP and the tfjs
 * convolutional nets), used by the claims of Figs. 4, 9, 10 and 14. Each is a pure
 * function of a record; the thresholds are the claims' own, passed in.
 */
import type { Precision } from '../baselines/tolerances.ts';
import type { ClaimMeasurement } from '../claims/claim.ts';
import { formatNumber as f } from '../claims/format.ts';
import { defaultEventDefinition, findLossSpikes } from '../engine/events.ts';
import type { TrainingRecord } from '../engine/record.ts';

/**
 * The thresholds of the neural-network claims (Figs. 4, 9, 10, 14), shared by the MLP and
 * CNN claim files so that both test the same predicates.
 */
export const networkClaimThresholds = {
  /** GD is at the edge of stability when |S/MSS − 1| ≤ band. */
  band: 0.1,
  /** Heavy ball ends "well below" its MSS when S/MSS < wellBelow. */
  wellBelow: 0.5,
  /** A loss rise: up by this factor from its running minimum and back down (lossRises). */
  riseFactor: 2,
  /** GD's loss oscillates when it has at least this many rises. */
  oscillating: 3,
  /** Progressive sharpening: S reaches this factor × S(w₀) before first exceeding the MSS. */
  sharpening: 1.2,
} as const;

/** The record's sharpness samples with step in [from, to], as S/MSS ratios. */
export function sharpnessRatios(record: TrainingRecord, from: number, to: number) {
  const { step, value, mss } = record.sharpness;
  const out: { step: number; ratio: number }[] = [];
  for (let k = 0; k < step.length; k++) {
    if (step[k]! >= from && step[k]! <= to)
      out.push({ step: step[k]!, ratio: value[k]! / mss[k]! });
  }
  return out;
}

/** The first sampled step with S ≥ fraction·MSS, or null if there is none. */
export function firstEdgeStep(record: TrainingRecord, fraction: number): number | null {
  const { step, value, mss } = record.sharpness;
  for (let k = 0; k < step.length; k++) if (value[k]! >= fraction * mss[k]!) return step[k]!;
  return null;
}

/** How closely sharpness tracks the MSS over [from, to]. */
export interface EdgeTracking {
  samples: number;
  /** Fraction of samples with |S/MSS − 1| ≤ band. */
  fractionWithinBand: number;
  minRatio: number;
  maxRatio: number;
}

/** Tracking of the MSS over the samples with step in [from, to]. */
export function edgeTracking(
  record: TrainingRecord,
  from: number,
  to: number,
  band: number,
): EdgeTracking {
  const ratios = sharpnessRatios(record, from, to).map((s) => s.ratio);
  const within = ratios.filter((r) => Math.abs(r - 1) <= band).length;
  return {
    samples: ratios.length,
    fractionWithinBand: ratios.length > 0 ? within / ratios.length : 0,
    minRatio: ratios.length > 0 ? Math.min(...ratios) : Number.NaN,
    maxRatio: ratios.length > 0 ? Math.max(...ratios) : Number.NaN,
  };
}

/**
 * Number of loss rises by at least `factor` within steps [from, to]: loss spikes of the
 * engine's definition (src/engine/events.ts) with rise factor `factor`, judged step by step
 * (no envelope), finished or not. 0 for a loss that falls monotonically.
 */
export function lossRises(loss: ArrayLike<number>, from: number, to: number, factor: number) {
  const window = Array.from(loss).slice(Math.max(0, from), Math.min(loss.length, to + 1));
  return findLossSpikes(window, {
    ...defaultEventDefinition,
    spikeRiseFactor: factor,
    envelopeSteps: 1,
  }).length;
}

/** The catapult windows [start, end + settle] of a record. */
export function catapultWindows(record: TrainingRecord, settleSteps: number): [number, number][] {
  return record.events.catapults.map((c) => [c.start, c.end + settleSteps]);
}

/**
 * Loss rises by at least `factor` outside every catapult window, counted on the stretches
 * between windows (and before the first and after the last).
 */
export function risesOutsideCatapults(
  record: TrainingRecord,
  settleSteps: number,
  factor: number,
): number {
  const last = record.loss.length - 1;
  const windows = catapultWindows(record, settleSteps);
  let from = 0;
  let rises = 0;
  for (const [start, end] of windows) {
    if (start - 1 > from) rises += lossRises(record.loss, from, start - 1, factor);
    from = Math.max(from, end + 1);
  }
  if (from < last) rises += lossRises(record.loss, from, last, factor);
  return rises;
}

/** Instability episodes (S > MSS) that are not catapults. */
export function episodesOutsideCatapults(record: TrainingRecord): number {
  const starts = new Set(record.events.catapults.map((c) => c.start));
  return record.events.episodes.filter((e) => !starts.has(e.start)).length;
}

/** Sharpness before the first instability episode against its initial value. */
export interface Sharpening {
  initial: number;
  /** Largest sample before the first episode (or the whole run without one). */
  peakBeforeInstability: number;
  ratio: number;
}

/** Progressive sharpening: the rise of S before the first sample above the MSS. */
export function progressiveSharpening(record: TrainingRecord): Sharpening {
  const { step, value } = record.sharpness;
  const firstEpisode = record.events.episodes[0]?.start ?? Number.POSITIVE_INFINITY;
  let peak = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < step.length && step[k]! < firstEpisode; k++) peak = Math.max(peak, value[k]!);
  const initial = value[0] ?? Number.NaN;
  return { initial, peakBeforeInstability: peak, ratio: peak / initial };
}

/**
 * The training loss just before the first instability episode: the loss at the last step
 * before the episode's first sample above the MSS (null without an episode).
 */
export function preInstabilityLoss(record: TrainingRecord): number | null {
  const first = record.events.episodes[0];
  if (!first) return null;
  return record.loss[Math.max(0, first.start - 1)] ?? null;
}

/** S/MSS at w_T from the cold-start Lanczos check of a network run (NaN without one). */
export function finalSharpnessRatio(
  run: TrainingRecord & { finalSharpnessCheck: { value: number } | null },
): number {
  const check = run.finalSharpnessCheck;
  return check && run.final.mss ? check.value / run.final.mss : Number.NaN;
}

/** The heavy-ball picture of Fig. 4: few catapults, a flat end, quiet outside them. */
export interface CatapultPicture {
  catapults: number;
  finalRatio: number;
  /** Instability episodes that are not catapults. */
  otherEpisodes: number;
  /** Loss rises by the factor outside the catapult windows. */
  risesOutside: number;
  /** 1 ≤ catapults ≤ maxCatapults, finalRatio < below, and nothing outside the catapults. */
  holds: boolean;
}

/** Measures {@link CatapultPicture} on a run with the claims' thresholds. */
export function catapultPicture(
  run: TrainingRecord & { finalSharpnessCheck: { value: number } | null },
  thresholds: { settleSteps: number; riseFactor: number; maxCatapults: number; below: number },
): CatapultPicture {
  const catapults = run.events.catapults.length;
  const finalRatio = finalSharpnessRatio(run);
  const otherEpisodes = episodesOutsideCatapults(run);
  const risesOutside = risesOutsideCatapults(run, thresholds.settleSteps, thresholds.riseFactor);
  return {
    catapults,
    finalRatio,
    otherEpisodes,
    risesOutside,
    holds:
      catapults >= 1 &&
      catapults <= thresholds.maxCatapults &&
      finalRatio < thresholds.below &&
      otherEpisodes === 0 &&
      risesOutside === 0,
  };
}

/** The claim measurement of {@link catapultPicture}: verdict, summary line and metrics. */
export function catapultMeasurement(
  run: TrainingRecord & { finalSharpnessCheck: { value: number } | null },
  thresholds: { settleSteps: number; riseFactor: number; maxCatapults: number; below: number },
  precision: Precision,
  note = '',
): ClaimMeasurement {
  const p = catapultPicture(run, thresholds);
  const drops = run.events.catapults.map((c) => f(c.sharpnessDrop)).join(', ');
  return {
    holds: p.holds,
    summary:
      `${p.catapults} catapult(s) (drop ${drops || 'none'}), final S/MSS ${f(p.finalRatio)}, ` +
      `${p.otherEpisodes} other episodes, ${p.risesOutside} rises outside${note}`,
    metrics: {
      catapults: { value: p.catapults, quantity: 'count', precision },
      finalSharpnessOverMss: { value: p.finalRatio, quantity: 'after-instability', precision },
      otherEpisodes: { value: p.otherEpisodes, quantity: 'count', precision },
      risesOutside: { value: p.risesOutside, quantity: 'count', precision },
    },
  };
}
