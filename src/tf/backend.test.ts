import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { requestedBackend, tfBackend } from './backend.ts';

describe('the tfjs backend', () => {
  test('is the first of tensorflow, wasm, cpu that works, saying why others failed', async () => {
    const info = await tfBackend();
    expect(tf.getBackend()).toBe(info.backend);
    const order = ['tensorflow', 'wasm', 'cpu'];
    expect(info.skipped.map((s) => s.backend)).toEqual(order.slice(0, order.indexOf(info.backend)));
    for (const skipped of info.skipped) expect(skipped.reason.length).toBeGreaterThan(0);
    expect(info.tfjsVersion).toBe(tf.version_core);
  });

  test('$CATAPULT_TF_BACKEND must name a known backend', () => {
    expect(requestedBackend(undefined)).toBeUndefined();
    expect(requestedBackend('cpu')).toBe('cpu');
    expect(() => requestedBackend('gpu')).toThrow(
      'CATAPULT_TF_BACKEND must be one of tensorflow, wasm, cpu, got "gpu"',
    );
  });
});
