import { describe, expect, test } from 'vitest';
import { lanczosLargest } from '../engine/lanczos.ts';
import { createStream } from '../engine/random.ts';
import { linearWarmup } from '../engine/schedule.ts';
import { sharpnessEstimator } from '../engine/sharpness.ts';
import { train } from '../engine/train.ts';
import { assertClose } from '../testing/close.ts';
import { denseHessian } from './model.ts';
import { toyLossNames, toyModel } from './toy.ts';

const points = [
  [0.3, 0.2],
  [-0.7, 1.3],
  [0.05, 4],
  [1.5, 0.6],
] as const;

describe.each(toyLossNames)('toy loss %s', (name) => {
  const model = toyModel(name);

  test('its gradient matches central differences of the loss (h = 1e-6, relative 1e-7)', () => {
    for (const [x, y] of points) {
      const gradient = new Float64Array(2);
      model.lossAndGradient(Float64Array.of(x, y), gradient);
      const h = 1e-6;
      const fd = [
        (model.loss(Float64Array.of(x + h, y)) - model.loss(Float64Array.of(x - h, y))) / (2 * h),
        (model.loss(Float64Array.of(x, y + h)) - model.loss(Float64Array.of(x, y - h))) / (2 * h),
      ];
      assertClose(
        Array.from(gradient),
        fd,
        { absolute: 1e-9, relative: 1e-7 },
        `∇f at (${x}, ${y})`,
      );
    }
  });

  test('its Hessian matches central differences of the gradient', () => {
    for (const [x, y] of points) {
      const h = 1e-6;
      const g = (px: number, py: number) => {
        const out = new Float64Array(2);
        model.lossAndGradient(Float64Array.of(px, py), out);
        return out;
      };
      const columns = denseHessian(model, Float64Array.of(x, y));
      const fdColumns = [
        Array.from(g(x + h, y), (v, i) => (v - g(x - h, y)[i]!) / (2 * h)),
        Array.from(g(x, y + h), (v, i) => (v - g(x, y - h)[i]!) / (2 * h)),
      ];
      for (let j = 0; j < 2; j++) {
        assertClose(
          Array.from(columns[j]!),
          fdColumns[j]!,
          { absolute: 1e-7, relative: 1e-6 },
          `H[:, ${j}]`,
        );
      }
    }
  });

  test('its closed-form sharpness is the largest eigenvalue found by Lanczos', () => {
    for (const [x, y] of points) {
      const w = Float64Array.of(x, y);
      const lanczos = lanczosLargest(model.hessianOperator(w), 2, {
        start: Float64Array.of(0.6, -0.8),
      });
      assertClose(model.sharpness!(w), lanczos.value, { relative: 1e-12 }, `S at (${x}, ${y})`);
    }
  });

  test('on the minimum manifold x = 0 its sharpness is S(y) = 2h(y)', () => {
    for (const y of [0.1, 1, 7]) {
      assertClose(
        model.sharpness!(Float64Array.of(0, y)),
        model.manifoldSharpness(y),
        { relative: 1e-15 },
        'S(y)',
      );
    }
  });

  test('outside y > 0 loss and gradient are NaN (the training loop records divergence)', () => {
    const gradient = new Float64Array(2);
    expect(model.lossAndGradient(Float64Array.of(0.1, -0.1), gradient)).toBeNaN();
    expect(gradient[0]).toBeNaN();
    expect(model.loss(Float64Array.of(0.1, 0))).toBeNaN();
  });
});

/** The peers' toy run (BENCHMARKS.md workload 1): x²/(2y), (0.1, 0.1), T_w = 1000, 4000 steps. */
function peerRun(momentum: number, xFloor: number) {
  const model = toyModel('x2-over-2y');
  return train({
    model,
    initial: Float64Array.of(0.1, 0.1),
    steps: 4000,
    schedule: linearWarmup(0, (1 + momentum) * 2, 1000),
    momentum,
    sharpness: {
      every: 1,
      estimator: sharpnessEstimator(model, { stream: createStream(0, 'solver') }),
    },
    project:
      xFloor > 0
        ? (w) => {
            if (Math.abs(w[0]!) < xFloor)
              w[0] = w[0]! < 0 || Object.is(w[0], -0) ? -xFloor : xFloor;
          }
        : undefined,
  });
}

describe("the toy run against the peers' pure-Python reference (bit for bit)", () => {
  // Values from /work/shared/peers/README.md, "Reference values (pure Python, exact)": every
  // operation there is a correctly rounded IEEE operation in the same order as ours.
  test.each([
    ['GD', 0, 0, 1.510838492741378, 0.6618841158762943, 1.454902084818661],
    ['GD, x floor 1e-12', 0, 1e-12, 1.190106271690826, 0.8402610958257238, 0.8412780590688291],
    ['heavy ball', 0.9, 0, 2.458116884936614, 0.40681547982035293, 0.40681547982123517],
    [
      'heavy ball, x floor 1e-12',
      0.9,
      1e-12,
      2.458116884936614,
      0.40681547982035293,
      0.40681547982123517,
    ],
  ])(
    '%s: final y, final S and S at step 999',
    (_label, momentum, xFloor, y, sharpness, atWarmupEnd) => {
      const result = peerRun(momentum, xFloor);
      expect(result.final[1]).toBe(y);
      expect(result.sharpness.value.at(-1)).toBe(sharpness);
      expect(result.sharpness.value[999]).toBe(atWarmupEnd);
    },
  );

  test('x²/y at η/2 retraces x²/(2y) at η exactly (f doubles, η halves)', () => {
    const run = (name: 'x2-over-2y' | 'x2-over-y', learningRate: number) =>
      train({
        model: toyModel(name),
        initial: Float64Array.of(0.1, 0.1),
        steps: 2000,
        schedule: linearWarmup(0, learningRate, 500),
        momentum: 0.9,
      });
    expect(Array.from(run('x2-over-y', 1).final)).toEqual(Array.from(run('x2-over-2y', 2).final));
  });
});
