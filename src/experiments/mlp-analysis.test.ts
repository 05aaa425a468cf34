import { describe, expect, test } from 'vitest';
import { defaultEventDefinition, findEvents } from '../engine/events.ts';
import type { TrainingRecord } from '../engine/record.ts';
import {
  edgeTracking,
  episodesOutsideCatapults,
  firstEdgeStep,
  lossRises,
  preInstabilityLoss,
  progressiveSharpening,
  risesOutsideCatapults,
} from './mlp-analysis.ts';

/** A record from a loss trace and sharpness samples (MSS 1 throughout). */
function record(loss: number[], steps: number[], values: number[]): TrainingRecord {
  const sharpness = {
    step: steps,
    value: values,
    mss: steps.map(() => 1),
    residual: steps.map(() => 0),
    iterations: steps.map(() => 1),
  };
  return {
    outcome: { status: 'completed' },
    stepsDone: loss.length - 1,
    loss,
    learningRate: loss.slice(1).map(() => 2),
    sharpness,
    coordinates: {},
    events: findEvents(loss, sharpness, { ...defaultEventDefinition, settleSteps: 2 }),
    final: { loss: loss.at(-1)!, sharpness: null, mss: null, sharpnessOverMss: null },
    freezeStep: null,
  };
}

describe('lossRises', () => {
  test('is 0 for a falling loss and counts each rise by the factor that falls back', () => {
    expect(lossRises([8, 4, 2, 1], 0, 3, 2)).toBe(0);
    // 1 → 3 (rise ×3), back to 1, → 2.5 (rise ×2.5): two rises; 1 → 1.5 is below the factor.
    expect(lossRises([1, 3, 1, 2.5, 1, 1.5, 1], 0, 6, 2)).toBe(2);
    expect(lossRises([1, 3, 1, 2.5, 1, 1.5, 1], 2, 6, 2)).toBe(1);
  });
});

describe('sharpness against the MSS', () => {
  const run = record([1, 1, 1, 1, 1, 1], [0, 1, 2, 3, 4, 5], [0.5, 0.95, 1.05, 0.7, 1.0, 1.2]);

  test('firstEdgeStep finds the first sample at or above a fraction of the MSS', () => {
    expect(firstEdgeStep(run, 0.9)).toBe(1);
    expect(firstEdgeStep(run, 1.5)).toBeNull();
  });

  test('edgeTracking counts the samples within the band', () => {
    const tracking = edgeTracking(run, 1, 5, 0.1);
    expect(tracking.samples).toBe(5);
    expect(tracking.fractionWithinBand).toBeCloseTo(3 / 5, 12);
    expect([tracking.minRatio, tracking.maxRatio]).toEqual([0.7, 1.2]);
  });

  test('progressiveSharpening compares the peak before the first episode with S(w₀)', () => {
    const sharpening = progressiveSharpening(run);
    expect(sharpening).toEqual({ initial: 0.5, peakBeforeInstability: 0.95, ratio: 1.9 });
  });
});

describe('catapults and what lies outside them', () => {
  // Loss spikes ×100 at step 3 while S > MSS at steps 2–3, then S falls to 0.2: a catapult.
  // A second rise ×4 at step 9, with S below the MSS, lies outside every catapult window.
  const loss = [1, 0.5, 0.4, 40, 0.3, 0.2, 0.1, 0.05, 0.05, 0.2, 0.05];
  const run = record(loss, [0, 2, 3, 4, 6, 8, 10], [0.8, 1.5, 1.4, 0.3, 0.2, 0.2, 0.2]);

  test('the spike with its sharpness drop is one catapult and no episode is left over', () => {
    expect(run.events.catapults.length).toBe(1);
    expect(episodesOutsideCatapults(run)).toBe(0);
  });

  test('risesOutsideCatapults sees the later rise and not the catapult', () => {
    expect(risesOutsideCatapults(run, 2, 2)).toBe(1);
    expect(risesOutsideCatapults(run, 2, 5)).toBe(0);
  });

  test('preInstabilityLoss is the loss one step before the first sample above the MSS', () => {
    expect(preInstabilityLoss(run)).toBe(0.5);
  });
});
