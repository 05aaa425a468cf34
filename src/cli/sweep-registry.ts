/**
 * The experiment registry as the sweep hands it to the worker pool (src/engine/pool.ts):
 * the same experiments without defaults, so that a cell's overrides are its whole, already
 * validated configuration. (Merged into the defaults instead, a cell that switches a
 * schedule to another kind would keep the old kind's fields.) Names, schemas and run
 * functions are unchanged, so run keys and the run cache are shared with every other run.
 */
import type { Experiment } from '../engine/run.ts';
import { experiments as registered } from '../experiments/index.ts';

// biome-ignore lint/suspicious/noExplicitAny: experiments differ in configuration and result types
export const experiments: Record<string, Experiment<any, any>> = Object.fromEntries(
  Object.entries(registered).map(([name, experiment]) => [
    name,
    { ...experiment, defaults: undefined },
  ]),
);
