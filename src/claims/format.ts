/**
 * A number for people: 3 significant digits, exponent form outside [1e-3, 1e5), and
 * NaN, ±Infinity and null spelled out.
 *
 * @example
 * formatNumber(0.40681547982035293); // "0.407"
 */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined) return 'n/a';
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-3) return value.toExponential(digits - 1);
  return String(Number(value.toPrecision(digits)));
}
