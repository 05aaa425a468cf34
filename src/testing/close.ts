import { compareMetric } from '../baselines/compare.ts';

/** Allowed difference |actual − expected| ≤ absolute + relative·|expected|. */
export interface Within {
  absolute?: number;
  relative?: number;
}

/**
 * Throws unless `actual` is within tolerance of `expected` (numbers or arrays; NaN matches
 * only NaN). The message names the quantity, the value, the expected value, the
 * difference and the allowed difference.
 */
export function assertClose(
  actual: number | number[] | Float64Array,
  expected: number | number[] | Float64Array,
  within: Within,
  what: string,
): void {
  const value = typeof actual === 'number' ? actual : Array.from(actual);
  const baseline = typeof expected === 'number' ? expected : Array.from(expected);
  const tolerance = { absolute: within.absolute ?? 0, relative: within.relative ?? 0 };
  const comparison = compareMetric(value, baseline, tolerance, 'expected');
  if (!comparison.ok) throw new Error(`${what}: ${comparison.message}`);
}
