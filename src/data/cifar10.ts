import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { balancedFirst, type ImageDataSet } from './images.ts';

/** The environment variable that names the folder of the CIFAR-10 binary files. */
export const cifar10Variable = 'CATAPULT_CIFAR10_DIR';

/** The training files of the official binary version, in order. */
export const cifar10TrainFiles = [1, 2, 3, 4, 5].map((k) => `data_batch_${k}.bin`);

/** One record: a label byte, then 1024 red, 1024 green and 1024 blue bytes (32×32, row-major). */
const recordBytes = 1 + 3 * 1024;

/** The error raised when the CIFAR-10 files are not where they are looked for. */
export class Cifar10MissingError extends Error {
  constructor(readonly folder: string | undefined) {
    super(
      folder === undefined
        ? `CIFAR-10 is not available: set ${cifar10Variable} (or pass a folder) to the folder ` +
            'holding data_batch_1.bin … data_batch_5.bin of the binary version ' +
            '(cifar-10-batches-bin from https://www.cs.toronto.edu/~kriz/cifar.html); ' +
            'nothing is downloaded at run time'
        : `CIFAR-10 is not available: ${folder} does not hold data_batch_1.bin … ` +
            'data_batch_5.bin (the binary version, cifar-10-batches-bin)',
    );
    this.name = 'Cifar10MissingError';
  }
}

/** The CIFAR-10 folder: the argument, else $CATAPULT_CIFAR10_DIR, else undefined. */
export function cifar10Folder(folder?: string): string | undefined {
  const chosen = folder ?? process.env[cifar10Variable];
  return chosen === undefined || chosen === '' ? undefined : resolve(chosen);
}

/** Why CIFAR-10 cannot be loaded from `folder` (or the variable), or undefined if it can. */
export function cifar10Missing(folder?: string): string | undefined {
  const path = cifar10Folder(folder);
  if (path === undefined) return new Cifar10MissingError(undefined).message;
  if (!cifar10TrainFiles.every((file) => existsSync(join(path, file)))) {
    return new Cifar10MissingError(path).message;
  }
  return undefined;
}

/**
 * Parses records of the CIFAR-10 binary format into labels and NHWC pixels in [0, 1].
 * Throws when the byte length is not a whole number of 3073-byte records.
 */
export function parseCifar10(
  bytes: Uint8Array,
  file = 'buffer',
): {
  labels: Uint8Array;
  images: Float32Array;
} {
  if (bytes.length % recordBytes !== 0) {
    throw new RangeError(
      `${file} must hold whole records of ${recordBytes} bytes, got ${bytes.length} bytes`,
    );
  }
  const count = bytes.length / recordBytes;
  const labels = new Uint8Array(count);
  const images = new Float32Array(count * 3072);
  for (let r = 0; r < count; r++) {
    const base = r * recordBytes;
    const label = bytes[base]!;
    if (label > 9) throw new RangeError(`${file}: record ${r} has label ${label}, not in 0…9`);
    labels[r] = label;
    for (let c = 0; c < 3; c++)
      for (let p = 0; p < 1024; p++)
        images[(r * 1024 + p) * 3 + c] = bytes[base + 1 + c * 1024 + p]! / 255;
  }
  return { labels, images };
}

/**
 * A class-balanced subset of the CIFAR-10 training set from the official binary files:
 * the first ⌈n/k⌉ images of each chosen class in file order (data_batch_1 first), the
 * classes interleaved; pixels in [0, 1], NHWC 32×32×3. Reads only as many files as it
 * needs. Throws {@link Cifar10MissingError} with the folder it looked in when the files
 * are not there.
 */
export function cifar10Subset(
  classes: readonly number[],
  n: number,
  folder?: string,
): ImageDataSet {
  const missing = cifar10Missing(folder);
  if (missing) throw new Cifar10MissingError(cifar10Folder(folder));
  if (classes.length < 2 || new Set(classes).size !== classes.length) {
    throw new RangeError(`classes must be at least two distinct labels, got [${classes}]`);
  }
  const path = cifar10Folder(folder)!;
  const labels: number[] = [];
  const parts: Float32Array[] = [];
  for (const file of cifar10TrainFiles) {
    const parsed = parseCifar10(readFileSync(join(path, file)), file);
    labels.push(...parsed.labels);
    parts.push(parsed.images);
    try {
      balancedFirst(labels, classes, n);
      break;
    } catch {
      // Not enough images of some class yet: read the next file.
    }
  }
  const chosen = balancedFirst(labels, classes, n);
  const all = new Float32Array(labels.length * 3072);
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  const images = new Float32Array(n * 3072);
  chosen.forEach(({ index }, i) => {
    images.set(all.subarray(index * 3072, (index + 1) * 3072), i * 3072);
  });
  return {
    name: `cifar10-${classes.join('')}-${n}`,
    images,
    labels: Int32Array.from(chosen.map((c) => c.label)),
    size: n,
    height: 32,
    width: 32,
    channels: 3,
    classes: [...classes],
  };
}
