/** A complex number re + i·im. */
export interface Complex {
  re: number;
  im: number;
}

/**
 * The two roots of r² − s·r + q = 0 (sum s, product q), largest modulus first. Real roots
 * use the cancellation-free pair r₁ = (s + sign(s)·√(s² − 4q))/2, r₂ = q/r₁; complex roots
 * are s/2 ± i·√(4q − s²)/2. This one formula serves the characteristic polynomial of a
 * linear recurrence x_{t+1} = s·x_t − q·x_{t−1} (App. C, Eq. 15) and the eigenvalues of a
 * 2×2 matrix (sum = trace, product = determinant; App. B, Prop. B.1).
 *
 * @example
 * quadraticRoots(0, 2); // [{ re: 0, im: 1.414… }, { re: 0, im: −1.414… }]: a centre
 */
export function quadraticRoots(sum: number, product: number): [Complex, Complex] {
  const discriminant = sum * sum - 4 * product;
  if (discriminant < 0) {
    const im = Math.sqrt(-discriminant) / 2;
    return [
      { re: sum / 2, im },
      { re: sum / 2, im: -im },
    ];
  }
  const large = (sum + (sum >= 0 ? 1 : -1) * Math.sqrt(discriminant)) / 2;
  const small = large === 0 ? 0 : product / large;
  return [
    { re: large, im: 0 },
    { re: small, im: 0 },
  ];
}

/** |z|. */
export function modulus(z: Complex): number {
  return Math.hypot(z.re, z.im);
}
