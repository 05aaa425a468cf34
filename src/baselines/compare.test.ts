import { describe, expect, test } from 'vitest';
import { assertClose } from '../testing/close.ts';
import { compareMetric } from './compare.ts';

const strict = { absolute: 0, relative: 0 };

describe('compareMetric', () => {
  test(
    'accepts a number within absolute + relative·|baseline| and rejects one just ' + 'outside',
    () => {
      // allowed = 0.01 + 0.1·|2| = 0.21
      expect(compareMetric(2.2, 2, { absolute: 0.01, relative: 0.1 }).ok).toBe(true);
      const outside = compareMetric(2.22, 2, { absolute: 0.01, relative: 0.1 });
      expect(outside.ok).toBe(false);
      expect(outside.message).toBe('value 2.22, baseline 2, difference 0.22, allowed 0.21');
    },
  );

  test('with zero tolerance only the identical number passes', () => {
    expect(compareMetric(4, 4, strict).ok).toBe(true);
    expect(compareMetric(4 + 2 ** -50, 4, strict).ok).toBe(false);
    expect(compareMetric(4 + 2 ** -50, 4, strict).shareOfTolerance).toBe(Number.POSITIVE_INFINITY);
  });

  test('NaN matches only NaN', () => {
    expect(compareMetric(Number.NaN, Number.NaN, strict).ok).toBe(true);
    expect(compareMetric(Number.NaN, 1, { absolute: 1e9, relative: 1 }).ok).toBe(false);
    expect(compareMetric(1, Number.NaN, { absolute: 1e9, relative: 1 }).ok).toBe(false);
  });

  test('Infinity matches only the same infinity, whatever the tolerance', () => {
    const wide = { absolute: 1e300, relative: 1e300 };
    expect(compareMetric(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, strict).ok).toBe(true);
    expect(compareMetric(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, wide).ok).toBe(false);
    expect(compareMetric(1e308, Number.POSITIVE_INFINITY, wide).ok).toBe(false);
    expect(compareMetric(Number.POSITIVE_INFINITY, 1e308, wide).ok).toBe(false);
  });

  test('arrays compare element by element and name the worst element', () => {
    const c = compareMetric([1, 2, 3.5], [1, 2.05, 3], { absolute: 0.1, relative: 0 });
    expect(c.ok).toBe(false);
    expect(c.index).toBe(2);
    expect(c.message).toContain('worst element [2]: value 3.5, baseline 3');
    expect(compareMetric([1, Number.NaN], [1, Number.NaN], strict).ok).toBe(true);
    expect(compareMetric([1, Number.NaN], [1, 0], { absolute: 1, relative: 0 }).ok).toBe(false);
  });

  test('arrays of different lengths never match', () => {
    expect(compareMetric([1, 2], [1, 2, 3], { absolute: 1, relative: 1 }).ok).toBe(false);
  });

  test('flags and labels must be equal', () => {
    expect(compareMetric(true, true, strict).ok).toBe(true);
    expect(compareMetric(true, false, { absolute: 1, relative: 1 }).ok).toBe(false);
    expect(compareMetric('reproduced', 'not-reproduced', strict).ok).toBe(false);
    expect(compareMetric(null, 0, { absolute: 1, relative: 1 }).ok).toBe(false);
  });
});

describe('assertClose', () => {
  test(
    'passes within tolerance and fails outside with value, expected, difference and ' + 'allowed',
    () => {
      expect(() => assertClose(1.0001, 1, { relative: 1e-3 }, 'x')).not.toThrow();
      expect(() => assertClose(1.01, 1, { relative: 1e-3 }, 'sharpness')).toThrow(
        'sharpness: value 1.01, expected 1, difference 0.01, allowed 0.001',
      );
      expect(() => assertClose(Float64Array.of(1, 2), [1, 2.5], { absolute: 0.1 }, 'v')).toThrow(
        '[1]',
      );
    },
  );
});
