import type { Experiment } from '../engine/run.ts';
import { cnnExperiment } from './cnn.ts';
import { ldnExperiment } from './ldn.ts';
import { ldnSweepExperiment } from './ldn-sweep.ts';
import { mlpExperiment } from './mlp.ts';
import { theoryOdeExperiment } from './theory-ode.ts';
import { toyExperiment } from './toy.ts';

/**
 * Every experiment by name: the one list the CLI, the benchmarks and the report read.
 * Add a new experiment here with one line.
 */
// biome-ignore lint/suspicious/noExplicitAny: experiments differ in configuration and result types
export const experiments: Record<string, Experiment<any, any>> = {
  toy: toyExperiment,
  ldn: ldnExperiment,
  'ldn-sweep': ldnSweepExperiment,
  'theory-ode': theoryOdeExperiment,
  mlp: mlpExperiment,
  cnn: cnnExperiment,
};
