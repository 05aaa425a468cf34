import { describe, expect, test } from 'vitest';
import { runCatapults, runFacts, runSeries, runTables } from './facts.ts';
import { maxPoints } from './traces.ts';

describe('runFacts', () => {
  test('keeps scalars two levels deep and leaves per-step data out', () => {
    const facts = runFacts({
      testLoss: 0.25,
      backend: 'wasm',
      diverged: false,
      freezeStep: null,
      final: { loss: 1e-9, sharpness: 0.5, deeper: { ignored: 1 } },
      loss: [1, 2, 3],
      events: { count: 3 },
      outcome: { status: 'completed' },
    });
    expect(facts).toEqual({
      testLoss: 0.25,
      backend: 'wasm',
      diverged: false,
      freezeStep: null,
      'final.loss': 1e-9,
      'final.sharpness': 0.5,
      'outcome.status': 'completed',
    });
  });

  test('cuts long labels to 200 characters', () => {
    const facts = runFacts({ note: 'a'.repeat(500) });
    expect((facts['note'] as string).length).toBe(200);
    expect((facts['note'] as string).endsWith('…')).toBe(true);
  });
});

describe('runSeries', () => {
  test('thins arrays of equal length at the same indices, so pairs stay pairs', () => {
    const n = 4000;
    const tau = Array.from({ length: n }, (_, i) => i / 10);
    const X = tau.map((t) => Math.cos(t));
    const Y = tau.map((t) => Math.sin(t));
    const series = runSeries({ tau, X, Y, label: 'orbit' });
    expect(Object.keys(series).sort()).toEqual(['X', 'Y', 'tau']);
    expect(series['X']!.length).toBeLessThanOrEqual(maxPoints + 1);
    expect(series['tau']!.at(-1)).toBe(tau.at(-1));
    for (let k = 0; k < series['tau']!.length; k += 97) {
      const t = series['tau']![k]!;
      expect(series['X']![k]).toBe(Math.cos(t));
      expect(series['Y']![k]).toBe(Math.sin(t));
    }
  });

  test('names arrays inside lists of objects by index', () => {
    const series = runSeries({
      orbits: [
        { X: [1, 2], Y: [3, 4] },
        { X: [5, 6], Y: [7, 8] },
      ],
    });
    expect(series).toEqual({
      'orbits[0].X': [1, 2],
      'orbits[0].Y': [3, 4],
      'orbits[1].X': [5, 6],
      'orbits[1].Y': [7, 8],
    });
  });
});

describe('runCatapults', () => {
  test('keeps the window, peak and drop of each catapult; undefined without events', () => {
    const catapult = {
      start: 10,
      end: 40,
      peakStep: 20,
      peakLoss: 3,
      sharpnessBefore: 2,
      sharpnessAfter: 1,
      sharpnessDrop: 0.5,
    };
    expect(runCatapults({ events: { catapults: [catapult] } })).toEqual([
      { start: 10, end: 40, peakStep: 20, sharpnessDrop: 0.5 },
    ]);
    expect(runCatapults({ X: [1, 2] })).toBeUndefined();
  });
});

describe('runTables', () => {
  test('keeps lists of flat records, such as the cells of a sweep, and skips event lists', () => {
    const cells = [
      { alpha: 0.5, learningRate: 0.01, momentum: 0, testMse: 0.3, key: 'a' },
      { alpha: 0.5, learningRate: 0.1, momentum: 0.9, testMse: null, key: 'b' },
    ];
    const tables = runTables({
      cells,
      events: { spikes: [{ start: 1, peak: 2 }] },
      nested: { rows: [{ a: 1 }] },
      mixed: [{ a: 1 }, { b: [1, 2] }],
      empty: [],
    });
    expect(tables).toEqual({ cells, 'nested.rows': [{ a: 1 }] });
  });
});
