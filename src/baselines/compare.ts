/** A measured value a baseline can hold: a number, a flag, a label, or an array of numbers. */
export type MetricValue = number | boolean | string | null | number[];

export interface Comparison {
  ok: boolean;
  value: MetricValue;
  baseline: MetricValue;
  /** |value − baseline| for numbers (the worst element for arrays); NaN when not numeric. */
  difference: number;
  /** absolute + relative·|baseline| at that element. */
  allowed: number;
  /** difference / allowed: how much of the tolerance is used (Infinity when none is allowed). */
  shareOfTolerance: number;
  /** The element of an array that decided, if any. */
  index?: number;
  /** A sentence with the value, baseline, difference and allowed difference. */
  message: string;
}

function fmt(x: MetricValue): string {
  if (typeof x === 'number')
    return Number.isInteger(x) ? String(x) : x.toPrecision(12).replace(/\.?0+(e|$)/, '$1');
  return JSON.stringify(x);
}

function compareNumbers(value: number, baseline: number, absolute: number, relative: number) {
  const allowed = absolute + relative * Math.abs(baseline);
  if (Number.isNaN(value) || Number.isNaN(baseline)) {
    const ok = Number.isNaN(value) && Number.isNaN(baseline);
    return {
      ok,
      difference: ok ? 0 : Number.NaN,
      allowed,
      share: ok ? 0 : Number.POSITIVE_INFINITY,
    };
  }
  if (!Number.isFinite(value) || !Number.isFinite(baseline)) {
    const ok = value === baseline;
    return {
      ok,
      difference: ok ? 0 : Number.POSITIVE_INFINITY,
      allowed,
      share: ok ? 0 : Number.POSITIVE_INFINITY,
    };
  }
  const difference = Math.abs(value - baseline);
  const share =
    difference === 0 ? 0 : allowed > 0 ? difference / allowed : Number.POSITIVE_INFINITY;
  return { ok: difference <= allowed, difference, allowed, share };
}

/**
 * Compares a measured value with its baseline: numbers within absolute + relative·|baseline|
 * (NaN matches only NaN, ±Infinity only itself), arrays element by element with equal
 * lengths, anything else by equality.
 *
 * @example
 * compareMetric(1.01, 1, { absolute: 0, relative: 0.02 }).ok; // true
 */
export function compareMetric(
  value: MetricValue,
  baseline: MetricValue,
  tolerance: { absolute: number; relative: number },
  reference = 'baseline',
): Comparison {
  const { absolute, relative } = tolerance;
  if (typeof value === 'number' && typeof baseline === 'number') {
    const c = compareNumbers(value, baseline, absolute, relative);
    return {
      ok: c.ok,
      value,
      baseline,
      difference: c.difference,
      allowed: c.allowed,
      shareOfTolerance: c.share,
      message:
        `value ${fmt(value)}, ${reference} ${fmt(baseline)}, ` +
        `difference ${fmt(c.difference)}, allowed ${fmt(c.allowed)}`,
    };
  }
  if (Array.isArray(value) && Array.isArray(baseline)) {
    if (value.length !== baseline.length) {
      return {
        ok: false,
        value,
        baseline,
        difference: Number.NaN,
        allowed: 0,
        shareOfTolerance: Number.POSITIVE_INFINITY,
        message: `length ${value.length}, ${reference} length ${baseline.length}`,
      };
    }
    let worst = { index: -1, ok: true, difference: 0, allowed: 0, share: 0 };
    for (let i = 0; i < value.length; i++) {
      const c = compareNumbers(value[i]!, baseline[i]!, absolute, relative);
      if (worst.index < 0 || c.share > worst.share) worst = { index: i, ...c };
    }
    const ok = value.every((v, i) => compareNumbers(v, baseline[i]!, absolute, relative).ok);
    const i = worst.index;
    return {
      ok,
      value,
      baseline,
      difference: worst.difference,
      allowed: worst.allowed,
      shareOfTolerance: worst.share,
      ...(i >= 0 ? { index: i } : {}),
      message:
        i < 0
          ? 'both empty'
          : `worst element [${i}]: value ${fmt(value[i]!)}, ${reference} ${fmt(baseline[i]!)}, ` +
            `difference ${fmt(worst.difference)}, allowed ${fmt(worst.allowed)}`,
    };
  }
  const ok = JSON.stringify(value) === JSON.stringify(baseline);
  return {
    ok,
    value,
    baseline,
    difference: ok ? 0 : Number.NaN,
    allowed: 0,
    shareOfTolerance: ok ? 0 : Number.POSITIVE_INFINITY,
    message: `value ${fmt(value)}, ${reference} ${fmt(baseline)}${ok ? '' : ' (must be equal)'}`,
  };
}
