/**
 * Labelled image sets for the convolutional nets: NHWC float pixels and class indices.
 */
export interface ImageDataSet {
  /** A name for records, for example "mnist-2class-128". */
  name: string;
  /** size·height·width·channels pixel values, NHWC order. */
  images: Float32Array;
  /** Class index in {0, …, classes.length − 1} of each image. */
  labels: Int32Array;
  size: number;
  height: number;
  width: number;
  channels: number;
  /** The original label of each class index (for example [0, 1] for digits 0 and 1). */
  classes: number[];
}

/**
 * Chooses, from examples in their original order, the first ⌈n/k⌉ or ⌊n/k⌋ of each of the
 * k classes (n in total, balanced, the earlier classes taking the remainder) and
 * interleaves them class by class. Returns the chosen (example index, class index) pairs.
 * Throws when a class has too few examples.
 *
 * @example
 * balancedFirst([5, 3, 5, 3, 5], [3, 5], 3);
 * // [{ index: 1, label: 0 }, { index: 0, label: 1 }, { index: 3, label: 0 }]
 */
export function balancedFirst(
  labels: ArrayLike<number>,
  classes: readonly number[],
  n: number,
): { index: number; label: number }[] {
  const k = classes.length;
  const quota = classes.map((_, c) => Math.floor(n / k) + (c < n % k ? 1 : 0));
  const byClass: number[][] = classes.map(() => []);
  for (let i = 0; i < labels.length; i++) {
    const c = classes.indexOf(labels[i]!);
    if (c >= 0 && byClass[c]!.length < quota[c]!) byClass[c]!.push(i);
  }
  classes.forEach((label, c) => {
    if (byClass[c]!.length < quota[c]!) {
      throw new RangeError(
        `class ${label} has ${byClass[c]!.length} examples, ${quota[c]} are needed for ${n} images`,
      );
    }
  });
  const chosen: { index: number; label: number }[] = [];
  for (let r = 0; r < Math.max(...quota); r++) {
    for (let c = 0; c < k; c++)
      if (r < quota[c]!) chosen.push({ index: byClass[c]![r]!, label: c });
  }
  return chosen;
}

/**
 * Centres and scales every channel in place with its mean and standard deviation over all
 * images and pixels of `data` (the training set's statistics). A channel with zero
 * variance is only centred.
 */
export function standardiseChannels(data: ImageDataSet): void {
  const { images, channels } = data;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    let count = 0;
    for (let i = c; i < images.length; i += channels) {
      sum += images[i]!;
      count++;
    }
    const mean = sum / count;
    let squares = 0;
    for (let i = c; i < images.length; i += channels) squares += (images[i]! - mean) ** 2;
    const std = Math.sqrt(squares / count);
    const scale = std > 0 ? 1 / std : 1;
    for (let i = c; i < images.length; i += channels) images[i] = (images[i]! - mean) * scale;
  }
}

/** Averages non-overlapping factor×factor blocks: an H×W image becomes (H/f)×(W/f). */
export function downsample(data: ImageDataSet, factor: number): ImageDataSet {
  if (factor === 1) return data;
  const { size, height, width, channels } = data;
  if (!Number.isInteger(factor) || factor < 1 || height % factor || width % factor) {
    throw new RangeError(
      `downsample factor must be a positive integer dividing ${height}×${width}, got ${factor}`,
    );
  }
  const h = height / factor;
  const w = width / factor;
  const out = new Float32Array(size * h * w * channels);
  const weight = 1 / (factor * factor);
  for (let n = 0; n < size; n++)
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        for (let c = 0; c < channels; c++) {
          const target =
            ((n * h + Math.floor(y / factor)) * w + Math.floor(x / factor)) * channels + c;
          out[target]! += weight * data.images[((n * height + y) * width + x) * channels + c]!;
        }
  return { ...data, images: out, height: h, width: w };
}
