import { describe, expect, test } from 'vitest';
import { assertClose } from '../testing/close.ts';
import {
  defaultEventDefinition,
  findEvents,
  findInstabilityEpisodes,
  findLossSpikes,
} from './events.ts';

const definition = { ...defaultEventDefinition, envelopeSteps: 1 };

/** A loss trace at `base` with bumps: [start, length, height] multiplies base by height. */
function trace(length: number, base: number, bumps: [number, number, number][]): number[] {
  const loss = Array.from({ length }, () => base);
  for (const [start, width, height] of bumps) {
    for (let t = start; t < start + width; t++) loss[t] = base * height;
  }
  return loss;
}

describe('findLossSpikes', () => {
  test('finds each rise of ≥ 1 decade that falls back by ≥ 1 decade', () => {
    const spikes = findLossSpikes(
      trace(100, 1e-3, [
        [10, 5, 100],
        [60, 3, 50],
      ]),
      definition,
    );
    expect(spikes.map((s) => [s.start, s.peak, s.end])).toEqual([
      [10, 10, 15],
      [60, 60, 63],
    ]);
    assertClose(spikes[0]!.riseDecades, 2, { absolute: 1e-12 }, 'rise in decades');
  });

  test('ignores oscillations smaller than the rise factor', () => {
    const loss = Array.from({ length: 200 }, (_, t) => (t % 2 === 0 ? 1 : 5));
    expect(findLossSpikes(loss, definition)).toEqual([]);
  });

  test('a rise that never falls back is an unfinished spike (end null)', () => {
    const spikes = findLossSpikes(trace(50, 1, [[40, 10, 1e3]]), definition);
    expect(spikes).toHaveLength(1);
    expect(spikes[0]!.end).toBeNull();
  });

  test('with the envelope, deep dips of an oscillating iterate are not counted as spikes', () => {
    // |x| oscillating with occasional near-zero crossings: dips of 1e-8 between values of 1
    const loss = Array.from({ length: 300 }, (_, t) => (t % 7 === 3 ? 1e-8 : 1));
    expect(findLossSpikes(loss, { ...definition, envelopeSteps: 1 }).length).toBeGreaterThan(0);
    expect(findLossSpikes(loss, { ...definition, envelopeSteps: 10 })).toEqual([]);
  });

  test('losses below the floor (lossFloorRelative · L₀) do not create spikes', () => {
    const loss = trace(100, 1e-20, [[30, 5, 1e3]]);
    loss[0] = 1;
    expect(findLossSpikes(loss, { ...definition, lossFloorRelative: 1e-12 })).toEqual([]);
  });
});

describe('findInstabilityEpisodes', () => {
  const samples = (values: number[], mss: number) => ({
    step: values.map((_, i) => i * 10),
    value: values,
    mss: values.map(() => mss),
  });

  test('an episode runs from the first sample above the MSS to the first sample back below', () => {
    const episodes = findInstabilityEpisodes(samples([1, 3, 4, 1, 1, 1], 2), {
      ...definition,
      mergeGapSteps: 0,
    });
    expect(episodes).toEqual([{ start: 10, end: 30, maxSharpness: 4 }]);
  });

  test('episodes separated by at most mergeGapSteps merge into one', () => {
    const values = [1, 3, 1, 3, 1, 1, 1, 1, 3, 1];
    expect(
      findInstabilityEpisodes(samples(values, 2), { ...definition, mergeGapSteps: 10 }),
    ).toHaveLength(2);
    expect(
      findInstabilityEpisodes(samples(values, 2), { ...definition, mergeGapSteps: 0 }),
    ).toHaveLength(3);
  });

  test('an episode still open at the end has end null', () => {
    expect(findInstabilityEpisodes(samples([1, 3, 3], 2), definition)[0]!.end).toBeNull();
  });
});

describe('findEvents', () => {
  const steps = Array.from({ length: 400 }, (_, t) => t);

  test('an episode with a loss spike and a sharpness drop ≥ 10% is a catapult', () => {
    const loss = trace(400, 1e-6, [[105, 20, 1e4]]);
    const value = steps.map((t) => (t < 100 ? 10 : t < 130 ? 10.5 : 4));
    const mss = steps.map(() => 9);
    const events = findEvents(loss, { step: steps, value, mss }, definition);
    expect(events.catapults).toHaveLength(1);
    expect(events.catapults[0]).toMatchObject({
      start: 0,
      end: 130,
      sharpnessBefore: 10.5,
      sharpnessAfter: 4,
    });
    assertClose(events.catapults[0]!.sharpnessDrop, 1 - 4 / 10.5, { absolute: 1e-15 }, 'drop');
  });

  test('an episode without a loss spike is not a catapult', () => {
    const value = steps.map((t) => (t < 100 ? 10 : 4));
    const events = findEvents(
      trace(400, 1, []),
      { step: steps, value, mss: steps.map(() => 9) },
      definition,
    );
    expect(events.episodes).toHaveLength(1);
    expect(events.catapults).toHaveLength(0);
  });

  test('an episode whose sharpness falls by less than 10% is not a catapult', () => {
    const loss = trace(400, 1e-6, [[50, 10, 1e4]]);
    const value = steps.map((t) => (t < 100 ? 10 : 9.5));
    const events = findEvents(loss, { step: steps, value, mss: steps.map(() => 9.8) }, definition);
    expect(events.spikes).toHaveLength(1);
    expect(events.catapults).toHaveLength(0);
  });
});
