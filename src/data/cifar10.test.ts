import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  Cifar10MissingError,
  cifar10Missing,
  cifar10Subset,
  cifar10TrainFiles,
  parseCifar10,
} from './cifar10.ts';

/** One record of the binary format: label, then the R, G and B planes (32×32 each). */
function record(label: number, red: number, green: number, blue: number): Uint8Array {
  const bytes = new Uint8Array(3073);
  bytes[0] = label;
  bytes.fill(red, 1, 1025);
  bytes.fill(green, 1025, 2049);
  bytes.fill(blue, 2049, 3073);
  return bytes;
}

/** Five batch files of four records each; record r of batch b has label (4b + r) % 3. */
function writeFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'cifar10-test-'));
  cifar10TrainFiles.forEach((file, b) => {
    const records = [0, 1, 2, 3].map((r) => record((4 * b + r) % 3, 4 * b + r, 100, 255));
    writeFileSync(join(folder, file), Buffer.concat(records));
  });
  return folder;
}

const folder = writeFolder();
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the CIFAR-10 binary loader', () => {
  test('parses a record into its label and NHWC pixels scaled to [0, 1]', () => {
    const { labels, images } = parseCifar10(record(7, 51, 102, 255));
    expect(Array.from(labels)).toEqual([7]);
    expect(Array.from(images.subarray(0, 6))).toEqual([0.2, 0.4, 1, 0.2, 0.4, 1].map(Math.fround));
  });

  test('takes the first images of each class in file order, across files', () => {
    // Labels in file order: 0 1 2 0 | 1 2 0 1 | 2 0 1 2 | …; the first three 0s are records
    // 0, 3, 6 and the first three 2s are records 2, 5, 8, whose red value is the record number.
    const data = cifar10Subset([0, 2], 6, folder);
    expect(Array.from(data.labels)).toEqual([0, 1, 0, 1, 0, 1]);
    const reds = Array.from({ length: 6 }, (_, i) => Math.round(data.images[i * 3072]! * 255));
    expect(reds).toEqual([0, 2, 3, 5, 6, 8]);
    expect([data.height, data.width, data.channels]).toEqual([32, 32, 3]);
  });

  test('reads the folder from $CATAPULT_CIFAR10_DIR', () => {
    process.env.CATAPULT_CIFAR10_DIR = folder;
    try {
      expect(cifar10Missing()).toBeUndefined();
      expect(cifar10Subset([0, 1], 2).size).toBe(2);
    } finally {
      delete process.env.CATAPULT_CIFAR10_DIR;
    }
  });

  test('a missing folder gives a message that says what to set and where it looked', () => {
    delete process.env.CATAPULT_CIFAR10_DIR;
    expect(cifar10Missing()).toMatch(/set CATAPULT_CIFAR10_DIR/);
    const empty = mkdtempSync(join(tmpdir(), 'cifar10-empty-'));
    expect(() => cifar10Subset([0, 1], 2, empty)).toThrow(Cifar10MissingError);
    expect(() => cifar10Subset([0, 1], 2, empty)).toThrow(
      `${empty} does not hold data_batch_1.bin`,
    );
    rmSync(empty, { recursive: true, force: true });
  });

  test('a truncated file or a bad label is an error naming the file', () => {
    expect(() => parseCifar10(new Uint8Array(100), 'data_batch_1.bin')).toThrow(
      'data_batch_1.bin must hold whole records of 3073 bytes, got 100 bytes',
    );
    expect(() => parseCifar10(record(12, 0, 0, 0), 'x.bin')).toThrow(
      'x.bin: record 0 has label 12',
    );
  });
});
