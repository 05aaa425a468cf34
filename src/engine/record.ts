import { type EventDefinition, findEvents, type RunEvents } from './events.ts';
import type { Outcome, TrainResult } from './train.ts';

/**
 * What every training run stores, in plain JSON: per-step loss and learning rate, the
 * sharpness samples with their MSS, named coordinates, the detected events and a
 * summary of the end state.
 */
export interface TrainingRecord {
  outcome: Outcome;
  stepsDone: number;
  loss: number[];
  learningRate: number[];
  sharpness: {
    step: number[];
    value: number[];
    mss: number[];
    residual: number[];
    iterations: number[];
  };
  coordinates: Record<string, number[]>;
  events: RunEvents;
  final: {
    loss: number;
    /** The last sharpness sample (at w_T when the run completed), or null without samples. */
    sharpness: number | null;
    mss: number | null;
    sharpnessOverMss: number | null;
  };
  freezeStep: number | null;
}

/**
 * Turns a training result into its record: typed arrays become plain arrays, events are
 * detected with `definition`, and recorded coordinate indices get the given names.
 */
export function trainingRecord(
  result: TrainResult,
  definition: EventDefinition,
  coordinateNames: Record<number, string> = {},
): TrainingRecord {
  const samples = result.sharpness;
  const last = samples.value.length - 1;
  const sharpness = last >= 0 ? samples.value[last]! : null;
  const mss = last >= 0 ? samples.mss[last]! : null;
  return {
    outcome: result.outcome,
    stepsDone: result.stepsDone,
    loss: Array.from(result.loss),
    learningRate: Array.from(result.learningRate),
    sharpness: samples,
    coordinates: Object.fromEntries(
      Object.entries(result.coordinates).map(([index, values]) => [
        coordinateNames[Number(index)] ?? `w${index}`,
        Array.from(values),
      ]),
    ),
    events: findEvents(result.loss, samples, definition),
    final: {
      loss: result.loss[result.loss.length - 1]!,
      sharpness,
      mss,
      sharpnessOverMss: sharpness !== null && mss !== null ? sharpness / mss : null,
    },
    freezeStep: result.freezeStep ?? null,
  };
}
