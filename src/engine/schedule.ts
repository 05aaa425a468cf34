/**
 * Learning-rate schedules: pure functions from the step t = 0, 1, 2, … to η_t.
 *
 * Convention (BENCHMARKS.md, shared with the peer scripts): step t uses η_t, and a
 * linear warmup of T_w steps reaches its final rate at step T_w − 1, so step 0 already
 * uses a positive rate when η₀ = 0.
 */
export type Schedule = (step: number) => number;

/** η_t = η for every t. */
export function constantSchedule(learningRate: number): Schedule {
  return () => learningRate;
}

/**
 * Linear warmup from η₀ to η over T_w steps, then constant (SPEC 2.5):
 *
 *   η_t = η₀ + (η − η₀) · min(1, (t + 1)/T_w).
 *
 * With η₀ = 0 this is the peers' η_t = η · min(1, (t + 1)/T_w), bit for bit.
 *
 * @example
 * linearWarmup(0, 2, 1000)(0);   // 0.002
 * linearWarmup(0, 2, 1000)(999); // 2
 */
export function linearWarmup(
  initialLearningRate: number,
  learningRate: number,
  warmupSteps: number,
): Schedule {
  const rise = learningRate - initialLearningRate;
  return (step) => initialLearningRate + rise * Math.min(1, (step + 1) / warmupSteps);
}

/**
 * Step warmup (Fig. 2a): η₁ for the first T₁ steps (t < T₁), then η₂.
 *
 * @example
 * stepWarmup(0.01, 100, 0.1)(99);  // 0.01
 * stepWarmup(0.01, 100, 0.1)(100); // 0.1
 */
export function stepWarmup(
  firstLearningRate: number,
  firstSteps: number,
  learningRate: number,
): Schedule {
  return (step) => (step < firstSteps ? firstLearningRate : learningRate);
}

/**
 * Warmup that starts after a delay (Fig. 10): η_d for the first D steps, then a linear
 * warmup from η_d to η over T_w steps:
 *
 *   η_t = η_d                                   for t < D,
 *   η_t = η_d + (η − η_d) · min(1, (t − D + 1)/T_w)  for t ≥ D.
 */
export function delayedWarmup(
  delayLearningRate: number,
  delaySteps: number,
  learningRate: number,
  warmupSteps: number,
): Schedule {
  const warmup = linearWarmup(delayLearningRate, learningRate, warmupSteps);
  return (step) => (step < delaySteps ? delayLearningRate : warmup(step - delaySteps));
}

/**
 * The schedule `schedule` frozen from step `freezeStep` on: η_t = schedule(min(t, freezeStep)).
 * Used by the warmup that stops at the first step where sharpness exceeds the MSS of
 * the current rate (Fig. 2b); the training loop finds that step.
 */
export function frozenAt(schedule: Schedule, freezeStep: number): Schedule {
  return (step) => schedule(Math.min(step, freezeStep));
}

/** A schedule as data, for configurations. Rates are fractions of the final rate η. */
export type ScheduleConfig =
  | { kind: 'constant' }
  | { kind: 'linear-warmup'; warmupSteps: number; initialFraction: number }
  | { kind: 'step-warmup'; firstSteps: number; firstFraction: number }
  | { kind: 'delayed-warmup'; delaySteps: number; delayFraction: number; warmupSteps: number };

/** Shared fields of every schedule configuration. */
export interface ScheduleOptions {
  /** Freeze η_t at the first sharpness sample where S(w_t) > MSS(η_t) (Fig. 2b). */
  freezeOnInstability?: boolean;
}

const freeze = { freezeOnInstability: { type: 'boolean' } } as const;

function variant(kind: string, properties: Record<string, object>) {
  return {
    type: 'object',
    required: ['kind', ...Object.keys(properties)],
    properties: { kind: { const: kind }, ...properties, ...freeze },
    additionalProperties: false,
  };
}

/** JSON Schema of {@link ScheduleConfig} (with {@link ScheduleOptions}), one branch per kind. */
export const scheduleSchema = {
  type: 'object',
  required: ['kind'],
  discriminator: { propertyName: 'kind' },
  oneOf: [
    variant('constant', {}),
    variant('linear-warmup', {
      warmupSteps: { type: 'integer', minimum: 1 },
      initialFraction: { type: 'number', minimum: 0, maximum: 1 },
    }),
    variant('step-warmup', {
      firstSteps: { type: 'integer', minimum: 0 },
      firstFraction: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    }),
    variant('delayed-warmup', {
      delaySteps: { type: 'integer', minimum: 0 },
      delayFraction: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
      warmupSteps: { type: 'integer', minimum: 1 },
    }),
  ],
} as const;

/**
 * Provenance of the schedule fields that only some schedule kinds use; every experiment
 * spreads this into its parameter notes (its own entries for the linear warmup come after).
 */
export const scheduleVariantParameters = {
  'schedule.freezeOnInstability': {
    tag: 'paper',
    source: 'Fig. 2b: warmup frozen at the first step where sharpness exceeds the MSS',
  },
  'schedule.firstSteps': { tag: 'reconstructed', source: 'Fig. 2a step warmup; T₁ not recovered' },
  'schedule.firstFraction': {
    tag: 'reconstructed',
    source: 'Fig. 2a step warmup; η₁ not recovered',
  },
  'schedule.delaySteps': {
    tag: 'reconstructed',
    source: 'Fig. 10 delayed warmup; delay not recovered',
  },
  'schedule.delayFraction': {
    tag: 'reconstructed',
    source: 'Fig. 10 delayed warmup; the rate before warmup is not recovered',
  },
} as const;

/** Builds the schedule that `config` describes for the final rate `learningRate`. */
export function buildSchedule(config: ScheduleConfig, learningRate: number): Schedule {
  switch (config.kind) {
    case 'constant':
      return constantSchedule(learningRate);
    case 'linear-warmup':
      return linearWarmup(config.initialFraction * learningRate, learningRate, config.warmupSteps);
    case 'step-warmup':
      return stepWarmup(config.firstFraction * learningRate, config.firstSteps, learningRate);
    case 'delayed-warmup':
      return delayedWarmup(
        config.delayFraction * learningRate,
        config.delaySteps,
        learningRate,
        config.warmupSteps,
      );
  }
}
